/**
 * Start-up failures of `serve` and `worker` against Slack: an unreachable Web API, a bot token
 * Slack refuses or of the wrong kind, an app-level token refused by `apps.connections.open`.
 * Each stops the process with one message naming the setting to fix (never a token), before any
 * job runs, and the command line prints it without a stack and exits 1 (2 for configuration).
 */
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { main } from '../../src/cli/main';
import { runServe } from '../../src/cli/commands/serve';
import { runWorker } from '../../src/cli/commands/worker';
import { AppError, isAppError } from '../../src/errors';
import { createLogger } from '../../src/logging/logger';
import { startFakeSocketMode, type FakeSocketMode } from '../fakes/slack/socket-mode';
import { startFakeSlackWebApi, type FakeSlackWebApi } from '../fakes/slack/web-api';

const BOT_TOKEN = 'xoxb-startup-test-secret';
const APP_TOKEN = 'xapp-1-A0BOT-1-startup-test-secret';

let slack: FakeSlackWebApi;
let socket: FakeSocketMode;
let closedApiUrl: string;
beforeAll(async () => {
  slack = await startFakeSlackWebApi();
  socket = await startFakeSocketMode(slack);
  closedApiUrl = `http://127.0.0.1:${await closedPort()}/api/`;
});
afterAll(async () => {
  await socket.close();
  await slack.close();
});

/** A loopback port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function capturedLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

const serveEnv = (extra: Record<string, string> = {}) => ({
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_SIGNING_SECRET: 'f'.repeat(32),
  SLACK_API_URL: slack.apiUrl,
  ENCRYPTION_KEY: 'a'.repeat(64),
  PORT: '0',
  ...extra,
});

const never = () => new Promise<string>(() => undefined);
const FAST_RUNNER = {
  processEveryMs: 100,
  lockLifetimeMs: 1000,
  sweep: { everyMs: 500, lockLifetimeMs: 1000 },
};

/** Runs `serve` expecting it to refuse; the error and what was logged. */
async function serveFailure(env: Record<string, string>) {
  const { lines, logger } = capturedLogger();
  const error = await runServe({ env, logger, stopRequested: never, runner: FAST_RUNNER }).then(
    () => {
      throw new Error('serve started');
    },
    (e: unknown) => e,
  );
  return { error: error as AppError, log: lines.join('') };
}

/** Everything a person sees of an error: message and remedies. */
const shown = (error: AppError) => [error.message, ...error.remedies].join('\n');

describe('serve refuses to start, with one clear message', () => {
  it('names SLACK_API_URL and its host when the Slack Web API is unreachable', async () => {
    const { error, log } = await serveFailure(serveEnv({ SLACK_API_URL: closedApiUrl }));
    expect(isAppError(error, 'unreachable')).toBe(true);
    const host = new URL(closedApiUrl).host;
    // The reason (connection refused) is unit-tested: under Jest the fetch error loses its cause.
    expect(error.message).toMatch(new RegExp(`^Could not reach the Slack Web API at ${host}: `));
    expect(error.remedies.join(' ')).toContain('SLACK_API_URL');
    expect(shown(error)).not.toContain(BOT_TOKEN);
    expect(log).not.toContain('job processing started');
  });

  it.each(['invalid_auth', 'not_authed', 'token_revoked'])(
    'says the bot token is wrong or revoked when auth.test answers %s',
    async (answer) => {
      slack.fail('auth.test', answer);
      const { error, log } = await serveFailure(serveEnv());
      expect(isAppError(error, 'auth_failed')).toBe(true);
      expect(error.message).toBe(
        `Slack refused SLACK_BOT_TOKEN (${answer}): the bot token is wrong or has been revoked.`,
      );
      expect(error.remedies[0]).toContain('Reinstall the app');
      expect(error.remedies[0]).toContain('Bot User OAuth Token');
      expect(shown(error)).not.toContain(BOT_TOKEN);
      expect(log).not.toContain('job processing started');
    },
  );

  it('calls a token of the wrong kind a configuration problem', async () => {
    slack.fail('auth.test', 'not_allowed_token_type');
    const { error } = await serveFailure(serveEnv());
    expect(isAppError(error, 'config_invalid')).toBe(true);
    expect(error.message).toContain('SLACK_BOT_TOKEN is not the kind of token');
    expect(error.remedies[0]).toContain('Bot User OAuth Token (xoxb-…)');
  });

  it('says SLACK_API_URL is not the Web API when it answers HTTP 404', async () => {
    const { error } = await serveFailure(serveEnv({ SLACK_API_URL: `${slack.baseUrl}/wrong/` }));
    expect(isAppError(error, 'bad_response')).toBe(true);
    expect(error.message).toContain('answered HTTP 404');
    expect(error.remedies[0]).toContain('SLACK_API_URL');
  });
});

