/**
 * Journey: a data source is created and indexed. One message in the conversation (or the DM when
 * the bot cannot post there) says who created it, the query and the integration, shows live
 * progress edited in place and ends with the summary; the run reports in its thread. A double
 * submit creates one data source, also when the two submissions reach two bot processes; names
 * are unique within a project.
 */
import { ObjectId } from 'mongodb';
import { createSlackApp, type SlackApp } from '../../../src/slack/app';
import { COLLECTIONS } from '../../../src/store/mongo/collections';
import { createSlackDriver, type SlackDriver } from '../../fakes/slack/driver';
import type { StoredMessage, StoredView } from '../../fakes/slack/web-api';
import { SIGNING_SECRET } from '../support/harness';
import { ALICE, useJourney } from '../support/journey';

const j = useJourney();
let integrationId: string;

beforeAll(async () => {
  integrationId = (await j.addIntegration('UALICE', { alias: 'Alice wiki' })).id;
});

type Json = Record<string, unknown>;
const blocksOf = (view: StoredView) => view.view.blocks as Json[];

function fill(view: StoredView, name: string, cql = 'space = DOCS', project = 'Platform') {
  const select = blocksOf(view).find((b) => b.block_id === 'ds_project');
  const options =
    ((select?.element as Json | undefined)?.options as Array<{
      text: { text: string };
      value: string;
    }>) ?? [];
  const existing = options.find((o) => o.text.text === project);
  return {
    ...(existing ? { ds_project: existing.value } : { ds_project_new: project }),
    ds_name: name,
    ds_cql: cql,
    ds_integration: integrationId,
  };
}

const progressOf = (message: StoredMessage) =>
  JSON.stringify((message.blocks as Json[]).find((b) => b.block_id === 'progress'));

