/**
 * The Bolt app over HTTP: signed requests only, the exact content type Slack sends, the slash
 * command's help and usage answers, and `GET /healthz`.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SLACK_FIXTURES } from '../fakes/slack/driver';
import {
  SIGNING_SECRET,
  startSlackHarness,
  unusedRepos,
  type SlackHarness,
} from './support/harness';

const jobs = {
  requestRun: () => Promise.reject(new Error('not expected')),
  applySchedule: () => Promise.reject(new Error('not expected')),
  cancelSchedule: () => Promise.reject(new Error('not expected')),
};
const search = { search: () => Promise.reject(new Error('not expected')) };

let h: SlackHarness;
let healthy = true;

beforeAll(async () => {
  h = await startSlackHarness({
    repos: unusedRepos(),
    jobs,
    search,
    health: async () => ({
      ok: healthy,
      checks: { database: { ok: healthy }, jobs: { ok: true } },
    }),
  });
});
afterAll(() => h.close());

const alice = { userId: 'UALICE' };
type Blocks = Array<{ text?: { text: string } }>;
const textOf = (body: unknown) =>
  ((body as { blocks: Blocks }).blocks ?? []).map((b) => b.text?.text ?? '').join('\n');

describe('/datasource help and usage', () => {
  it.each(['', 'help'])('answers %j with what the command can do, ephemerally', async (text) => {
    const answer = await h.driver.command(text, alice);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ response_type: 'ephemeral' });
    const shown = textOf(answer.body);
    for (const sub of [
      'create',
      'list',
      'integration add',
      'integrations',
      'reindex NAME',
      'edit NAME',
      'delete NAME',
      'search QUERY',
    ]) {
      expect(shown).toContain(`/datasource ${sub}`);
    }
  });

  it('answers an unknown subcommand with a short usage list', async () => {
    const answer = await h.driver.command('frobnicate', alice);
    expect(answer.body).toMatchObject({ response_type: 'ephemeral' });
    expect(textOf(answer.body)).toContain("I don't know the subcommand `frobnicate`");
  });

  it.each([
    ['reindex', 'A data source name is missing', '/datasource reindex NAME'],
    ['search', 'The search words are missing', '/datasource search QUERY'],
    ['list all', '`list` takes no arguments', '/datasource list'],
    ['integration remove', 'Use `integration add`', '/datasource integration add'],
  ])('answers bad arguments %j with the right usage', async (text, problem, usage) => {
    const answer = await h.driver.command(text, alice);
    const shown = textOf(answer.body);
    expect(shown).toContain(problem);
    expect(shown).toContain(usage);
    expect(shown).not.toContain('/datasource create');
  });

  it('answers the real slash-command body Slack sends (fixture) with help', async () => {
    const raw = readFileSync(
      path.join(
        SLACK_FIXTURES,
        'microsoft__botbuilder-dotnet/tests/Adapters/Microsoft.Bot.Builder.Adapters.Slack.Tests/Files/SlashCommandBody.txt',
      ),
      'utf8',
    ).trim();
    // The fixture's command is /test; the app listens for /datasource.
    const body = raw.replace('command=%2Ftest', 'command=%2Fdatasource');
    const answer = await h.driver.raw(body, {
      'content-type': 'application/x-www-form-urlencoded',
      ...h.driver.sign(body),
    });
    expect(answer.status).toBe(200);
    expect(textOf(answer.body)).toContain('/datasource create');
  });
});

describe('request verification', () => {
  const body =
    'command=%2Fdatasource&text=help&user_id=U1&team_id=T1&channel_id=C1&trigger_id=1.2.3&response_url=http%3A%2F%2F127.0.0.1%2Fr';

  it('refuses a request with a wrong signature (401)', async () => {
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      ...h.driver.sign(`${body}x`),
    };
    expect((await h.driver.raw(body, headers)).status).toBe(401);
  });

  it('refuses a request signed more than five minutes ago (401)', async () => {
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      ...h.driver.sign(body, old),
    };
    expect((await h.driver.raw(body, headers)).status).toBe(401);
  });

  // Bolt checks only the past; a signed request must be within five minutes either way.
  it.each([
    ['ten minutes ahead', 600, 401],
    ['ten minutes behind', -600, 401],
    ['five and a half minutes ahead', 5 * 60 + 30, 401],
    ['a minute ahead (clock drift)', 60, 200],
    ['now', 0, 200],
  ])('answers a request signed %s (%i s) with %i', async (_when, offsetSeconds, status) => {
    const timestamp = Math.floor(Date.now() / 1000) + offsetSeconds;
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      ...h.driver.sign(body, timestamp),
    };
    expect((await h.driver.raw(body, headers)).status).toBe(status);
  });

  it.each(['Infinity', '1e12', 'soon'])(
    'refuses a timestamp header %j that is not a time within five minutes (401)',
    async (value) => {
      const headers = {
        'content-type': 'application/x-www-form-urlencoded',
        ...h.driver.sign(body),
        'x-slack-request-timestamp': value,
      };
      // Signed over the header's own text, as a forger holding the secret could.
      const signed = { ...headers, ...signWithTimestampText(body, value) };
      expect((await h.driver.raw(body, signed)).status).toBe(401);
    },
  );

  it('refuses an unsigned request (401)', async () => {
    expect(
      (await h.driver.raw(body, { 'content-type': 'application/x-www-form-urlencoded' })).status,
    ).toBe(401);
  });
});

/** A `v0` signature over a timestamp header given as text (the driver signs numbers only). */
function signWithTimestampText(body: string, timestamp: string) {
  const digest = createHmac('sha256', SIGNING_SECRET)
    .update(`v0:${timestamp}:${body}`)
    .digest('hex');
  return { 'x-slack-request-timestamp': timestamp, 'x-slack-signature': `v0=${digest}` };
}

describe('GET /healthz', () => {
  it('answers 200 with the checks when the database and job runner are fine', async () => {
    healthy = true;
    const response = await fetch(`${h.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ok: true,
      checks: { database: { ok: true }, jobs: { ok: true } },
    });
  });

  it('answers 503 when a check fails', async () => {
    healthy = false;
    const response = await fetch(`${h.baseUrl}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ ok: false, checks: { database: { ok: false } } });
  });
});

describe('modals when Slack refuses the trigger', () => {
  it('says to run the command again when views.open answers expired_trigger_id', async () => {
    h.slack.fail('views.open', 'expired_trigger_id');
    const answer = await h.driver.command('create', alice);
    expect(answer.status).toBe(200);
    const reply = await h.slack.waitFor(
      () => h.slack.responses.find((r) => answer.responseUrl.endsWith(r.id)),
      'the ephemeral reply',
    );
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    expect(String(reply.body.text)).toContain('run the command again');
  });
});