describe('serve over Socket Mode refuses to start when the app-level token is refused', () => {
  it.each([
    ['invalid_auth', 'auth_failed', 'Slack refused SLACK_APP_TOKEN (invalid_auth)'],
    ['not_allowed_token_type', 'config_invalid', 'SLACK_APP_TOKEN is not an app-level token'],
    ['missing_scope', 'permission_denied', 'SLACK_APP_TOKEN lacks a scope'],
  ])('apps.connections.open answering %s', async (answer, code, message) => {
    slack.fail('apps.connections.open', answer);
    const before = socket.connections();
    const { error, log } = await serveFailure(serveEnv({ SLACK_APP_TOKEN: APP_TOKEN }));
    expect(isAppError(error, code as AppError['code'])).toBe(true);
    expect(error.message).toContain(message);
    expect(shown(error)).not.toContain(APP_TOKEN);
    expect(socket.connections()).toBe(before);
    expect(log).not.toContain('job processing started');
  });
});

describe('worker with SLACK_BOT_TOKEN checks the token before taking jobs', () => {
  const workerEnv = (extra: Record<string, string> = {}) => ({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    ENCRYPTION_KEY: 'a'.repeat(64),
    ...extra,
  });

  it('refuses a revoked token with the same message as serve', async () => {
    slack.fail('auth.test', 'token_revoked');
    const { lines, logger } = capturedLogger();
    const error = (await runWorker({ env: workerEnv(), logger, stopRequested: never }).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(isAppError(error, 'auth_failed')).toBe(true);
    expect(error.message).toContain('Slack refused SLACK_BOT_TOKEN (token_revoked)');
    expect(error.remedies[0]).toContain('Bot User OAuth Token');
    // Refused before the store was opened or any job taken.
    expect(lines.join('')).not.toContain('MONGODB_URI');
  });

  it('refuses to start when the Slack Web API is unreachable', async () => {
    const error = (await runWorker({
      env: workerEnv({ SLACK_API_URL: closedApiUrl }),
      logger: capturedLogger().logger,
      stopRequested: never,
    }).catch((e: unknown) => e)) as AppError;
    expect(isAppError(error, 'unreachable')).toBe(true);
    expect(error.message).toContain(new URL(closedApiUrl).host);
  });

  it('starts when Slack accepts the token', async () => {
    const calls = slack.callsTo('auth.test').length;
    const { logger } = capturedLogger();
    const code = await runWorker({
      env: workerEnv(),
      logger,
      stopRequested: async () => 'SIGTERM',
      runner: FAST_RUNNER,
    });
    expect(code).toBe(0);
    expect(slack.callsTo('auth.test')).toHaveLength(calls + 1);
  });
});

describe('the command line prints a start-up failure without a stack', () => {
  const saved = { ...process.env };
  let printed: string[];
  beforeEach(() => {
    printed = [];
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      printed.push(args.map(String).join(' '));
    });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    process.env = { ...saved };
    process.exitCode = undefined;
  });

  it('exits 1 with the message and its remedies when the bot token is refused', async () => {
    slack.fail('auth.test', 'invalid_auth');
    process.env = { ...saved, ...serveEnv(), LOG_LEVEL: 'silent' };
    await main(['node', 'datasource-bot', 'serve']);
    expect(process.exitCode).toBe(1);
    const output = printed.join('\n');
    expect(printed[0]).toBe(
      'error: Slack refused SLACK_BOT_TOKEN (invalid_auth): the bot token is wrong or has been ' +
        'revoked.',
    );
    expect(output).toContain('  - Reinstall the app');
    expect(output).not.toContain('unexpected failure');
    expect(output).not.toMatch(/\n\s+at /);
    expect(output).not.toContain(BOT_TOKEN);
  });

  it('exits 2 for a token of the wrong kind', async () => {
    slack.fail('auth.test', 'not_allowed_token_type');
    process.env = { ...saved, ...serveEnv(), LOG_LEVEL: 'silent' };
    await main(['node', 'datasource-bot', 'serve']);
    expect(process.exitCode).toBe(2);
  });
});
