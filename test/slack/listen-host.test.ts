/**
 * `HOST`: the address `serve` listens on, for the HTTP receiver and for `/healthz` in Socket
 * Mode. Bound to 127.0.0.1 it answers there and nowhere else (not on ::1); a HOST that is not an
 * address of this machine, or a port in use, stops it with one message naming the setting.
 */
import { createServer, type Server } from 'node:net';
import { Writable } from 'node:stream';
import { runServe } from '../../src/cli/commands/serve';
import { loadConfig } from '../../src/config';
import { isAppError, type AppError } from '../../src/errors';
import { createLogger } from '../../src/logging/logger';
import { startFakeSocketMode, type FakeSocketMode } from '../fakes/slack/socket-mode';
import { startFakeSlackWebApi, type FakeSlackWebApi } from '../fakes/slack/web-api';

let slack: FakeSlackWebApi;
let socket: FakeSocketMode;
beforeAll(async () => {
  slack = await startFakeSlackWebApi();
  socket = await startFakeSocketMode(slack);
});
afterAll(async () => {
  await socket.close();
  await slack.close();
});

const quietLogger = () =>
  createLogger({ level: 'warn', destination: new Writable({ write: (_c, _e, done) => done() }) });

const env = (extra: Record<string, string>) => ({
  SLACK_BOT_TOKEN: 'xoxb-host-test',
  SLACK_SIGNING_SECRET: 'c'.repeat(32),
  SLACK_API_URL: slack.apiUrl,
  ENCRYPTION_KEY: 'd'.repeat(64),
  PORT: '0',
  ...extra,
});
const FAST_RUNNER = {
  processEveryMs: 100,
  lockLifetimeMs: 1000,
  sweep: { everyMs: 500, lockLifetimeMs: 1000 },
};

/** Starts `serve`; resolves with the port once it listens, and a function that stops it. */
async function serve(extra: Record<string, string>) {
  let stop!: (signal: string) => void;
  let listening!: (port: number) => void;
  const port = new Promise<number>((resolve) => (listening = resolve));
  const served = runServe({
    env: env(extra),
    logger: quietLogger(),
    stopRequested: () => new Promise((resolve) => (stop = resolve)),
    onListening: listening,
    runner: FAST_RUNNER,
  });
  const failed = served.then(() => {
    throw new Error('serve stopped before listening');
  });
  return {
    port: await Promise.race([port, failed]),
    stop: async () => {
      stop('SIGTERM');
      await served;
    },
  };
}

const refusal = (e: unknown) => e;

describe('HOST in the configuration', () => {
  it('is optional: unset, serve listens on every interface', () => {
    expect(loadConfig({}).host).toBeUndefined();
  });

  it.each(['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost', 'bot-1.internal'])(
    'accepts %s',
    (host) => {
      expect(loadConfig({ HOST: host }).host).toBe(host);
    },
  );

  it.each(['http://127.0.0.1', '127.0.0.1:3000', 'two words', '-leading.example'])(
    'refuses %s, naming HOST',
    (host) => {
      const error = (() => {
        try {
          loadConfig({ HOST: host });
        } catch (e) {
          return e as AppError;
        }
        throw new Error('accepted');
      })();
      expect(isAppError(error, 'config_invalid')).toBe(true);
      expect(error.message).toContain('HOST must be an IP address of this machine');
    },
  );
});

describe('serve with HOST=127.0.0.1', () => {
  it('answers /healthz and Slack on 127.0.0.1 only, over HTTP', async () => {
    const served = await serve({ HOST: '127.0.0.1' });
    try {
      expect((await fetch(`http://127.0.0.1:${served.port}/healthz`)).status).toBe(200);
      await expect(fetch(`http://[::1]:${served.port}/healthz`)).rejects.toThrow();
    } finally {
      await served.stop();
    }
  });

  it('serves /healthz on 127.0.0.1 only in Socket Mode', async () => {
    const served = await serve({ HOST: '127.0.0.1', SLACK_APP_TOKEN: 'xapp-1-A0BOT-1-host' });
    try {
      await socket.connected();
      expect((await fetch(`http://127.0.0.1:${served.port}/healthz`)).status).toBe(200);
      await expect(fetch(`http://[::1]:${served.port}/healthz`)).rejects.toThrow();
    } finally {
      await served.stop();
      await socket.disconnected();
    }
  });
});

describe('serve refuses an address it cannot listen on', () => {
  it('names HOST when it is not an address of this machine (exit 2)', async () => {
    // 192.0.2.1 is reserved for documentation: never an address of a real machine.
    const error = (await serve({ HOST: '192.0.2.1' }).catch(refusal)) as AppError;
    expect(isAppError(error, 'config_invalid')).toBe(true);
    expect(error.message).toBe('HOST 192.0.2.1 is not an address of this machine.');
  });

  it('names PORT when another program listens there', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const error = (await serve({ HOST: '127.0.0.1', PORT: String(port) }).catch(
        refusal,
      )) as AppError;
      expect(isAppError(error, 'conflict')).toBe(true);
      expect(error.message).toBe(
        `Cannot listen on 127.0.0.1 port ${port}: another program already uses it.`,
      );
      expect(error.remedies[0]).toContain('PORT');
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});
