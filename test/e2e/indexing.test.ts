/**
 * End to end: the fake Confluence with the real fixture pages, the store, the real converter and
 * real Agenda, in Cloud and Data Center modes.
 */
import { ObjectId } from 'mongodb';
import type { IndexRun } from '../../src/domain/models';
import type { JobRunner } from '../../src/jobs/runner';
import { INDEX_DATASOURCE_JOB } from '../../src/jobs/index-datasource.job';
import { eventually, useE2E, type E2E } from './support/e2e-harness';

const ENDED = ['completed', 'completed_with_failures', 'failed', 'cancelled'];

async function ended(e2e: E2E, runId: string): Promise<IndexRun> {
  return eventually(async () => {
    const run = await e2e.store.runs.get(runId);
    return run && ENDED.includes(run.status) ? run : undefined;
  }, `run ${runId} to end`);
}

/** Requests a run and waits for a started runner to end it. */
async function indexOnce(e2e: E2E, runner: JobRunner): Promise<IndexRun> {
  const run = await runner.requestRun(e2e.dataSource.id, 'manual', 'U1');
  return ended(e2e, run.id);
}

/** Body requests are searches for `id in (...)`. */
function bodyRequests(e2e: E2E): number {
  return e2e.fake.requests.filter((r) => (r.query.cql ?? '').startsWith('id in (')).length;
}

async function chunkSnapshot(e2e: E2E): Promise<string[]> {
  const chunks = await e2e.store.db
    .collection('chunks')
    .find({ dataSourceId: new ObjectId(e2e.dataSource.id) })
    .project({ _id: 1, version: 1 })
    .toArray();
  return chunks.map((c) => `${String(c._id)}@${c.version}`).sort();
}

describe.each(['cloud', 'datacenter'] as const)('indexing end to end (%s)', (mode) => {
  const e2e = useE2E(mode);

  it('stores every page the token can see on the first run', async () => {
    const runner = await e2e.runner();
    await runner.start();

    const run = await indexOnce(e2e, runner);

    const visible = e2e.visiblePageIds();
    expect(run.status).toBe('completed');
    expect(run.counts).toMatchObject({ found: visible.length, indexed: visible.length, failed: 0 });
    expect(run.counts.chunks).toBeGreaterThan(visible.length);
    expect(await e2e.storedPageIds()).toEqual(visible);
    const ds = await e2e.store.dataSources.get(e2e.dataSource.id);
    expect(ds).toMatchObject({ status: 'completed', pageCount: visible.length });
    expect(ds?.chunkCount).toBe(run.counts.chunks);
  });

  it('changes nothing on a second run: no body fetched, no chunk rewritten', async () => {
    const runner = await e2e.runner();
    await runner.start();
    await indexOnce(e2e, runner);
    const chunksBefore = await chunkSnapshot(e2e);
    const bodiesBefore = bodyRequests(e2e);

    const run = await indexOnce(e2e, runner);

    expect(run.status).toBe('completed');
    expect(run.counts).toMatchObject({
      found: e2e.visiblePageIds().length,
      indexed: 0,
      unchanged: e2e.visiblePageIds().length,
      removed: 0,
      chunks: 0,
    });
    expect(bodyRequests(e2e)).toBe(bodiesBefore);
    expect(await chunkSnapshot(e2e)).toEqual(chunksBefore);
  });

  it('reflects edited, deleted and restricted pages on the next run', async () => {
    const runner = await e2e.runner();
    await runner.start();
    await indexOnce(e2e, runner);
    // Three pages without children, so that each change touches one page only.
    const all = [...e2e.fake.store.content.values()];
    const [edited, deleted, restricted] = e2e
      .visiblePageIds()
      .filter((id) => e2e.fake.store.content.get(id)!.type === 'page')
      .filter((id) => !all.some((c) => c.parentId === id));

    e2e.fake.setPageBody(edited, '<p>The zeppelin maintenance window moved to Thursdays.</p>');
    e2e.fake.deletePage(deleted);
    e2e.fake.restrictPage(restricted, ['bob']);
    const run = await indexOnce(e2e, runner);

    expect(run.status).toBe('completed');
    expect(run.counts).toMatchObject({ indexed: 1, removed: 2 });
    const stored = await e2e.storedPageIds();
    expect(stored).toEqual(e2e.visiblePageIds());
    expect(stored).not.toContain(deleted);
    expect(stored).not.toContain(restricted);
    const hits = await e2e.store.search.search('zeppelin', { dataSourceIds: [e2e.dataSource.id] });
    expect(hits.map((h) => h.pageId)).toEqual([edited]);
  });

  it('fails the run with auth_failed when the token expires mid-run and keeps what was stored', async () => {
    const runner = await e2e.runner();
    await runner.start();
    e2e.onGetPages = (call) => {
      if (call === 3) e2e.fake.expireToken(e2e.token);
    };

    const run = await indexOnce(e2e, runner);

    expect(run.status).toBe('failed');
    expect(run.error?.code).toBe('auth_failed');
    expect(JSON.stringify(run.error)).not.toContain(e2e.token);
    const stored = await e2e.storedPageIds();
    expect(stored.length).toBe(run.counts.indexed);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.length).toBeLessThan(e2e.visiblePageIds().length);
    const ds = await e2e.store.dataSources.get(e2e.dataSource.id);
    expect(ds).toMatchObject({ status: 'failed', pageCount: stored.length });
    expect(ds?.lastSuccessAt ?? null).toBeNull();
  });

  it('coalesces concurrent requests into one run and one job', async () => {
    const runner = await e2e.runner();

    const runs = await Promise.all(
      ['U1', 'U2', 'U3', null].map((user) => runner.requestRun(e2e.dataSource.id, 'manual', user)),
    );

    expect(new Set(runs.map((r) => r.id)).size).toBe(1);
    expect(
      await e2e.store.db.collection('agendaJobs').countDocuments({ name: INDEX_DATASOURCE_JOB }),
    ).toBe(1);
    await runner.start();
    const done = await ended(e2e, runs[0].id);
    expect(done.status).toBe('completed');
    expect(await e2e.store.runs.findActive(e2e.dataSource.id)).toBeNull();
  });

  it('picks up an edit in a scheduled incremental run', async () => {
    const runner = await e2e.runner();
    const first = await runner.runNow(e2e.dataSource.id, 'manual');
    expect(first.status).toBe('completed');
    const [edited] = e2e.visiblePageIds();
    e2e.fake.setPageBody(edited, '<p>Quarterly aurora sightings are logged here.</p>');
    await e2e.store.dataSources.update(e2e.dataSource.id, {
      schedule: 'hourly',
      nextRunAt: new Date(Date.now() - 1000),
    });

    await runner.start();
    const scheduled = await eventually(async () => {
      const run = await e2e.store.runs.latest(e2e.dataSource.id);
      return run && run.id !== first.id && ENDED.includes(run.status) ? run : undefined;
    }, 'the scheduled run');

    expect(scheduled).toMatchObject({
      trigger: 'schedule',
      mode: 'incremental',
      status: 'completed',
    });
    expect(scheduled.counts.indexed).toBe(1);
    expect(scheduled.counts.removed).toBe(0);
    const listed = e2e.fake.requests.map((r) => r.query.cql ?? '');
    expect(listed.some((cql) => /AND lastmodified >= "/.test(cql))).toBe(true);
    const hits = await e2e.store.search.search('aurora', { dataSourceIds: [e2e.dataSource.id] });
    expect(hits.map((h) => h.pageId)).toEqual([edited]);
  });
});
