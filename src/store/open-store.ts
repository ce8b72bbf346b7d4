/**
 * Opening the store: the repositories and search over one MongoDB database.
 *
 *   const store = await openStore({ uri: config.mongo.uri, dbName: config.mongo.dbName, logger });
 *   await store.dataSources.create(...);
 *   await store.close();
 *
 * With `uri` the store connects there. Without it, it starts the in-memory development store in
 * this process (see `src/devstore/`) and logs one warning that nothing is kept after exit, with
 * the caller's advice (`devStoreAdvice`). Either way the
 * collections, validators and indexes are set up before `openStore` returns.
 */
import { MongoClient, MongoServerError, type Db } from 'mongodb';
import { startDevStore, type DevStore } from '../devstore';
import type {
  DataSourceRepository,
  DocumentRepository,
  IndexRunRepository,
  IntegrationRepository,
  ProjectRepository,
  SearchIndex,
} from '../domain/ports';
import { AppError } from '../errors';
import type { Logger } from '../logging/logger';
import { COLLECTIONS, ensureCollections } from './mongo/collections';
import { MongoDataSourceRepository } from './mongo/data-source-repository';
import { MongoDocumentRepository } from './mongo/document-repository';
import { MongoIndexRunRepository } from './mongo/index-run-repository';
import { MongoIntegrationRepository } from './mongo/integration-repository';
import { MongoProjectRepository } from './mongo/project-repository';
import { MongoSearchIndex } from './mongo/search-index';

export interface StoreOptions {
  /** MongoDB connection string (`MONGODB_URI`); absent: the in-process development store. */
  uri?: string;
  /** Database name (`MONGODB_DB`). */
  dbName: string;
  logger: Logger;
  /** How long to wait for the server when connecting, in ms. Default 10 000. */
  serverSelectionTimeoutMS?: number;
  /**
   * Without `uri`: what the one warning about the in-process store advises, after saying that it
   * is used. `createServices` passes the advice of its entry point (CLI, `serve`, `worker`).
   * Default {@link DEV_STORE_DEFAULT_ADVICE}.
   */
  devStoreAdvice?: string;
}

export interface Store {
  client: MongoClient;
  /** The database; Agenda keeps its jobs here too. */
  db: Db;
  integrations: IntegrationRepository;
  projects: ProjectRepository;
  dataSources: DataSourceRepository;
  runs: IndexRunRepository;
  documents: DocumentRepository;
  search: SearchIndex;
  /** True when the data lives in this process only (no `uri` was given). */
  inMemory: boolean;
  /** Closes the client, and the development store if this store started one. Idempotent. */
  close(): Promise<void>;
}

/** The first sentence of the warning logged when `openStore` starts the development store. */
export const DEV_STORE_NOTICE = 'No MONGODB_URI is set: using the in-memory development store.';

/** What that warning advises when the caller gives no advice of its own. */
export const DEV_STORE_DEFAULT_ADVICE =
  'Nothing is kept after this process exits. Set MONGODB_URI to keep data.';

/** The whole warning with the default advice. */
export const DEV_STORE_WARNING = `${DEV_STORE_NOTICE} ${DEV_STORE_DEFAULT_ADVICE}`;

/**
 * What to tell people when MongoDB cannot be used. Refused credentials and missing rights are
 * configuration problems; anything else means the server could not be reached. The URI (and any
 * password in it) never appears in the message.
 */
export function storeUnavailable(error: unknown): AppError {
  const code = error instanceof MongoServerError ? error.code : undefined;
  if (code === 18) {
    return new AppError('config_invalid', 'MongoDB refused the credentials in MONGODB_URI.', {
      remedies: ['Check the user name and password in MONGODB_URI (and authSource, if needed).'],
      cause: error,
    });
  }
  if (code === 13) {
    return new AppError(
      'config_invalid',
      'The MongoDB user may not set up the database (create collections and indexes).',
      {
        remedies: ['Give the user of MONGODB_URI the readWrite and dbAdmin roles on MONGODB_DB.'],
        cause: error,
      },
    );
  }
  return new AppError('unreachable', 'Could not connect to MongoDB.', {
    remedies: [
      'Check that MONGODB_URI points at a running MongoDB server that this machine can reach.',
      'For development, leave MONGODB_URI unset, or run `datasource-bot dev-store`.',
    ],
    cause: error,
  });
}

async function connect(uri: string, options: StoreOptions): Promise<MongoClient> {
  const client = new MongoClient(uri, {
    ignoreUndefined: true,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 10_000,
  });
  try {
    await client.connect();
    return client;
  } catch (error) {
    throw storeUnavailable(error);
  }
}

/** Builds the repositories over an open database (for tests that wrap collections, too). */
export function createRepositories(db: Db) {
  const collection = (name: string) => db.collection(name);
  const collections = {
    integrations: collection(COLLECTIONS.integrations),
    projects: collection(COLLECTIONS.projects),
    dataSources: collection(COLLECTIONS.dataSources),
    runs: collection(COLLECTIONS.runs),
    documents: collection(COLLECTIONS.documents),
    chunks: collection(COLLECTIONS.chunks),
  };
  return {
    integrations: new MongoIntegrationRepository(collections.integrations, collections.projects),
    projects: new MongoProjectRepository(collections.projects),
    dataSources: new MongoDataSourceRepository(collections),
    runs: new MongoIndexRunRepository(collections.runs),
    documents: new MongoDocumentRepository(collections),
    search: new MongoSearchIndex(collections.chunks),
  };
}

export async function openStore(options: StoreOptions): Promise<Store> {
  let devStore: DevStore | undefined;
  let uri = options.uri;
  if (!uri) {
    devStore = await startDevStore({ logger: options.logger });
    uri = devStore.uri;
    options.logger.warn(
      `${DEV_STORE_NOTICE} ${options.devStoreAdvice ?? DEV_STORE_DEFAULT_ADVICE}`,
    );
  }

  let client: MongoClient;
  try {
    client = await connect(uri, options);
    const db = client.db(options.dbName);
    await ensureCollections(db).catch(async (error: unknown) => {
      await client.close();
      throw error instanceof MongoServerError && error.code === 13
        ? storeUnavailable(error)
        : error;
    });
  } catch (error) {
    await devStore?.close();
    throw error;
  }

  const db = client.db(options.dbName);
  let closing: Promise<void> | undefined;
  return {
    client,
    db,
    ...createRepositories(db),
    inMemory: devStore !== undefined,
    close: () => {
      closing ??= (async () => {
        await client.close();
        await devStore?.close();
      })();
      return closing;
    },
  };
}
