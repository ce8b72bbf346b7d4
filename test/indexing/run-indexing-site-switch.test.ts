/**
 * `runIndexing` when the data source's stored pages came from another Confluence site than the
 * client's: they are all removed first and the run lists the new site in full, from the start.
 */
import type { IndexRun } from '../../src/domain/models';
import { silentLogger } from '../../src/logging/logger';
import { runIndexing, type IndexingDeps } from '../../src/indexing/run-indexing';
import {
  FakeClient,
  makeDataSource,
  makePage,
  manualClock,
  MemoryDataSources,
  MemoryDocuments,
  MemoryRuns,
  simpleConverter,
  zeroCounts,
} from './doubles';

const OLD_SITE = 'http://old-confluence.test';
const PAGE_IDS = ['10', '11', '12', '13', '14'];

function setup(indexedBaseUrl: string | undefined) {
  const client = new FakeClient(PAGE_IDS.map((id) => makePage({ id })));
  const runs = new MemoryRuns();
  const documents = new MemoryDocuments();
  const clock = manualClock();
  const dataSources = new MemoryDataSources(
    makeDataSource({ indexedBaseUrl, lastSuccessAt: clock.now(), lastFullListingAt: clock.now() }),
  );
  const deps: IndexingDeps = {
    client,
    dataSources,
    runs,
    documents,
    convert: simpleConverter,
    chunking: { size: 500, overlap: 0 },
    logger: silentLogger(),
    now: clock.now,
    options: { listPageSize: 2, fetchBatchSize: 2, fetchConcurrency: 2 },
  };
  return { client, runs, documents, dataSources, clock, deps };
}

type Setup = ReturnType<typeof setup>;

/** Stores pages as another site served them: same ids and versions, other URLs. */
async function storeFromOldSite(t: Setup, ids: string[]): Promise<void> {
  for (const id of ids) {
    const page = makePage({ id, url: `${OLD_SITE}/pages/${id}` });
    const chunk = {
      dataSourceId: 'ds1',
      pageId: id,
      version: page.version,
      index: 0,
      text: `Old text of ${id}`,
      headingPath: [],
      title: page.title,
      breadcrumb: [],
      spaceKey: page.space.key,
      url: page.url,
      labels: [],
      lastModified: page.lastModified,
    };
    await t.documents.replacePage(
      {
        dataSourceId: 'ds1',
        pageId: id,
        type: 'page',
        title: page.title,
        spaceKey: page.space.key,
        spaceName: page.space.name,
        url: page.url,
        breadcrumb: [],
        labels: [],
        version: page.version,
        lastModified: page.lastModified,
        chunkCount: 1,
        runId: 'old-run',
        indexedAt: t.clock.now(),
      },
      [chunk],
    );
  }
}

function createRun(t: Setup, changes: Partial<IndexRun> = {}): Promise<IndexRun> {
  return t.runs.create({
    dataSourceId: 'ds1',
    trigger: 'schedule',
    mode: 'incremental',
    status: 'queued',
    counts: zeroCounts(),
    failures: [],
    listingComplete: false,
    queuedAt: t.clock.now(),
    ...changes,
  });
}

async function storedUrls(t: Setup): Promise<string[]> {
  const urls: string[] = [];
  for (const id of t.documents.storedIds()) {
    const document = await t.documents.get('ds1', id);
    if (document) urls.push(document.url);
  }
  return urls;
}

it('removes the pages of the old site and indexes the new one in full', async () => {
  const t = setup(OLD_SITE);
  await storeFromOldSite(t, [...PAGE_IDS, '99']);

  const run = await runIndexing((await t.dataSources.get('ds1'))!, await createRun(t), t.deps);

  expect(run.status).toBe('completed');
  expect(run.mode).toBe('full');
  expect(run.counts).toMatchObject({ found: 5, indexed: 5, unchanged: 0, removed: 6 });
  expect(t.documents.storedIds()).toEqual(PAGE_IDS);
  const urls = await storedUrls(t);
  expect(urls.filter((url) => !url.startsWith('http://confluence.test/'))).toEqual([]);
  const ds = await t.dataSources.get('ds1');
  expect(ds).toMatchObject({ indexedBaseUrl: t.client.connection.baseUrl, pageCount: 5 });
});

it('does not resume a checkpoint of a listing of the old site', async () => {
  const t = setup(OLD_SITE);
  await storeFromOldSite(t, PAGE_IDS);
  const checkpoint = {
    cql: 'space = DOCS AND lastmodified >= "2024/05/31 12:00"',
    listing: { kind: 'offset', start: 4 },
    counts: { ...zeroCounts(), found: 4, processed: 4, unchanged: 4 },
    failuresKept: 0,
    lease: 'dead-worker',
    pruned: false,
  };
  const stale = await createRun(t, { status: 'running', checkpoint, listingComplete: true });

  const run = await runIndexing((await t.dataSources.get('ds1'))!, stale, t.deps);

  expect(run.mode).toBe('full');
  expect(run.counts).toMatchObject({ found: 5, indexed: 5, unchanged: 0, removed: 5 });
  expect(t.client.listCalls).toEqual([{ cql: 'space = DOCS', from: null }]);
});

it('keeps the stored pages of the same site, and records the site on the first run', async () => {
  const t = setup(undefined);

  await runIndexing((await t.dataSources.get('ds1'))!, await createRun(t), t.deps);
  const again = await runIndexing((await t.dataSources.get('ds1'))!, await createRun(t), t.deps);

  expect(again.counts).toMatchObject({ indexed: 0, removed: 0 });
  expect(await t.dataSources.get('ds1')).toMatchObject({
    indexedBaseUrl: 'http://confluence.test',
  });
});
