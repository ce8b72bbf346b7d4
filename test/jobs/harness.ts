/**
 * Set-up for the job runner tests: the development store (real Agenda on the MongoDB wire
 * protocol), the fake Confluence, a real client factory pointed at it, in-memory repositories,
 * and runners with short intervals. Everything opened here is closed by `close()`.
 */
import { MongoClient, type Db } from 'mongodb';
import { createConfluenceClientFactory } from '../../src/confluence/client-factory';
import { startDevStore, type DevStore } from '../../src/devstore';
import type { ConfluenceClient, ConfluenceClientFactory } from '../../src/domain/ports';
import { createJobRunner, type JobRunner, type JobRunnerDeps } from '../../src/jobs/runner';
import { silentLogger } from '../../src/logging/logger';
import { startFakeConfluence, type FakeConfluence } from '../fakes/confluence/server';
import {
  makeDataSource,
  MemoryDataSources,
  MemoryDocuments,
  MemoryIntegrations,
  MemoryRuns,
  simpleConverter,
} from '../indexing/doubles';

export interface Harness {
  fake: FakeConfluence;
  db: Db;
  dataSources: MemoryDataSources;
  runs: MemoryRuns;
  documents: MemoryDocuments;
  integrations: MemoryIntegrations;
  /** Calls `before(n)` ahead of the n-th body request (0-based) of any client built. */
  onGetPages: ((call: number) => void) | null;
  newRunner(overrides?: Partial<JobRunnerDeps>): Promise<JobRunner>;
  close(): Promise<void>;
}

export const FAST_RUNNER = {
  processEveryMs: 50,
  lockLifetimeMs: 1000,
  shutdownGraceMs: 3000,
  sweep: { everyMs: 200, lockLifetimeMs: 1000 },
  indexing: { listPageSize: 5, fetchBatchSize: 2, fetchConcurrency: 1, progressIntervalMs: 0 },
};

export async function startHarness(mode: 'cloud' | 'datacenter' = 'datacenter'): Promise<Harness> {
  const store: DevStore = await startDevStore();
  const mongo = new MongoClient(store.uri);
  await mongo.connect();
  const fake = await startFakeConfluence({ mode });
  const runners: JobRunner[] = [];

  const integrations = new MemoryIntegrations();
  const integration = await integrations.create({
    teamId: 'T1',
    ownerId: 'U1',
    alias: 'fake',
    deployment: mode,
    baseUrl: fake.baseUrl,
    secretHint: '…test',
  });
  const dataSources = new MemoryDataSources(
    makeDataSource({ id: 'ds1', integrationId: integration.id, cql: 'space = DOCS' }),
  );

  const realFactory = createConfluenceClientFactory({
    timeoutMs: 5000,
    maxConcurrent: 4,
    requestsPerSecond: 1000,
    allowHttp: true,
    allowedPrivate: ['127.0.0.0/8'],
    logger: silentLogger(),
  });
  let getPagesCalls = 0;
  const harness: Harness = {
    fake,
    db: mongo.db('jobs_test'),
    dataSources,
    runs: new MemoryRuns(),
    documents: new MemoryDocuments(),
    integrations,
    onGetPages: null,
    async newRunner(overrides = {}) {
      const runner = await createJobRunner({
        db: harness.db,
        dataSources: harness.dataSources,
        runs: harness.runs,
        documents: harness.documents,
        integrations: harness.integrations,
        clientFactory: watched,
        resolveConnection: async (i) => ({
          deployment: i.deployment,
          baseUrl: i.baseUrl,
          auth: fake.auth,
        }),
        convert: simpleConverter,
        chunking: { size: 1000, overlap: 0 },
        concurrency: 2,
        logger: silentLogger(),
        options: FAST_RUNNER,
        ...overrides,
      });
      runners.push(runner);
      return runner;
    },
    async close() {
      for (const runner of runners) await runner.stop();
      await mongo.close();
      await store.close();
      await fake.close();
    },
  };

  // Lets a test act just before a given body request (e.g. make the fake hang).
  const watched: ConfluenceClientFactory = (connection) => {
    const client = realFactory(connection);
    const wrapper: ConfluenceClient = Object.create(client);
    wrapper.getPages = (ids, signal) => {
      harness.onGetPages?.(getPagesCalls++);
      return client.getPages(ids, signal);
    };
    return wrapper;
  };
  return harness;
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
