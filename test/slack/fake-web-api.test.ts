/**
 * The fake Slack Web API must answer like Slack, or the app tests prove nothing: these tests drive
 * it with the real WebClient and check the shapes, the failures on demand, and that it refuses
 * views and messages that break Block Kit limits the way Slack does.
 */
import { ErrorCode, WebClient } from '@slack/web-api';
import { startFakeSlackWebApi, type FakeSlackWebApi } from '../fakes/slack/web-api';
import { loadSlackFixture } from '../fakes/slack/driver';
import { boltLogger } from '../../src/slack/bolt-logger';
import { silentLogger } from '../../src/logging/logger';

let slack: FakeSlackWebApi;
let client: WebClient;

beforeAll(async () => {
  slack = await startFakeSlackWebApi();
  client = new WebClient('xoxb-test', {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    // The client logs every refusal the fake sends; these tests cause them on purpose.
    logger: boltLogger(silentLogger()),
  });
});
afterAll(() => slack.close());

const modal = (overrides: Record<string, unknown> = {}) => ({
  type: 'modal' as const,
  title: { type: 'plain_text' as const, text: 'Add data source' },
  close: { type: 'plain_text' as const, text: 'Cancel' },
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Hello' } }],
  ...overrides,
});

describe('fake Slack Web API', () => {
  it('opens a view once per trigger and answers with an id and hash like views.open', async () => {
    const trigger = slack.newTriggerId();
    const opened = await client.views.open({ trigger_id: trigger, view: modal() });
    const real = loadSlackFixture(
      'HubSpot__slack-client/slack-base/src/test/resources/open_view_response.json',
    );
    expect(Object.keys(opened)).toEqual(
      expect.arrayContaining(Object.keys(real).filter((k) => k !== 'response_metadata')),
    );
    expect(opened.view?.id).toMatch(/^V/);
    await expect(client.views.open({ trigger_id: trigger, view: modal() })).rejects.toMatchObject({
      data: { error: 'exchanged_trigger_id' },
    });
  });

  it('records calls with their JSON fields parsed', async () => {
    await client.chat.postMessage({
      channel: 'C1',
      text: 'hi',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*hi*' } }],
    });
    const call = slack.callsTo('chat.postMessage').pop()!;
    expect(call.args.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: '*hi*' } }]);
    expect(slack.messagesIn('C1').pop()?.text).toBe('hi');
  });

  it('answers ratelimited with HTTP 429 and Retry-After', async () => {
    slack.fail('chat.update', 'ratelimited', { retryAfter: 7 });
    const error = await client.chat
      .update({ channel: 'C1', ts: '1.1', text: 'x' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 7 });
    expect(slack.callsTo('chat.update').pop()?.status).toBe(429);
  });

  it.each(['not_in_channel', 'channel_not_found'])(
    'fails chat.postMessage with %s on demand',
    async (code) => {
      slack.fail('chat.postMessage', code, { when: (args) => args.channel === 'CPRIVATE' });
      await expect(
        client.chat.postMessage({ channel: 'COTHER', text: 'fine' }),
      ).resolves.toMatchObject({ ok: true });
      await expect(
        client.chat.postMessage({ channel: 'CPRIVATE', text: 'x' }),
      ).rejects.toMatchObject({
        data: { error: code },
      });
    },
  );

  it('fails views.open with expired_trigger_id on demand', async () => {
    slack.fail('views.open', 'expired_trigger_id');
    await expect(
      client.views.open({ trigger_id: slack.newTriggerId(), view: modal() }),
    ).rejects.toMatchObject({
      data: { error: 'expired_trigger_id' },
    });
  });

  it('refuses a views.update with a stale hash (hash_conflict)', async () => {
    const opened = await client.views.open({ trigger_id: slack.newTriggerId(), view: modal() });
    const id = opened.view!.id!;
    const hash = opened.view!.hash!;
    await client.views.update({ view_id: id, hash, view: modal() });
    await expect(client.views.update({ view_id: id, hash, view: modal() })).rejects.toMatchObject({
      data: { error: 'hash_conflict' },
    });
  });

  it('refuses a message to a thread that does not exist', async () => {
    await expect(
      client.chat.postMessage({ channel: 'C1', thread_ts: '9.9', text: 'x' }),
    ).rejects.toMatchObject({
      data: { error: 'thread_not_found' },
    });
  });

  describe('Block Kit limits', () => {
    const rejectsView = async (view: Record<string, unknown>, pointer: string) => {
      const error = await client.views
        .open({ trigger_id: slack.newTriggerId(), view: view as never })
        .catch(
          (e: unknown) =>
            e as { data: { error: string; response_metadata: { messages: string[] } } },
        );
      expect(error).toMatchObject({ data: { error: 'invalid_arguments' } });
      expect(
        (
          error as { data: { response_metadata: { messages: string[] } } }
        ).data.response_metadata.messages.join('\n'),
      ).toContain(pointer);
    };

    it('refuses a modal title over 24 characters', () =>
      rejectsView(modal({ title: { type: 'plain_text', text: 'x'.repeat(25) } }), '/title'));

    it('refuses more than 100 blocks in a view', () =>
      rejectsView(
        modal({ blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) }),
        '/blocks',
      ));

    it('refuses section text over 3000 characters', () =>
      rejectsView(
        modal({ blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }] }),
        '/blocks/0/text',
      ));

    it('refuses option text over 75 characters and more than 100 options', async () => {
      const select = (options: unknown[]) =>
        modal({
          submit: { type: 'plain_text', text: 'Save' },
          blocks: [
            {
              type: 'input',
              block_id: 'b',
              label: { type: 'plain_text', text: 'L' },
              element: { type: 'static_select', action_id: 'a', options },
            },
          ],
        });
      const option = (text: string, value: string) => ({
        text: { type: 'plain_text', text },
        value,
      });
      await rejectsView(select([option('x'.repeat(76), 'v')]), '/options/0/text');
      await rejectsView(
        select(Array.from({ length: 101 }, (_, i) => option(`o${i}`, `v${i}`))),
        '/options',
      );
    });

    it('refuses private_metadata over 3000 characters and input blocks without submit', async () => {
      await rejectsView(modal({ private_metadata: 'x'.repeat(3001) }), '/private_metadata');
      await rejectsView(
        modal({
          blocks: [
            {
              type: 'input',
              block_id: 'b',
              label: { type: 'plain_text', text: 'L' },
              element: { type: 'plain_text_input', action_id: 'a' },
            },
          ],
        }),
        '/submit',
      );
    });

    it('refuses duplicate block ids', () =>
      rejectsView(
        modal({
          blocks: [
            { type: 'divider', block_id: 'x' },
            { type: 'divider', block_id: 'x' },
          ],
        }),
        'duplicate block_id',
      ));

    it('refuses messages with more than 50 blocks (invalid_blocks) and long updates (msg_too_long)', async () => {
      const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
      await expect(
        client.chat.postMessage({ channel: 'C1', text: 'x', blocks }),
      ).rejects.toMatchObject({
        data: { error: 'invalid_blocks' },
      });
      const posted = await client.chat.postMessage({ channel: 'C1', text: 'x' });
      await expect(
        client.chat.update({ channel: 'C1', ts: posted.ts!, text: 'x'.repeat(4001) }),
      ).rejects.toMatchObject({
        data: { error: 'msg_too_long' },
      });
    });

    it('accepts a view and a message exactly at the limits', async () => {
      await expect(
        client.views.open({
          trigger_id: slack.newTriggerId(),
          view: modal({
            title: { type: 'plain_text', text: 'x'.repeat(24) },
            blocks: Array.from({ length: 100 }, () => ({
              type: 'section',
              text: { type: 'mrkdwn', text: 'y'.repeat(3000) },
            })),
          }),
        }),
      ).resolves.toMatchObject({ ok: true });
      const blocks = Array.from({ length: 50 }, () => ({ type: 'divider' }));
      await expect(
        client.chat.postMessage({ channel: 'C1', text: 'x', blocks }),
      ).resolves.toMatchObject({ ok: true });
    });
  });
});
