/**
 * `datasource-bot serve` over Socket Mode (`SLACK_APP_TOKEN` set): it asks the Web API for the
 * socket's address with the app-level token, connects, acks a `/datasource help` envelope with
 * the help as the ack's payload, keeps `GET /healthz` on `PORT`, and on a stop request closes
 * the socket before it exits.
 */
import { Writable } from 'node:stream';
import { runServe } from '../../src/cli/commands/serve';
import { createLogger } from '../../src/logging/logger';
import { startFakeSocketMode, type FakeSocketMode } from '../fakes/slack/socket-mode';
import { startFakeSlackWebApi, type FakeSlackWebApi } from '../fakes/slack/web-api';

const APP_TOKEN = 'xapp-1-A0BOT-1-socket-test';

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

describe('serve over Socket Mode', () => {
  it('connects with the app token, acks and answers /datasource help, and serves /healthz', async () => {
    const { lines, logger } = capturedLogger();
    let stop!: (signal: string) => void;
    let listening!: (port: number) => void;
    const port = new Promise<number>((resolve) => (listening = resolve));
    const served = runServe({
      env: {
        SLACK_BOT_TOKEN: 'xoxb-socket-test',
        SLACK_SIGNING_SECRET: 'd'.repeat(32),
        SLACK_APP_TOKEN: APP_TOKEN,
        SLACK_API_URL: slack.apiUrl,
        ENCRYPTION_KEY: 'e'.repeat(64),
        PORT: '0',
      },
      logger,
      stopRequested: () => new Promise((resolve) => (stop = resolve)),
      onListening: listening,
      runner: {
        processEveryMs: 100,
        lockLifetimeMs: 1000,
        sweep: { everyMs: 500, lockLifetimeMs: 1000 },
      },
    });

    const healthPort = await port;
    await socket.connected();
    // The app-level token is checked first (its socket address unused), then the socket opened.
    const opened = expect.objectContaining({
      status: 200,
      response: expect.objectContaining({ ok: true }),
    });
    expect(slack.callsTo('apps.connections.open')).toEqual([opened, opened]);

    // The command comes over the socket; the answer goes back in the ack.
    const ack = await socket.command('help', { userId: 'UALICE' });
    expect(ack.envelope_id).toEqual(expect.any(String));
    expect(JSON.stringify(ack.payload)).toContain('/datasource create');
    const unknown = await socket.command('frobnicate', { userId: 'UALICE' });
    expect(JSON.stringify(unknown.payload)).toContain('frobnicate');

    const health = await fetch(`http://127.0.0.1:${healthPort}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      ok: true,
      checks: { database: { ok: true }, jobs: { ok: true } },
    });
    expect((await fetch(`http://127.0.0.1:${healthPort}/slack/events`)).status).toBe(404);

    stop('SIGTERM');
    await expect(served).resolves.toBe(0);
    await socket.disconnected();
    await expect(fetch(`http://127.0.0.1:${healthPort}/healthz`)).rejects.toThrow();
    expect(socket.connections()).toBe(1);
    const log = lines.join('');
    expect(log).toMatch(/"mode":"socket"/);
    expect(log).not.toContain(APP_TOKEN);
    expect(log).not.toContain('xoxb-socket-test');
  });

  it('refuses a bot token where the app-level token belongs', async () => {
    const answer = await fetch(`${slack.apiUrl}apps.connections.open`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-not-an-app-token' },
    });
    expect(await answer.json()).toEqual({ ok: false, error: 'not_allowed_token_type' });
  });
});
