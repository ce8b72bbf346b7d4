/**
 * End to end: a data source indexed from one Confluence site and then pointed at another (the
 * `index` command run with the same name and another URL). Both fakes are seeded from the same
 * fixtures, so page ids and versions collide: nothing of the first site may survive the switch.
 */
import { ObjectId } from 'mongodb';
import { createConfluenceClientFactory } from '../../src/confluence/client-factory';
import { pageToChunks } from '../../src/convert/page-to-chunks';
import type { DataSource, IndexRun } from '../../src/domain/models';
import { runIndexing } from '../../src/indexing/run-indexing';
import { ZERO_COUNTS } from '../../src/indexing/run-checkpoint';
import { silentLogger } from '../../src/logging/logger';
import { ensureCliDataSource } from '../../src/runtime/cli-data-source';
import { openStore, type Store } from '../../src/store';
import { startFakeConfluence, type FakeConfluence } from '../fakes/confluence/server';
import { useTestDatabase } from '../support/mongo';
import { ALL_SPACES_CQL, FAKE_NETWORK } from './support/e2e-harness';

const mongo = useTestDatabase();
const factory = createConfluenceClientFactory({ ...FAKE_NETWORK, logger: silentLogger() });
let dataCenter: FakeConfluence;
let cloud: FakeConfluence;
let store: Store;

beforeAll(async () => {
  dataCenter = await startFakeConfluence({ mode: 'datacenter' });
  cloud = await startFakeConfluence({ mode: 'cloud' });
});

afterAll(async () => {
  await dataCenter.close();
  await cloud.close();
});

beforeEach(async () => {
  await mongo.reset();
  store = await openStore({ uri: mongo.uri, dbName: mongo.dbName, logger: silentLogger() });
});

afterEach(async () => {
  await store.close();
});

/** What `datasource-bot index --name conc` does against `fake`: point the data source at it. */
function pointAt(fake: FakeConfluence): Promise<DataSource> {
  return ensureCliDataSource(store, {
    deployment: fake.mode,
    baseUrl: fake.baseUrl,
    email: fake.auth.kind === 'basic' ? fake.auth.email : undefined,
    token: fake.auth.token,
    cql: ALL_SPACES_CQL,
    name: 'conc',
  });
}

/** One full run of the data source against `fake`, in the foreground. */
async function indexFrom(fake: FakeConfluence, dataSource: DataSource): Promise<IndexRun> {
  const run = await store.runs.create({
    dataSourceId: dataSource.id,
    trigger: 'cli',
    mode: 'full',
    status: 'queued',
    counts: { ...ZERO_COUNTS },
    failures: [],
    listingComplete: false,
    queuedAt: new Date(),
  });
  const client = factory({ deployment: fake.mode, baseUrl: fake.baseUrl, auth: fake.auth });
  const current = (await store.dataSources.get(dataSource.id))!;
  return runIndexing(current, run, {
    client,
    dataSources: store.dataSources,
    runs: store.runs,
    documents: store.documents,
    convert: pageToChunks,
    chunking: { size: 1500, overlap: 150 },
    logger: silentLogger(),
    options: { listPageSize: 5, fetchBatchSize: 2, progressIntervalMs: 0 },
  });
}

async function storedUrls(collection: string, dataSourceId: string): Promise<string[]> {
  const records = await store.db
    .collection(collection)
    .find({ dataSourceId: new ObjectId(dataSourceId) })
    .project({ url: 1 })
    .toArray();
  return records.map((record) => String(record.url));
}

it('keeps nothing of the old site when the data source moves to another one', async () => {
  const first = await indexFrom(dataCenter, await pointAt(dataCenter));
  expect(first.status).toBe('completed');
  expect(first.counts.indexed).toBeGreaterThan(0);

  const moved = await pointAt(cloud);
  const second = await indexFrom(cloud, moved);

  expect(second.status).toBe('completed');
  expect(second.counts).toMatchObject({
    found: first.counts.found,
    indexed: first.counts.indexed,
    unchanged: 0,
    removed: first.counts.indexed,
  });
  const documentUrls = await storedUrls('documents', moved.id);
  expect(documentUrls).toHaveLength(first.counts.indexed);
  for (const url of documentUrls) expect(url.startsWith(`${cloud.baseUrl}/`)).toBe(true);
  const chunkUrls = await storedUrls('chunks', moved.id);
  expect(chunkUrls.length).toBeGreaterThan(0);
  for (const url of chunkUrls) expect(url.startsWith(`${cloud.baseUrl}/`)).toBe(true);

  const hits = await store.search.search('Kafka', { dataSourceIds: [moved.id], limit: 50 });
  expect(hits.length).toBeGreaterThan(0);
  expect(hits.filter((hit) => !hit.url.startsWith(`${cloud.baseUrl}/`))).toEqual([]);
  expect(await store.dataSources.get(moved.id)).toMatchObject({ indexedBaseUrl: cloud.baseUrl });
});

it('keeps the stored pages when the data source stays on its site', async () => {
  const first = await indexFrom(cloud, await pointAt(cloud));
  const second = await indexFrom(cloud, await pointAt(cloud));

  expect(second.counts).toMatchObject({ indexed: 0, unchanged: first.counts.indexed, removed: 0 });
});
