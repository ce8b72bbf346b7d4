import { Writable } from 'node:stream';
import { AppError } from '../../src/errors';
import { createLogger } from '../../src/logging/logger';
import { MongoServerError } from 'mongodb';
import { COLLECTIONS, DEV_STORE_NOTICE, DEV_STORE_WARNING, openStore } from '../../src/store';
import { storeUnavailable } from '../../src/store/open-store';
import { useTestDatabase } from '../support/mongo';
import { newDataSource } from './factories';

const mongo = useTestDatabase();

function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines };
}

describe('openStore', () => {
  beforeEach(() => mongo.reset());

  test('with a URI it sets up collections, validators and indexes, and the repositories work', async () => {
    const { logger } = capturingLogger();
    const store = await openStore({ uri: mongo.uri, dbName: mongo.dbName, logger });
    try {
      await store.dataSources.create(newDataSource());
      const names = (await mongo.db.listCollections().toArray()).map((c) => c.name).sort();
      const chunkIndexes = await mongo.db.collection(COLLECTIONS.chunks).listIndexes().toArray();

      expect(store.inMemory).toBe(false);
      expect(names).toEqual(Object.values(COLLECTIONS).sort());
      expect(chunkIndexes.some((index) => index.key._fts === 'text')).toBe(true);
    } finally {
      await store.close();
    }
  });

  test('opening twice on the same database is harmless', async () => {
    const { logger } = capturingLogger();
    const first = await openStore({ uri: mongo.uri, dbName: mongo.dbName, logger });
    await first.close();

    const second = await openStore({ uri: mongo.uri, dbName: mongo.dbName, logger });
    await second.close();
    await second.close();

    const indexes = await mongo.db.collection(COLLECTIONS.dataSources).listIndexes().toArray();
    expect(indexes.map((index) => index.name).sort()).toEqual([
      '_id_',
      'origin_view_unique',
      'project_name_unique',
      'schedule_next_run',
      'team_name',
    ]);
  });

  test('an existing collection without a validator gets one', async () => {
    await mongo.db.collection(COLLECTIONS.projects).insertOne({ legacy: true });
    const { logger } = capturingLogger();
    const store = await openStore({ uri: mongo.uri, dbName: mongo.dbName, logger });
    await store.close();

    const insert = mongo.db.collection(COLLECTIONS.projects).insertOne({ name: 'no team' });

    await expect(insert).rejects.toMatchObject({ code: 121 });
  });

  test('a record that breaks the schema is refused with code 121', async () => {
    const { logger } = capturingLogger();
    const store = await openStore({ uri: mongo.uri, dbName: mongo.dbName, logger });
    await store.close();

    const insert = mongo.db
      .collection(COLLECTIONS.dataSources)
      .insertOne({ teamId: 'T1', name: 'missing everything else' });

    await expect(insert).rejects.toMatchObject({ code: 121 });
  });

  test('without a URI it runs the development store in-process and warns loudly', async () => {
    const { logger, lines } = capturingLogger();

    const store = await openStore({ dbName: 'dev', logger });
    try {
      await store.projects.create('T1', 'Docs', 'U1');
      expect(store.inMemory).toBe(true);
      expect((await store.projects.list('T1')).map((p) => p.name)).toEqual(['Docs']);
    } finally {
      await store.close();
    }
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'warn', msg: DEV_STORE_WARNING }),
    );
  });

  test("without a URI the one warning carries the caller's advice instead of the default", async () => {
    const { logger, lines } = capturingLogger();

    const store = await openStore({ dbName: 'dev', logger, devStoreAdvice: 'Run dev-store.' });
    await store.close();

    const warnings = lines.filter((line) => line.level === 'warn');
    expect(warnings).toEqual([
      expect.objectContaining({ msg: `${DEV_STORE_NOTICE} Run dev-store.` }),
    ]);
  });

  test('an unreachable server fails with `unreachable` and never shows the URI', async () => {
    const { logger } = capturingLogger();
    // Port 1 on loopback: nothing listens there, so the connection is refused.
    const uri = 'mongodb://user:s3cret-pass@127.0.0.1:1/?directConnection=true';

    const error = await openStore({
      uri,
      dbName: 'x',
      logger,
      serverSelectionTimeoutMS: 300,
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('unreachable');
    expect((error as AppError).message).not.toContain('s3cret');
    expect(JSON.stringify((error as AppError).toJSON())).not.toContain('s3cret');
  });
});

describe('storeUnavailable', () => {
  test('refused credentials are a configuration problem', () => {
    const error = storeUnavailable(
      new MongoServerError({ code: 18, errmsg: 'Authentication failed.' }),
    );

    expect(error.code).toBe('config_invalid');
    expect(error.message).toBe('MongoDB refused the credentials in MONGODB_URI.');
  });

  test('missing rights are a configuration problem', () => {
    const error = storeUnavailable(new MongoServerError({ code: 13, errmsg: 'not authorized' }));

    expect(error.code).toBe('config_invalid');
    expect(error.remedies[0]).toContain('dbAdmin');
  });

  test('anything else means MongoDB could not be reached', () => {
    expect(storeUnavailable(new Error('connect ECONNREFUSED')).code).toBe('unreachable');
  });
});
