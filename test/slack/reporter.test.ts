/**
 * The run reporter against the fake Web API with the real background WebClient: progress edits
 * throttled per message, rate limits (skipped progress, retried summary), thread replies per
 * failure kind with working buttons' values, App Home refreshed.
 */
import { WebClient } from '@slack/web-api';
import { silentLogger } from '../../src/logging/logger';
import type { Repositories } from '../../src/slack/deps';
import { createHomePublisher } from '../../src/slack/home/publisher';
import { createSlackReporter, type SlackReporter } from '../../src/slack/reporter';
import { findElement } from '../fakes/slack/driver';
import { startFakeSlackWebApi, type FakeSlackWebApi } from '../fakes/slack/web-api';
import { counts, makeDataSource, makeIntegration, makeProject, makeRun } from './support/factories';

let slack: FakeSlackWebApi;
let reporter: SlackReporter;
let clock: number;
const sleeps: number[] = [];

const project = makeProject();
const integration = makeIntegration({ id: 'i1' });
// Only what the reporter and App Home read.
const repos = {
  projects: { get: async () => project, list: async () => [project] },
  integrations: { get: async () => integration },
  dataSources: { list: async () => [] },
  runs: { latest: async () => null },
} as unknown as Repositories;

beforeEach(async () => {
  slack = await startFakeSlackWebApi();
  const client = new WebClient('xoxb-test', {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  clock = Date.parse('2024-06-01T12:00:00Z');
  const now = () => new Date(clock);
  const admins = { isAdmin: async () => false };
  const homes = createHomePublisher({
    client,
    repos,
    admins,
    logger: silentLogger(),
    now,
    intervalMs: 3000,
  });
  reporter = createSlackReporter({
    client,
    repos,
    homes,
    logger: silentLogger(),
    now,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    progressIntervalMs: 3000,
  });
  sleeps.length = 0;
});
afterEach(async () => {
  await reporter.idle();
  await slack.close();
});

async function postParent() {
  const posted = await new WebClient('xoxb-test', { slackApiUrl: slack.apiUrl }).chat.postMessage({
    channel: 'C0GENERAL',
    text: 'Runbooks',
  });
  return makeDataSource({ notify: { channelId: 'C0GENERAL', messageTs: posted.ts! } });
}

const progressTextOf = (blocks: unknown[]) =>
  JSON.stringify((blocks as Array<{ block_id?: string }>).find((b) => b.block_id === 'progress'));

describe('Slack run reporter', () => {
  it('edits the message in place at most once per interval, then ends with the summary', async () => {
    const ds = await postParent();
    const running = (processed: number) => makeRun({ counts: counts({ found: 10, processed }) });

    await reporter.runStarted(ds, running(0));
    await reporter.idle();
    clock += 1000;
    await reporter.runProgress(ds, running(2)); // within 3 s of the last edit: skipped
    clock += 2500;
    await reporter.runProgress(ds, running(5)); // 3.5 s after: shown
    await reporter.idle();

    const message = slack.messagesIn('C0GENERAL')[0];
    const edits = slack.callsTo('chat.update');
    expect(edits).toHaveLength(2);
    expect(progressTextOf(message.blocks)).toContain('processed 5 (50%)');
    expect(progressTextOf(message.blocks)).toContain('found 10');
    expect(progressTextOf(message.blocks)).toContain('elapsed');

    const done = makeRun({
      status: 'completed',
      counts: counts({ found: 10, processed: 10, indexed: 10 }),
      finishedAt: new Date(clock),
    });
    await reporter.runFinished(ds, done);
    await reporter.idle();
    expect(progressTextOf(message.blocks)).toContain('10 pages indexed');
    const thread = slack.threadOf('C0GENERAL', ds.notify!.messageTs);
    expect(thread).toHaveLength(1);
    expect(thread[0].text).toContain('10 pages indexed');
  });

  it('skips a rate-limited progress edit but retries the final summary until it lands', async () => {
    const ds = await postParent();
    slack.fail('chat.update', 'ratelimited', { retryAfter: 30 });
    await reporter.runProgress(ds, makeRun({ counts: counts({ found: 4, processed: 1 }) }));
    await reporter.idle();
    expect(sleeps).toEqual([]); // progress is not retried

    slack.fail('chat.update', 'ratelimited', { retryAfter: 2, times: 2 });
    slack.fail('chat.postMessage', 'ratelimited', { retryAfter: 1 });
    clock += 60_000;
    await reporter.runFinished(
      ds,
      makeRun({ status: 'completed', counts: counts({ found: 4, processed: 4, indexed: 4 }) }),
    );
    await reporter.idle();

    expect(sleeps).toEqual([2000, 2000, 1000]);
    const message = slack.messagesIn('C0GENERAL')[0];
    expect(progressTextOf(message.blocks)).toContain('4 pages indexed');
    expect(slack.threadOf('C0GENERAL', ds.notify!.messageTs)[0].text).toContain('4 pages indexed');
  });

  it.each([
    ['invalid_cql', 'The query is not valid any more', ['run_edit_query', 'run_retry']],
    [
      'auth_failed',
      'Confluence refused the token (expired or revoked)',
      ['run_update_integration', 'run_retry'],
    ],
    ['timeout', 'Confluence did not answer in time', ['run_retry', 'run_edit_query']],
    [
      'permission_denied',
      'Permission denied',
      ['run_update_integration', 'run_edit_query', 'run_retry'],
    ],
    ['unreachable', 'Confluence could not be reached', ['run_update_integration', 'run_retry']],
    ['server_error', 'Confluence returned errors', ['run_retry']],
  ] as const)(
    'replies in the thread when a run fails with %s, with buttons that act',
    async (code, title, buttons) => {
      const ds = await postParent();
      const run = makeRun({
        status: 'failed',
        error: { code, message: 'Confluence said no.', remedies: ['Do the thing.'] },
      });
      await reporter.runFinished(ds, run);
      await reporter.idle();

      const [reply] = slack.threadOf('C0GENERAL', ds.notify!.messageTs);
      const shown = JSON.stringify(reply.blocks);
      expect(shown).toContain(title);
      expect(shown).toContain('Confluence said no.');
      expect(shown).toContain('Do the thing.');
      for (const action of buttons) {
        const element = findElement({ blocks: reply.blocks }, action)!.element;
        expect(element.value).toBe(action === 'run_update_integration' ? 'i1' : 'ds1');
      }
      expect(progressTextOf(slack.messagesIn('C0GENERAL')[0].blocks)).toContain('Last run failed');
    },
  );

  it('lists a few failed pages with links, says how many more, and offers View failures', async () => {
    const ds = await postParent();
    const failures = Array.from({ length: 8 }, (_, i) => ({
      pageId: `${i}`,
      title: `Page ${i}`,
      url: `https://wiki.example.com/pages/${i}`,
      reason: 'unbalanced macro',
    }));
    await reporter.runFinished(
      ds,
      makeRun({
        status: 'completed_with_failures',
        failures,
        counts: counts({ found: 20, processed: 20, indexed: 12, failed: 8 }),
      }),
    );
    await reporter.idle();

    const thread = slack.threadOf('C0GENERAL', ds.notify!.messageTs);
    expect(thread).toHaveLength(2);
    const listing = JSON.stringify(thread[1].blocks);
    expect(listing).toContain('<https://wiki.example.com/pages/0|Page 0>');
    expect(listing).toContain('<https://wiki.example.com/pages/4|Page 4>');
    expect(listing).not.toContain('Page 5');
    expect(listing).toContain('and 3 more pages');
    expect(findElement({ blocks: thread[1].blocks }, 'ds_failures')).toBeDefined();
    expect(findElement({ blocks: thread[1].blocks }, 'run_retry')).toBeDefined();
  });

  it('reports nothing in Slack for data sources without a message (made by the command line)', async () => {
    const ds = makeDataSource({ notify: null });
    await reporter.runFinished(ds, makeRun({ status: 'completed' }));
    await reporter.idle();
    expect(slack.callsTo('chat.update')).toHaveLength(0);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('refreshes the App Home of the creator as runs progress, throttled', async () => {
    const ds = await postParent();
    await reporter.runStarted(ds, makeRun());
    await reporter.runProgress(ds, makeRun());
    await reporter.idle();
    const publishes = slack.callsTo('views.publish');
    expect(publishes.length).toBeGreaterThanOrEqual(1);
    expect(publishes.every((c) => c.args.user_id === 'UALICE')).toBe(true);
    // Two reports within the interval: one immediate publish and one trailing one at most.
    expect(publishes.length).toBeLessThanOrEqual(2);
  });
});
