/**
 * `datasource-bot serve` (npm start): refuses to start with one message naming every
 * configuration problem; otherwise serves Slack over HTTP with `/healthz`, warns when it runs on
 * the in-process development store, and stops cleanly when asked.
 */
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logging/logger';
import { isAppError } from '../../src/errors';
import { runServe } from '../../src/cli/commands/serve';
import { createSlackDriver } from '../fakes/slack/driver';
import { startFakeSlackWebApi, type FakeSlackWebApi } from '../fakes/slack/web-api';

const SIGNING_SECRET = 'b'.repeat(32);

let slack: FakeSlackWebApi;
beforeAll(async () => {
  slack = await startFakeSlackWebApi();
});
afterAll(() => slack.close());

function capturedLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  // As `serve` makes its own logger: every line under the `serve` component.
  return {
    lines,
    logger: createLogger({ level: 'info', destination, base: { component: 'serve' } }),
  };
}

describe('serve', () => {
  it('refuses to start with one message naming every missing setting', async () => {
    const error = await runServe({
      env: {},
      stopRequested: () => new Promise(() => undefined),
    }).catch((e: unknown) => e);
    expect(isAppError(error, 'config_invalid')).toBe(true);
    const message = (error as Error).message;
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'ENCRYPTION_KEY']) {
      expect(message).toContain(name);
    }
  });

  it('names malformed settings too, never their values', async () => {
    const env = {
      SLACK_BOT_TOKEN: 'not-a-token-secret',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      ENCRYPTION_KEY: 'short',
      PORT: 'eighty',
    };
    const error = (await runServe({ env, stopRequested: () => new Promise(() => undefined) }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error.message).toContain('SLACK_BOT_TOKEN must be a bot token');
    expect(error.message).toContain('ENCRYPTION_KEY must be 32 bytes');
    expect(error.message).toContain('PORT must be a whole number');
    expect(error.message).not.toContain('not-a-token-secret');
  });

  it('serves Slack over HTTP with /healthz on the development store, and stops cleanly', async () => {
    const { lines, logger } = capturedLogger();
    let stop!: (signal: string) => void;
    let listening!: (port: number) => void;
    const port = new Promise<number>((resolve) => (listening = resolve));
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-serve-test',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      ENCRYPTION_KEY: 'c'.repeat(64),
      PORT: '0',
    };
    const served = runServe({
      env,
      logger,
      stopRequested: () => new Promise((resolve) => (stop = resolve)),
      onListening: listening,
      runner: {
        processEveryMs: 100,
        lockLifetimeMs: 1000,
        sweep: { everyMs: 500, lockLifetimeMs: 1000 },
      },
    });
    const base = `http://127.0.0.1:${await port}`;

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      ok: true,
      checks: { database: { ok: true }, jobs: { ok: true } },
    });

    const driver = createSlackDriver({
      eventsUrl: `${base}/slack/events`,
      signingSecret: SIGNING_SECRET,
      slack,
    });
    const help = await driver.command('help', { userId: 'UALICE' });
    expect(JSON.stringify(help.body)).toContain('/datasource create');
    expect(slack.callsTo('auth.test')).toHaveLength(1);

    stop('SIGTERM');
    await expect(served).resolves.toBe(0);
    const log = lines.join('');
    expect(log).toContain('Without MONGODB_URI the data lives in this process only');
    expect(log).toContain('Datasource Bot is running');
    expect(log).toContain('Datasource Bot stopped');
    expect(log).not.toContain('xoxb-serve-test');
    // One component per line, however deep the logger that wrote it (raw text: JSON.parse
    // would keep only the last of repeated keys).
    for (const line of lines) expect(line.split('"component"')).toHaveLength(2);
    expect(log).toContain('"component":"serve.jobs"');
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});
