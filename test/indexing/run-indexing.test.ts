import { AppError } from '../../src/errors';
import type { IndexRun } from '../../src/domain/models';
import { silentLogger } from '../../src/logging/logger';
import { RunInterrupted, RunTakenOver } from '../../src/indexing/interruptions';
import { readCheckpoint } from '../../src/indexing/run-checkpoint';
import { runIndexing, type IndexingDeps } from '../../src/indexing/run-indexing';
import {
  FakeClient,
  makeDataSource,
  makePage,
  manualClock,
  MemoryDataSources,
  MemoryDocuments,
  MemoryRuns,
  RecordingReporter,
  simpleConverter,
  zeroCounts,
} from './doubles';

const FIVE_PAGES = ['10', '11', '12', '13', '14'].map((id) =>
  makePage({ id, storage: `<p>First paragraph of ${id}.</p><p>Second of ${id}.</p>` }),
);

function setup(pages = FIVE_PAGES.map((p) => ({ ...p }))) {
  const client = new FakeClient(pages);
  const runs = new MemoryRuns();
  const documents = new MemoryDocuments();
  const dataSources = new MemoryDataSources(makeDataSource());
  const clock = manualClock();

  const createRun = (mode: IndexRun['mode'] = 'full') =>
    runs.create({
      dataSourceId: 'ds1',
      trigger: 'manual',
      mode,
      status: 'queued',
      counts: zeroCounts(),
      failures: [],
      listingComplete: false,
      queuedAt: clock.now(),
    });

  const deps = (extra: Partial<IndexingDeps> = {}): IndexingDeps => ({
    client,
    dataSources,
    runs,
    documents,
    convert: simpleConverter,
    chunking: { size: 500, overlap: 0 },
    logger: silentLogger(),
    now: clock.now,
    options: { listPageSize: 2, fetchBatchSize: 2, fetchConcurrency: 2 },
    ...extra,
  });

  /** Creates a run and executes it to its end (or throw). */
  const execute = async (mode: IndexRun['mode'] = 'full', extra: Partial<IndexingDeps> = {}) =>
    runIndexing((await dataSources.get('ds1'))!, await createRun(mode), deps(extra));

  return { client, runs, documents, dataSources, clock, createRun, deps, execute };
}

