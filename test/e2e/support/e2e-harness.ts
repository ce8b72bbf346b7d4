/**
 * End-to-end set-up: the fake Confluence serving the real fixture pages, the store on the test
 * database (the development store, or a real MongoDB when `MONGODB_URI` is set), the real
 * converter and real Agenda. A data source of the command-line team indexes every space of the
 * fake. `runner()` builds job runners with short intervals on that store; `close()` stops them.
 *
 * Call `useE2E(mode)` at the top of a test file or describe block.
 */
import { ObjectId } from 'mongodb';
import { createConfluenceClientFactory } from '../../../src/confluence/client-factory';
import { pageToChunks } from '../../../src/convert/page-to-chunks';
import type { DataSource } from '../../../src/domain/models';
import type { ConfluenceClient, ConfluenceClientFactory } from '../../../src/domain/ports';
import { createJobRunner, type JobRunner, type JobRunnerOptions } from '../../../src/jobs/runner';
import { silentLogger } from '../../../src/logging/logger';
import { ensureCliDataSource } from '../../../src/runtime/cli-data-source';
import { fixedTokenResolver } from '../../../src/runtime/connection-resolvers';
import { openStore, type Store } from '../../../src/store';
import { startFakeConfluence, type FakeConfluence } from '../../fakes/confluence/server';
import { useTestDatabase, type TestDatabase } from '../../support/mongo';

export const ALL_SPACES_CQL = 'space in (DOCS, KAFKA, MIGR, DUMMY)';

export const FAST_RUNNER: Partial<JobRunnerOptions> = {
  processEveryMs: 50,
  lockLifetimeMs: 1500,
  shutdownGraceMs: 5000,
  sweep: { everyMs: 100, lockLifetimeMs: 1000 },
  indexing: { listPageSize: 5, fetchBatchSize: 2, fetchConcurrency: 2, progressIntervalMs: 0 },
};

/** Loopback only, plain http: what the fake needs and nothing more. */
export const FAKE_NETWORK = {
  timeoutMs: 5000,
  maxConcurrent: 4,
  requestsPerSecond: 1000,
  allowHttp: true,
  allowedPrivate: ['127.0.0.0/8'],
};

export interface E2E {
  readonly fake: FakeConfluence;
  readonly store: Store;
  readonly mongo: TestDatabase;
  readonly dataSource: DataSource;
  /** The Confluence token every runner uses. */
  readonly token: string;
  /** Called before each body request of any runner's client, with its number (0-based). */
  onGetPages: ((call: number) => void) | null;
  /** A runner on the store with short intervals (not started). */
  runner(options?: Partial<JobRunnerOptions>): Promise<JobRunner>;
  /** Ids of the pages and blog posts alice can see in the fake, sorted. */
  visiblePageIds(): string[];
  /** Ids of the pages stored for the data source, sorted. */
  storedPageIds(): Promise<string[]>;
}

export function useE2E(mode: 'cloud' | 'datacenter'): E2E {
  const mongo = useTestDatabase();
  let fake: FakeConfluence | undefined;
  let store: Store | undefined;
  let dataSource: DataSource | undefined;
  const runners: JobRunner[] = [];
  let getPagesCalls = 0;

  const factory = createConfluenceClientFactory({ ...FAKE_NETWORK, logger: silentLogger() });
  const watched: ConfluenceClientFactory = (connection) => {
    const client = factory(connection);
    const wrapper: ConfluenceClient = Object.create(client);
    wrapper.getPages = (ids, signal) => {
      e2e.onGetPages?.(getPagesCalls++);
      return client.getPages(ids, signal);
    };
    return wrapper;
  };

  beforeEach(async () => {
    await mongo.reset();
    fake = await startFakeConfluence({ mode });
    store = await openStore({ uri: mongo.uri, dbName: mongo.dbName, logger: silentLogger() });
    dataSource = await ensureCliDataSource(store, {
      deployment: mode,
      baseUrl: fake.baseUrl,
      email: fake.auth.kind === 'basic' ? fake.auth.email : undefined,
      token: fake.auth.token,
      cql: ALL_SPACES_CQL,
      name: 'Everything',
    });
    e2e.onGetPages = null;
    getPagesCalls = 0;
  });

  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.stop();
    await store?.close();
    await fake?.close();
  });

  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useE2E: ${what} is only ready inside tests`);
    return value;
  };

  const e2e: E2E = {
    get fake() {
      return need(fake, 'fake');
    },
    get store() {
      return need(store, 'store');
    },
    mongo,
    get dataSource() {
      return need(dataSource, 'dataSource');
    },
    get token() {
      return need(fake, 'fake').auth.token;
    },
    onGetPages: null,
    async runner(options = {}) {
      const s = need(store, 'store');
      const runner = await createJobRunner({
        db: s.db,
        dataSources: s.dataSources,
        runs: s.runs,
        documents: s.documents,
        integrations: s.integrations,
        clientFactory: watched,
        resolveConnection: fixedTokenResolver(e2e.token),
        convert: pageToChunks,
        chunking: { size: 1500, overlap: 150 },
        concurrency: 2,
        logger: silentLogger(),
        options: { ...FAST_RUNNER, ...options },
      });
      runners.push(runner);
      return runner;
    },
    visiblePageIds() {
      const f = need(fake, 'fake');
      const alice = [...f.store.users.values()].find((u) => u.username === 'alice')!;
      return f.store
        .visibleContent({ kind: 'user', user: alice })
        .filter((c) => c.type === 'page' || c.type === 'blogpost')
        .filter((c) => ['DOCS', 'KAFKA', 'MIGR', 'DUMMY'].includes(c.spaceKey))
        .map((c) => c.id)
        .sort();
    },
    async storedPageIds() {
      const s = need(store, 'store');
      const docs = await s.db
        .collection('documents')
        .find({ dataSourceId: new ObjectId(need(dataSource, 'dataSource').id) })
        .project({ pageId: 1 })
        .toArray();
      return docs.map((d) => String(d.pageId)).sort();
    },
  };
  return e2e;
}

/** Polls `check` until it returns something other than undefined/false; fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