describe('creating a data source', () => {
  it('announces it in the conversation, shows live progress, ends with the summary, reports in the thread', async () => {
    const view = await j.openModal('create', ALICE);
    const answer = await j.driver.submit(view, ALICE, fill(view, 'Docs space'));
    expect(answer.status).toBe(200);
    expect(answer.text).toBe(''); // closes the modal

    const message = await j.slack.waitFor(
      () => j.slack.messagesIn('C0GENERAL')[0],
      'the announcement',
    );
    const shown = JSON.stringify(message.history[0].blocks);
    expect(shown).toContain('<@UALICE> added the data source *Docs space*');
    expect(shown).toContain('space = DOCS');
    expect(shown).toContain('Alice wiki');

    // Live progress, edited in place, then the summary.
    await j.slack.waitFor(
      () => progressOf(message).includes('Up to date'),
      'the summary in the message',
    );
    const versions = message.history.map((h) => JSON.stringify(h.blocks));
    expect(versions.some((v) => /found \d+ · processed \d+ \(\d+%\) · elapsed/.test(v))).toBe(true);
    expect(progressOf(message)).toMatch(/\d+ pages? indexed/);
    expect(j.slack.messagesIn('C0GENERAL').filter((m) => !m.threadTs)).toHaveLength(1);

    const thread = await j.slack.waitFor(
      () => j.slack.threadOf('C0GENERAL', message.ts)[0],
      'the thread summary',
    );
    expect(thread.text).toMatch(/First indexing by <@UALICE> finished: \d+ pages? indexed/);

    const [ds] = await j.store.dataSources.findByName('T0001', 'Docs space');
    expect(ds.notify).toEqual({ channelId: 'C0GENERAL', messageTs: message.ts });
    expect(new Date(ds.nextRunAt!).getTime()).toBeGreaterThan(Date.now());
  });

  it('refuses a name already used in the same project, on the name field', async () => {
    const view = await j.openModal('create', ALICE);
    const answer = await j.driver.submit(view, ALICE, fill(view, 'DOCS SPACE'));
    expect(answer.body).toMatchObject({
      response_action: 'errors',
      errors: { ds_name: expect.stringContaining('already has') },
    });
  });

  it('allows the same name in another project', async () => {
    const view = await j.openModal('create', ALICE);
    const answer = await j.driver.submit(
      view,
      ALICE,
      fill(view, 'Docs space', 'space = DOCS', 'Other team'),
    );
    expect(answer.text).toBe('');
    expect(await j.store.dataSources.findByName('T0001', 'Docs space')).toHaveLength(2);
  });

  it('creates one data source when Submit is clicked twice', async () => {
    j.confluence.delay(200);
    const view = await j.openModal('create', ALICE);
    const values = fill(view, 'Twice');
    const answers = await Promise.all([
      j.driver.submit(view, ALICE, values),
      j.driver.submit(view, ALICE, values),
    ]);
    j.confluence.resetFaults();
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(await j.store.dataSources.findByName('T0001', 'Twice')).toHaveLength(1);
    await j.slack.waitFor(
      () => j.slack.messagesIn('C0GENERAL').find((m) => m.text.startsWith('Twice')),
      'the announcement',
    );
    expect(
      j.slack.messagesIn('C0GENERAL').filter((m) => !m.threadTs && m.text.startsWith('Twice')),
    ).toHaveLength(1);
  });

  describe('submitted to two bot processes sharing the store', () => {
    let second: SlackApp;
    let secondDriver: SlackDriver;
    beforeAll(async () => {
      // Another process: its own Bolt app, submission guard and drafts; the same database.
      second = createSlackApp({ ...j.app.context.deps, port: 0 });
      const port = await second.start();
      secondDriver = createSlackDriver({
        eventsUrl: `http://127.0.0.1:${port}/slack/events`,
        signingSecret: SIGNING_SECRET,
        slack: j.slack,
      });
    });
    afterAll(() => second.stop());

    const announcementsOf = (name: string) =>
      j.slack.messagesIn('C0GENERAL').filter((m) => !m.threadTs && m.text.startsWith(name));

    it('creates one data source when the second process gets the same form later', async () => {
      const view = await j.openModal('create', ALICE);
      const values = fill(view, 'Across processes');
      const first = await j.driver.submit(view, ALICE, values);
      const again = await secondDriver.submit(view, ALICE, values);

      expect([first.text, again.text]).toEqual(['', '']);
      const created = await j.store.dataSources.findByName('T0001', 'Across processes');
      expect(created).toHaveLength(1);
      expect(created[0].originViewId).toBe(view.id);
      await j.slack.waitFor(() => announcementsOf('Across processes')[0], 'the announcement');
      await j.eventually(
        async () => (await j.store.runs.latest(created[0].id))?.status === 'completed',
        'the first run',
      );
      expect(announcementsOf('Across processes')).toHaveLength(1);
      const runs = j.store.db.collection(COLLECTIONS.runs);
      expect(await runs.countDocuments({ dataSourceId: new ObjectId(created[0].id) })).toBe(1);
    });

    it('creates one data source when both processes check Confluence at the same time', async () => {
      j.confluence.delay(200);
      const view = await j.openModal('create', ALICE);
      const values = fill(view, 'Racing processes');
      const answers = await Promise.all([
        j.driver.submit(view, ALICE, values),
        secondDriver.submit(view, ALICE, values),
      ]);
      j.confluence.resetFaults();

      expect(answers.map((a) => a.text)).toEqual(['', '']);
      const created = await j.store.dataSources.findByName('T0001', 'Racing processes');
      expect(created).toHaveLength(1);
      await j.slack.waitFor(() => announcementsOf('Racing processes')[0], 'the announcement');
      await j.eventually(
        async () => (await j.store.runs.latest(created[0].id))?.status === 'completed',
        'the first run',
      );
      expect(announcementsOf('Racing processes')).toHaveLength(1);
    });
  });

  it.each(['not_in_channel', 'channel_not_found'])(
    'falls back to the DM when posting answers %s',
    async (error) => {
      const channel = `CPRIV${error.length}`;
      j.slack.fail('chat.postMessage', error, {
        when: (args) => args.channel === channel,
        times: Infinity,
      });
      const view = await j.openModal('create', { ...ALICE, channelId: channel });
      await j.driver.submit(view, ALICE, fill(view, `Private ${error}`));

      const dm = await j.slack.waitFor(
        () =>
          j.slack
            .messagesIn('DUALICE')
            .find((m) => !m.threadTs && m.text.startsWith(`Private ${error}`)),
        'the DM announcement',
      );
      expect(JSON.stringify(dm.history[0].blocks)).toContain(`I could not post in <#${channel}>`);
      expect(j.slack.callsTo('conversations.open').some((c) => c.args.users === 'UALICE')).toBe(
        true,
      );
      const ds = await j.eventually(async () => {
        const [found] = await j.store.dataSources.findByName('T0001', `Private ${error}`);
        return found?.notify ? found : undefined;
      }, 'the message place saved');
      expect(ds.notify?.channelId).toBe('DUALICE');
      await j.slack.waitFor(
        () => j.slack.threadOf('DUALICE', dm.ts)[0],
        'the thread summary in the DM',
      );
    },
  );

  it('never loses the final summary when Slack rate-limits the edit', async () => {
    const view = await j.openModal('create', ALICE);
    // The final edit (the summary) of this message is rate-limited three times.
    const isSummary = (args: Json) =>
      String(args.text).startsWith('Limited') && JSON.stringify(args.blocks).includes('Up to date');
    j.slack.fail('chat.update', 'ratelimited', { retryAfter: 1, times: 3, when: isSummary });
    await j.driver.submit(view, ALICE, fill(view, 'Limited'));
    const message = await j.slack.waitFor(
      () => j.slack.messagesIn('C0GENERAL').find((m) => m.text.startsWith('Limited')),
      'the announcement',
    );
    await j.slack.waitFor(
      () => progressOf(message).includes('Up to date'),
      'the summary despite rate limits',
    );
    const limited = j.slack.callsTo('chat.update').filter((c) => c.status === 429);
    expect(limited).toHaveLength(3);
    expect(limited.every((c) => isSummary(c.args))).toBe(true);
  });
});