describe('runIndexing', () => {
  describe('a first full run', () => {
    it('stores every listed page with its chunks and completes', async () => {
      const t = setup();

      const run = await t.execute();

      expect(run.status).toBe('completed');
      expect(run.counts).toMatchObject({ found: 5, processed: 5, indexed: 5, unchanged: 0 });
      expect(run.counts.chunks).toBe(10);
      expect(run.listingComplete).toBe(true);
      expect(run.checkpoint).toBeNull();
      expect(t.documents.storedIds()).toEqual(['10', '11', '12', '13', '14']);
      const stored = await t.documents.get('ds1', '12');
      expect(stored).toMatchObject({ version: 1, chunkCount: 2, runId: run.id, spaceKey: 'DOCS' });
      expect(stored?.breadcrumb).toEqual(['Home']);
    });

    it('records the outcome on the data source', async () => {
      const t = setup();

      const run = await t.execute();

      const ds = await t.dataSources.get('ds1');
      expect(ds).toMatchObject({
        status: 'completed',
        lastRunId: run.id,
        pageCount: 5,
        chunkCount: 10,
      });
      expect(ds?.lastSuccessAt).toEqual(run.startedAt);
      expect(ds?.lastFullListingAt).toEqual(run.startedAt);
      expect(ds?.lastRunAt).toEqual(run.startedAt);
    });

    it('fetches bodies in batches of the configured size', async () => {
      const t = setup();

      await t.execute('full', {
        options: { listPageSize: 5, fetchBatchSize: 2, fetchConcurrency: 2 },
      });

      expect(t.client.getCalls).toEqual([['10', '11'], ['12', '13'], ['14']]);
    });

    it('counts listed results that are not pages as skipped', async () => {
      const t = setup();
      t.client.skippedPerBatch = 1;

      const run = await t.execute();

      expect(run.counts.skipped).toBe(3);
      expect(run.counts.found).toBe(5);
    });
  });

  describe('a second run', () => {
    it('leaves unchanged pages alone: no body fetched, nothing rewritten', async () => {
      const t = setup();
      await t.execute();
      const writesAfterFirst = t.documents.replaced.length;
      t.client.getCalls.length = 0;

      const run = await t.execute();

      expect(run.status).toBe('completed');
      expect(run.counts).toMatchObject({
        found: 5,
        indexed: 0,
        unchanged: 5,
        removed: 0,
        chunks: 0,
      });
      expect(t.client.getCalls).toEqual([]);
      expect(t.documents.replaced.length).toBe(writesAfterFirst);
    });

    it('fetches and rewrites only the pages whose version changed', async () => {
      const t = setup();
      await t.execute();
      t.client.pages[2] = { ...t.client.pages[2], version: 2, storage: '<p>Edited.</p>' };
      t.client.getCalls.length = 0;

      const run = await t.execute();

      expect(run.counts).toMatchObject({ indexed: 1, unchanged: 4, chunks: 1 });
      expect(t.client.getCalls).toEqual([['12']]);
      expect((await t.documents.get('ds1', '12'))?.version).toBe(2);
    });

    it('removes pages that no longer match after a complete full listing', async () => {
      const t = setup();
      await t.execute();
      t.client.pages = t.client.pages.filter((p) => p.id !== '13');

      const run = await t.execute();

      expect(run.counts.removed).toBe(1);
      expect(t.documents.storedIds()).toEqual(['10', '11', '12', '14']);
      expect((await t.dataSources.get('ds1'))?.pageCount).toBe(4);
    });

    it('never removes pages in an incremental run', async () => {
      const t = setup();
      await t.execute();
      t.client.pages = t.client.pages.filter((p) => p.id !== '13');

      const run = await t.execute('incremental');

      expect(run.mode).toBe('incremental');
      expect(run.counts.removed).toBe(0);
      expect(t.documents.removeCalls).toBe(1);
      expect(t.documents.storedIds()).toContain('13');
    });
  });

  describe('incremental runs', () => {
    it('list the user query narrowed to pages modified since the last success', async () => {
      const t = setup();
      const first = await t.execute();

      await t.execute('incremental');

      const cql = t.client.listCalls[1].cql;
      expect(cql).toMatch(/^\(space = DOCS\) AND lastmodified >= "\d{4}-\d\d-\d\d \d\d:\d\d"$/);
      const since = new Date(`${cql.match(/"(.+)"/)![1].replace(' ', 'T')}:00Z`);
      expect(since.getTime()).toBeLessThan(first.startedAt!.getTime());
    });

    it('run in full when no earlier run succeeded', async () => {
      const t = setup();

      const run = await t.execute('incremental');

      expect(run.mode).toBe('full');
      expect(t.client.listCalls[0].cql).toBe('space = DOCS');
    });

    it('do not move the last full listing time', async () => {
      const t = setup();
      const first = await t.execute();
      t.clock.advance(60_000);

      const second = await t.execute('incremental');

      const ds = await t.dataSources.get('ds1');
      expect(ds?.lastFullListingAt).toEqual(first.startedAt);
      expect(ds?.lastSuccessAt).toEqual(second.startedAt);
    });
  });

  describe('duplicates in a listing', () => {
    it('handles a page listed twice with the same version once', async () => {
      const t = setup();
      const [a, b] = t.client.pages;
      const listing = (p: typeof a) => ({ ...p, storage: undefined });
      t.client.listingOverride = [[listing(a), listing(b)], [listing(b)]];

      const run = await t.execute();

      expect(run.counts.found).toBe(2);
      expect(t.documents.replaced).toEqual(['10', '11']);
    });
  });

  describe('per-page failures', () => {
    it('records a page gone when its body was fetched and completes with failures', async () => {
      const t = setup();
      t.client.missingOnFetch.add('11');

      const run = await t.execute();

      expect(run.status).toBe('completed_with_failures');
      expect(run.counts).toMatchObject({ found: 5, indexed: 4, failed: 1, processed: 5 });
      expect(run.failures).toEqual([
        {
          pageId: '11',
          title: 'Page 11',
          url: 'http://confluence.test/pages/viewpage.action?pageId=11',
          reason: expect.stringContaining('deleted or hidden'),
        },
      ]);
      expect((await t.dataSources.get('ds1'))?.status).toBe('completed_with_failures');
    });

    it('records a body that fails to convert and indexes the others', async () => {
      const t = setup();
      t.client.pages[1] = { ...t.client.pages[1], storage: '<p>BROKEN</p>' };

      const run = await t.execute();

      expect(run.status).toBe('completed_with_failures');
      expect(run.failures).toHaveLength(1);
      expect(run.failures[0]).toMatchObject({
        pageId: '11',
        url: 'http://confluence.test/pages/11',
        reason: expect.stringContaining('unbalanced macro'),
      });
      expect(t.documents.storedIds()).toEqual(['10', '12', '13', '14']);
    });

    it('records a page larger than the limit and keeps its earlier version', async () => {
      const t = setup();
      await t.execute();
      t.client.pages[0] = {
        ...t.client.pages[0],
        version: 2,
        storage: `<p>${'x'.repeat(200)}</p>`,
      };

      const run = await t.execute('full', {
        options: { listPageSize: 2, fetchBatchSize: 2, fetchConcurrency: 2, maxPageChars: 100 },
      });

      expect(run.status).toBe('completed_with_failures');
      expect(run.failures[0]).toMatchObject({
        pageId: '10',
        reason: expect.stringMatching(/more than the 100/),
      });
      expect(run.counts.removed).toBe(0);
      expect((await t.documents.get('ds1', '10'))?.version).toBe(1);
    });

    it('keeps at most 200 failures in detail but counts them all', async () => {
      const pages = Array.from({ length: 205 }, (_, i) => makePage({ id: `p${i}` }));
      const t = setup(pages);
      for (const page of pages) t.client.missingOnFetch.add(page.id);

      const run = await t.execute('full', {
        options: { listPageSize: 50, fetchBatchSize: 25, fetchConcurrency: 2 },
      });

      expect(run.counts.failed).toBe(205);
      expect(run.failures).toHaveLength(200);
    });
  });

  describe('errors from the client', () => {
    it('fails the run with the typed error and keeps what was indexed before', async () => {
      const t = setup();
      t.client.failListingAt = {
        batch: 1,
        error: new AppError('auth_failed', 'The token expired.', { remedies: ['Renew it.'] }),
      };

      const run = await t.execute();

      expect(run.status).toBe('failed');
      expect(run.error).toEqual({
        code: 'auth_failed',
        message: 'The token expired.',
        remedies: ['Renew it.'],
        details: {},
      });
      expect(run.counts.indexed).toBe(2);
      expect(run.listingComplete).toBe(false);
      expect(t.documents.storedIds()).toEqual(['10', '11']);
      const ds = await t.dataSources.get('ds1');
      expect(ds).toMatchObject({ status: 'failed', pageCount: 2 });
      expect(ds?.lastSuccessAt).toBeUndefined();
    });

    it('does not prune after a listing that did not finish', async () => {
      const t = setup();
      await t.execute();
      t.client.failListingAt = { batch: 1, error: new AppError('timeout', 'Too slow.') };

      const run = await t.execute();

      expect(run.status).toBe('failed');
      expect(run.error?.code).toBe('timeout');
      expect(t.documents.removeCalls).toBe(1);
      expect(t.documents.storedIds()).toHaveLength(5);
    });

    it('fails the run when a body request fails', async () => {
      const t = setup();
      t.client.failFetchAt = { call: 1, error: new AppError('permission_denied', 'No access.') };

      const run = await t.execute();

      expect(run.status).toBe('failed');
      expect(run.error?.code).toBe('permission_denied');
    });

    it('fails without pruning when the credentials no longer work at the end of the listing', async () => {
      const t = setup();
      await t.execute();
      // Data Center serves an expired token as anonymous: fewer results, no error.
      t.client.pages = t.client.pages.slice(0, 2);
      t.client.credentialsValid = false;

      const run = await t.execute();

      expect(run.status).toBe('failed');
      expect(run.error?.code).toBe('auth_failed');
      expect(t.documents.storedIds()).toHaveLength(5);
      expect(t.documents.removeCalls).toBe(1);
      expect((await t.dataSources.get('ds1'))?.lastSuccessAt).toEqual(
        t.runs.records.get('run1')!.startedAt,
      );
    });

    it('checks the credentials when pages are missing from a body answer', async () => {
      const t = setup();
      t.client.missingOnFetch.add('12');
      t.client.missingOnFetch.add('13');
      t.client.credentialsValid = false;

      const run = await t.execute();

      expect(run.status).toBe('failed');
      expect(run.error?.code).toBe('auth_failed');
      expect(run.counts.failed).toBe(0);
    });

    it('records missing pages as failures when the credentials still work', async () => {
      const t = setup();
      t.client.missingOnFetch.add('12');

      const run = await t.execute();

      expect(run.counts.failed).toBe(1);
      // Once after the missing page, once at the end of the listing.
      expect(t.client.verifications).toBe(2);
    });

    it('reports an unexpected error as internal without its text', async () => {
      const t = setup();
      t.client.failListingAt = { batch: 0, error: new Error('socket hang up at 10.0.0.1') };

      const run = await t.execute();

      expect(run.error?.code).toBe('internal');
      expect(JSON.stringify(run.error)).not.toContain('10.0.0.1');
    });
  });

  describe('checkpoints and resuming', () => {
    it('saves the listing position after each batch is fully handled', async () => {
      const t = setup();

      await t.execute();

      const saved = t.runs.updates
        .map((u) => readCheckpoint(u.checkpoint))
        .filter((c) => c !== null)
        .map((c) => c!.listing);
      expect(saved).toEqual([
        null,
        { kind: 'offset', start: 2 },
        { kind: 'offset', start: 4 },
        null,
        null,
      ]);
    });

    it('continues an interrupted run from its checkpoint without missing or repeating a page', async () => {
      const t = setup();
      const controller = new AbortController();
      t.client.beforeBatch = (batch) => {
        if (batch === 2) controller.abort(new Error('shutdown'));
      };
      const run = await t.createRun();

      const interrupted = runIndexing(
        (await t.dataSources.get('ds1'))!,
        run,
        t.deps({ signal: controller.signal }),
      );

      await expect(interrupted).rejects.toBeInstanceOf(RunInterrupted);
      const left = (await t.runs.get(run.id))!;
      expect(left.status).toBe('running');
      expect(readCheckpoint(left.checkpoint)?.listing).toEqual({ kind: 'offset', start: 4 });

      t.client.beforeBatch = null;
      const resumed = await runIndexing((await t.dataSources.get('ds1'))!, left, t.deps());

      expect(t.client.listCalls[1].from).toEqual({ kind: 'offset', start: 4 });
      expect(resumed.status).toBe('completed');
      expect(resumed.counts).toMatchObject({ found: 5, indexed: 5, unchanged: 0, processed: 5 });
      expect(t.documents.replaced.sort()).toEqual(['10', '11', '12', '13', '14']);
      expect(resumed.startedAt).toEqual(run.startedAt ?? left.startedAt);
    });

    it('writes the counts of pages stored before an interruption that fell between checkpoints', async () => {
      const t = setup();
      const controller = new AbortController();
      const fetchBodies = t.client.getPages.bind(t.client);
      let calls = 0;
      t.client.getPages = async (ids, signal) => {
        if (calls++ === 1) controller.abort(new Error('Ctrl-C'));
        return fetchBodies(ids, signal);
      };
      const run = await t.createRun();

      const interrupted = runIndexing(
        (await t.dataSources.get('ds1'))!,
        run,
        t.deps({
          signal: controller.signal,
          // One listing batch, bodies two at a time, progress writes never due on their own.
          options: {
            listPageSize: 5,
            fetchBatchSize: 2,
            fetchConcurrency: 1,
            progressIntervalMs: 1e9,
          },
        }),
      );

      await expect(interrupted).rejects.toBeInstanceOf(RunInterrupted);
      expect(t.documents.replaced.sort()).toEqual(['10', '11']);
      expect((await t.runs.get(run.id))!.counts).toMatchObject({ found: 5, indexed: 2 });
    });

    it('restores counts of the checkpoint when work after it was lost', async () => {
      const t = setup();
      const run = await t.createRun();
      const stale = {
        cql: 'space = DOCS',
        listing: { kind: 'offset', start: 2 },
        counts: { ...zeroCounts(), found: 2, processed: 2, indexed: 2, chunks: 4 },
        failuresKept: 0,
        lease: 'dead-worker',
        pruned: false,
      };
      // The dead worker had written progress beyond its checkpoint.
      await t.runs.update(run.id, {
        status: 'running',
        startedAt: t.clock.now(),
        checkpoint: stale,
        counts: { ...zeroCounts(), found: 4, processed: 3, indexed: 3, chunks: 6 },
      });
      t.client.pages = t.client.pages.slice(0, 4);

      const finished = await runIndexing(
        (await t.dataSources.get('ds1'))!,
        (await t.runs.get(run.id))!,
        t.deps(),
      );

      expect(finished.counts).toMatchObject({ found: 4, processed: 4, indexed: 4, chunks: 8 });
    });

    it('skips the listing when it had completed and only prunes and finishes', async () => {
      const t = setup();
      await t.execute();
      const run = await t.createRun();
      await t.runs.update(run.id, {
        status: 'running',
        listingComplete: true,
        checkpoint: {
          cql: 'space = DOCS',
          listing: null,
          counts: { ...zeroCounts(), found: 5, processed: 5, unchanged: 5 },
          failuresKept: 0,
          lease: 'dead-worker',
          pruned: false,
        },
      });
      const listedBefore = t.client.listCalls.length;

      const finished = await runIndexing(
        (await t.dataSources.get('ds1'))!,
        (await t.runs.get(run.id))!,
        t.deps(),
      );

      expect(t.client.listCalls.length).toBe(listedBefore);
      expect(finished.status).toBe('completed');
      expect(finished.counts.unchanged).toBe(5);
    });

    it('stops without ending the run when another worker took it over', async () => {
      const t = setup();
      const run = await t.createRun();
      t.client.beforeBatch = (batch) => {
        if (batch !== 1) return;
        const record = t.runs.records.get(run.id)!;
        record.checkpoint = { ...record.checkpoint, lease: 'other-worker' };
      };

      const execution = runIndexing((await t.dataSources.get('ds1'))!, run, t.deps());

      await expect(execution).rejects.toBeInstanceOf(RunTakenOver);
      const left = (await t.runs.get(run.id))!;
      expect(left.status).toBe('running');
      expect(readCheckpoint(left.checkpoint)?.lease).toBe('other-worker');
    });

    it('stops when the run was cancelled meanwhile', async () => {
      const t = setup();
      const run = await t.createRun();
      t.client.beforeBatch = (batch) => {
        if (batch === 1) t.runs.records.get(run.id)!.status = 'cancelled';
      };

      await expect(
        runIndexing((await t.dataSources.get('ds1'))!, run, t.deps()),
      ).rejects.toBeInstanceOf(RunTakenOver);
      expect((await t.runs.get(run.id))!.status).toBe('cancelled');
    });
  });

  describe('progress', () => {
    it('writes progress between checkpoints only when the interval has passed', async () => {
      const t = setup();
      const heartbeat = jest.fn(async () => undefined);

      await t.execute('full', {
        options: {
          listPageSize: 5,
          fetchBatchSize: 1,
          fetchConcurrency: 1,
          progressIntervalMs: 2000,
        },
        heartbeat,
      });
      const stillClock = t.runs.updates.length;

      const t2 = setup();
      const convert = jest.fn((...args: Parameters<typeof simpleConverter>) => {
        t2.clock.advance(2500);
        return simpleConverter(...args);
      });
      await t2.execute('full', {
        options: {
          listPageSize: 5,
          fetchBatchSize: 1,
          fetchConcurrency: 1,
          progressIntervalMs: 2000,
        },
        convert,
      });

      // With a still clock: start, checkpoint, listing complete, prune checkpoint, counts, finish.
      expect(stillClock).toBe(6);
      // With 2.5 s per page, one more write after each of the five pages.
      expect(t2.runs.updates.length).toBe(11);
      expect(heartbeat).toHaveBeenCalledTimes(4);
    });

    it('reports start, throttled progress and end', async () => {
      const t = setup();
      const reporter = new RecordingReporter();
      const convert: typeof simpleConverter = (...args) => {
        t.clock.advance(3000);
        return simpleConverter(...args);
      };

      await t.execute('full', {
        reporter,
        convert,
        options: {
          listPageSize: 5,
          fetchBatchSize: 1,
          fetchConcurrency: 1,
          reportIntervalMs: 5000,
        },
      });

      const kinds = reporter.calls.map((c) => c.what);
      expect(kinds[0]).toBe('started');
      expect(kinds[kinds.length - 1]).toBe('finished');
      expect(reporter.calls[kinds.length - 1]).toMatchObject({ status: 'completed' });
      // 15 s of work reported at most every 5 s.
      const progress = kinds.filter((k) => k === 'progress').length;
      expect(progress).toBeGreaterThanOrEqual(2);
      expect(progress).toBeLessThanOrEqual(3);
    });

    it('goes on when the reporter fails', async () => {
      const t = setup();
      const reporter = new RecordingReporter();
      reporter.fail = true;

      const run = await t.execute('full', { reporter });

      expect(run.status).toBe('completed');
      expect(reporter.calls.map((c) => c.what)).toEqual(['started', 'finished']);
    });

    it('treats a lost job lock as a take-over', async () => {
      const t = setup();
      const heartbeat = async () => {
        throw new Error('job got canceled already');
      };

      await expect(t.execute('full', { heartbeat })).rejects.toBeInstanceOf(RunTakenOver);
    });

    it('tells onProgress about every write', async () => {
      const t = setup();
      const seen: number[] = [];

      await t.execute('full', { onProgress: (run) => seen.push(run.counts.processed) });

      expect(seen[seen.length - 1]).toBe(5);
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
    });
  });
});
