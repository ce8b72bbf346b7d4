/**
 * A data source deleted while its run is under way keeps nothing: the run writes no page after
 * noticing, takes back pages it wrote around the deletion, and ends as cancelled when its record
 * is still there. Deletion is done as the store does it: chunks and pages, runs, the data source.
 */
import type { StoredDocument, Chunk } from '../../src/domain/models';
import { RunTakenOver } from '../../src/indexing/interruptions';
import type { PageConverter } from '../../src/indexing/index-listed-batch';
import { runIndexing, type IndexingDeps } from '../../src/indexing/run-indexing';
import { silentLogger } from '../../src/logging/logger';
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

const PAGES = ['10', '11', '12', '13', '14', '15'].map((id) => makePage({ id }));

function setup() {
  const client = new FakeClient(PAGES.map((p) => ({ ...p })));
  const runs = new MemoryRuns();
  const documents = new MemoryDocuments();
  const dataSources = new MemoryDataSources(makeDataSource());
  const reporter = new RecordingReporter();
  const clock = manualClock();

  /** What `DataSourceRepository.delete` does in the store; `keepRuns` leaves the run records. */
  const deleteDataSource = async (keepRuns = false) => {
    await documents.removePages('ds1', documents.storedIds());
    if (!keepRuns) runs.records.clear();
    await dataSources.delete('ds1');
  };

  const deps = (extra: Partial<IndexingDeps> = {}): IndexingDeps => ({
    client,
    dataSources,
    runs,
    documents,
    convert: simpleConverter,
    chunking: { size: 500, overlap: 0 },
    logger: silentLogger(),
    reporter,
    now: clock.now,
    options: { listPageSize: 2, fetchBatchSize: 2, fetchConcurrency: 2 },
    ...extra,
  });

  const start = async (extra: Partial<IndexingDeps> = {}) => {
    const run = await runs.create({
      dataSourceId: 'ds1',
      trigger: 'manual',
      mode: 'full',
      status: 'queued',
      counts: zeroCounts(),
      failures: [],
      listingComplete: false,
      queuedAt: clock.now(),
    });
    return { run, execution: runIndexing(makeDataSource(), run, deps(extra)) };
  };

  return { client, runs, documents, dataSources, reporter, deleteDataSource, start };
}

/** A converter that deletes the data source while converting page `id` (its body is in hand). */
function deletingWhileConverting(id: string, remove: () => Promise<void>): PageConverter {
  return async (page, dataSourceId, options) => {
    if (page.id === id) await remove();
    return simpleConverter(page, dataSourceId, options);
  };
}

describe('runIndexing when the data source is deleted during the run', () => {
  it('writes no page once it is gone and leaves zero pages and chunks', async () => {
    const t = setup();
    const { execution } = await t.start({
      convert: deletingWhileConverting('13', () => t.deleteDataSource()),
    });

    await expect(execution).rejects.toMatchObject({ reason: 'deleted' });
    await expect(execution).rejects.toBeInstanceOf(RunTakenOver);
    expect(await t.documents.count('ds1')).toEqual({ pages: 0, chunks: 0 });
    expect(t.documents.replaced).not.toContain('13');
    expect(t.documents.replaced).not.toContain('14');
  });

  it('takes back a page whose write landed just after the deletion', async () => {
    const t = setup();
    // The deletion runs between the last check and the write of page 12: that write lands.
    const replacePage = t.documents.replacePage.bind(t.documents);
    t.documents.replacePage = async (document: StoredDocument, chunks: Chunk[]) => {
      if (document.pageId === '12') await t.deleteDataSource();
      await replacePage(document, chunks);
    };
    const { execution } = await t.start({ options: { fetchConcurrency: 1 } });

    await expect(execution).rejects.toMatchObject({ reason: 'deleted' });
    expect(t.documents.replaced).toContain('12');
    expect(await t.documents.count('ds1')).toEqual({ pages: 0, chunks: 0 });
  });

  it('ends a run whose record is still stored as cancelled, with no finished report', async () => {
    const t = setup();
    const { run, execution } = await t.start({
      convert: deletingWhileConverting('12', () => t.deleteDataSource(true)),
    });

    await expect(execution).rejects.toMatchObject({ reason: 'deleted' });
    expect((await t.runs.get(run.id))?.status).toBe('cancelled');
    expect(await t.documents.count('ds1')).toEqual({ pages: 0, chunks: 0 });
    expect(t.reporter.calls.filter((c) => c.what === 'finished')).toEqual([]);
  });

  it('notices a deletion after the last page is written, before ending the run', async () => {
    const t = setup();
    const replacePage = t.documents.replacePage.bind(t.documents);
    t.documents.replacePage = async (document: StoredDocument, chunks: Chunk[]) => {
      await replacePage(document, chunks);
      if (document.pageId === '15') await t.deleteDataSource(true);
    };
    const { run, execution } = await t.start({ options: { fetchConcurrency: 1 } });

    await expect(execution).rejects.toMatchObject({ reason: 'deleted' });
    expect((await t.runs.get(run.id))?.status).toBe('cancelled');
    expect(t.reporter.calls.filter((c) => c.what === 'finished')).toEqual([]);
    expect(await t.documents.count('ds1')).toEqual({ pages: 0, chunks: 0 });
  });

  it('keeps the pages when the run was only taken over by another worker', async () => {
    const t = setup();
    const { run, execution } = await t.start({
      convert: deletingWhileConverting('14', async () => {
        const [record] = t.runs.records.values();
        record.checkpoint = { ...record.checkpoint, lease: 'other-worker' };
      }),
    });

    await expect(execution).rejects.toMatchObject({ reason: 'resumed_elsewhere' });
    expect((await t.documents.count('ds1')).pages).toBeGreaterThan(0);
    expect((await t.runs.get(run.id))?.status).toBe('running');
  });
});
