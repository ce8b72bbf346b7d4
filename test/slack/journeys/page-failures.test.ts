/**
 * Journey: a page that cannot be indexed. The fake Confluence lists the page but leaves it out
 * of body fetches; the run ends completed with failures, the data source's thread gets the
 * summary and then a reply naming the page with its title and link, and its "Retry now" button
 * indexes the page once Confluence serves it again.
 */
import { pageUrlById } from '../../../src/indexing/page-document';
import type { StoredMessage } from '../../fakes/slack/web-api';
import { ALICE, useJourney } from '../support/journey';

const j = useJourney();

describe('a page that fails to index', () => {
  it('is named with its title and link in the thread, and "Retry now" indexes it', async () => {
    const integration = await j.addIntegration('UALICE', { alias: 'Alice wiki' });
    const page = j.confluence.addPage({
      title: 'Withheld runbook',
      spaceKey: 'DOCS',
      body: '<p>How to restart the ingestion service.</p>',
    });
    j.confluence.withholdBody(page.id);

    const ds = await j.createDataSource(ALICE, {
      name: 'Docs with a gap',
      cql: 'space = DOCS',
      integrationId: integration.id,
    });
    const { channelId, messageTs } = ds.notify!;
    const [summary, failures] = await j.slack.waitFor(() => {
      const thread = j.slack.threadOf(channelId, messageTs);
      return thread.length >= 2 ? thread : undefined;
    }, 'the summary and the failed-pages reply');

    expect(summary.text).toMatch(/^⚠️ First indexing by <@UALICE> finished/);
    expect(failures.text).toBe('⚠️ 1 page of Docs with a gap could not be indexed');
    const shown = JSON.stringify(failures.blocks);
    expect(shown).toContain(`<${pageUrlById(j.confluence.baseUrl, page.id)}|Withheld runbook>`);
    expect(shown).toContain('deleted or hidden between listing and fetching');
    const run = (await j.store.runs.latest(ds.id))!;
    expect(run.status).toBe('completed_with_failures');
    expect(run.failures).toEqual([expect.objectContaining({ pageId: page.id })]);

    // Confluence serves the page again; the reply's button runs the data source now.
    j.confluence.withholdBody(page.id, false);
    await j.driver.actionInMessage(failures as StoredMessage, 'run_retry', ALICE);
    const retried = await j.eventually(async () => {
      const latest = await j.store.runs.latest(ds.id);
      return latest && latest.id !== run.id && latest.status === 'completed' ? latest : undefined;
    }, 'the retry to complete');
    expect(retried.trigger).toBe('retry');
    expect(retried.failures).toEqual([]);
    const stored = await j.store.documents.versions(ds.id, [page.id]);
    expect(stored.get(page.id)).toBe(page.version);
  });
});
