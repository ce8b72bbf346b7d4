/**
 * A MongoDB database for a Jest test file.
 *
 *   const mongo = useTestDatabase();               // at the top of the file (or of a describe)
 *   test('…', async () => {
 *     await mongo.db.collection('things').insertOne({ … });
 *     const store = await openStore({ uri: mongo.uri, dbName: mongo.dbName, logger });
 *   });
 *
 * Without `MONGODB_URI` it starts the development store (the in-memory wire-protocol stand-in)
 * for this file. With `MONGODB_URI` set it connects to that server instead and uses a database
 * of its own (`test_<file>_<random>`), dropped after the file's tests, so the same suite runs
 * unchanged against a real MongoDB. Everything is opened in `beforeAll` and closed in `afterAll`:
 * read the getters inside tests or hooks, never at the top level of the file.
 *
 * `reset()` drops the database (indexes and validators included) for tests that need a clean
 * state; call it from `beforeEach` if the file's tests must not see each other's data.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { MongoClient, type Db, type ObjectId } from 'mongodb';
import { startDevStore, type DevStore } from '../../src/devstore';

/** A schema-free document for tests that store ids other than ObjectId: `db.collection<AnyDocument>(…)`. */
export type AnyDocument = {
  _id?: string | number | ObjectId | Date | Record<string, unknown>;
  // Tests read and write arbitrary fields; the driver's update types need `any` here.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [field: string]: any;
};

export interface TestDatabase {
  /** Connected client; closed after the file's tests. */
  readonly client: MongoClient;
  /** `client.db(dbName)`. */
  readonly db: Db;
  /** Connection string reaching the same server, for code that opens its own client. */
  readonly uri: string;
  /** This file's database name; give it with `uri` to code under test. */
  readonly dbName: string;
  /** Whether the tests run against the development store (false: a real MongoDB). */
  readonly isDevStore: boolean;
  /** Drops the database. */
  reset(): Promise<void>;
}

function databaseNameFor(testPath: string | undefined): string {
  const base = path.basename(testPath ?? 'tests').replace(/\.test\.ts$/, '');
  const safe = base.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 32);
  return `test_${safe}_${randomBytes(4).toString('hex')}`;
}

export function useTestDatabase(): TestDatabase {
  const externalUri = process.env.MONGODB_URI;
  let devStore: DevStore | undefined;
  let client: MongoClient | undefined;
  let uri: string | undefined;
  let dbName: string | undefined;

  beforeAll(async () => {
    if (externalUri) {
      uri = externalUri;
    } else {
      devStore = await startDevStore();
      uri = devStore.uri;
    }
    dbName = databaseNameFor(expect.getState().testPath);
    client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
    await client.connect();
  });

  afterAll(async () => {
    if (client && externalUri && dbName) await client.db(dbName).dropDatabase();
    await client?.close();
    await devStore?.close();
  });

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) {
      throw new Error(`useTestDatabase: ${what} is only available inside tests and hooks`);
    }
    return value;
  };

  return {
    get client() {
      return ready(client, 'client');
    },
    get db() {
      return ready(client, 'db').db(ready(dbName, 'dbName'));
    },
    get uri() {
      return ready(uri, 'uri');
    },
    get dbName() {
      return ready(dbName, 'dbName');
    },
    get isDevStore() {
      return !externalUri;
    },
    reset: async () => {
      await ready(client, 'client').db(ready(dbName, 'dbName')).dropDatabase();
    },
  };
}
