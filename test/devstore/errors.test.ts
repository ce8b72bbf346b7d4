/**
 * Error codes and shapes, pinned to MongoDB's: the driver turns them into MongoServerError /
 * MongoBulkWriteError with the same `code`, which is what callers branch on.
 */
import { MongoBulkWriteError, MongoServerError } from 'mongodb';
import { useTestDatabase, type AnyDocument } from '../support/mongo';

const mongo = useTestDatabase();

beforeEach(() => mongo.reset());

const things = () => mongo.db.collection<AnyDocument>('things');

describe('duplicate keys', () => {
  test('a second document with the same _id fails with 11000 on the _id_ index', async () => {
    await things().insertOne({ _id: 'a' });

    const error = await things()
      .insertOne({ _id: 'a' })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MongoServerError);
    expect(error).toMatchObject({ code: 11000, keyValue: { _id: 'a' } });
    expect((error as Error).message).toMatch(
      /^E11000 duplicate key error collection: .*index: _id_/,
    );
  });

  test('a unique index refuses a duplicate with keyPattern, keyValue and the index name', async () => {
    await things().createIndex({ team: 1, name: 1 }, { unique: true, name: 'team_name' });
    await things().insertOne({ team: 'T', name: 'x' });

    const error = await things()
      .insertOne({ team: 'T', name: 'x' })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({
      code: 11000,
      keyPattern: { team: 1, name: 1 },
      keyValue: { team: 'T', name: 'x' },
    });
    expect((error as Error).message).toContain(
      'index: team_name dup key: { team: "T", name: "x" }',
    );
  });

  test('an update that would create a duplicate fails and leaves the document unchanged', async () => {
    await things().createIndex({ name: 1 }, { unique: true });
    await things().insertMany([
      { _id: 1, name: 'a' },
      { _id: 2, name: 'b' },
    ]);

    await expect(things().updateOne({ _id: 2 }, { $set: { name: 'a' } })).rejects.toMatchObject({
      code: 11000,
    });
    expect(await things().findOne({ _id: 2 })).toEqual({ _id: 2, name: 'b' });
  });

  test('an ordered insertMany stops at the duplicate; an unordered one inserts the rest', async () => {
    await things().createIndex({ k: 1 }, { unique: true });
    const batch = [{ k: 1 }, { k: 1 }, { k: 2 }];

    const ordered = await things()
      .insertMany(batch.map((d) => ({ ...d })))
      .catch((e: unknown) => e);
    await things().deleteMany({});
    const unordered = await things()
      .insertMany(
        batch.map((d) => ({ ...d })),
        { ordered: false },
      )
      .catch((e: unknown) => e);

    expect(ordered).toBeInstanceOf(MongoBulkWriteError);
    expect((ordered as MongoBulkWriteError).insertedCount).toBe(1);
    expect((unordered as MongoBulkWriteError).insertedCount).toBe(2);
    expect((unordered as MongoBulkWriteError).writeErrors).toMatchObject([
      { index: 1, code: 11000 },
    ]);
  });

  test('documents missing the field collide as null, unless the index is sparse', async () => {
    await things().createIndex({ email: 1 }, { unique: true, name: 'email_unique' });
    await things().insertOne({ name: 'no email' });

    await expect(things().insertOne({ name: 'also none' })).rejects.toMatchObject({ code: 11000 });

    await things().dropIndex('email_unique');
    await things().createIndex({ email: 1 }, { unique: true, sparse: true });
    await expect(things().insertOne({ name: 'also none' })).resolves.toBeTruthy();
  });

  test('a partial unique index only constrains the documents it covers', async () => {
    await things().createIndex(
      { name: 1 },
      { unique: true, partialFilterExpression: { active: true } },
    );
    await things().insertMany([
      { name: 'x', active: false },
      { name: 'x', active: false },
      { name: 'x', active: true },
    ]);

    await expect(things().insertOne({ name: 'x', active: true })).rejects.toMatchObject({
      code: 11000,
    });
  });

  test('a unique index cannot be built over existing duplicates', async () => {
    await things().insertMany([{ k: 1 }, { k: 1 }]);

    await expect(things().createIndex({ k: 1 }, { unique: true })).rejects.toMatchObject({
      code: 11000,
    });
  });

  test('a unique upsert racing with itself ends in one document', async () => {
    await things().createIndex({ key: 1 }, { unique: true });

    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        things().updateOne({ key: 'k' }, { $inc: { n: 1 } }, { upsert: true }),
      ),
    );

    expect(await things().countDocuments({ key: 'k' })).toBe(1);
    const fulfilled = results.filter((r) => r.status === 'fulfilled').length;
    expect((await things().findOne({ key: 'k' }))?.n).toBe(fulfilled);
  });
});

describe('immutable _id', () => {
  test('$set on _id fails with code 66', async () => {
    await things().insertOne({ _id: 1 });

    await expect(things().updateOne({ _id: 1 }, { $set: { _id: 2 } })).rejects.toMatchObject({
      code: 66,
    });
  });

  test('a replacement with another _id fails with code 66', async () => {
    await things().insertOne({ _id: 1, a: 1 });

    await expect(things().replaceOne({ _id: 1 }, { _id: 2, a: 2 })).rejects.toMatchObject({
      code: 66,
    });
    expect(await things().findOne({ _id: 1 })).toEqual({ _id: 1, a: 1 });
  });

  test('a replacement repeating the same _id is fine', async () => {
    await things().insertOne({ _id: 1, a: 1 });

    await things().replaceOne({ _id: 1 }, { _id: 1, a: 2 });

    expect(await things().findOne({ _id: 1 })).toEqual({ _id: 1, a: 2 });
  });
});

describe('invalid requests', () => {
  test('an unknown update operator fails with code 9', async () => {
    await things().insertOne({ _id: 1 });

    const update = things().updateOne({ _id: 1 }, { $frobnicate: { a: 1 } } as never);

    await expect(update).rejects.toMatchObject({ code: 9 });
  });

  test('an unknown query operator fails with code 2 (BadValue)', async () => {
    await things().insertOne({ _id: 1 });

    await expect(
      things()
        .find({ a: { $frobnicate: 1 } })
        .toArray(),
    ).rejects.toMatchObject({
      code: 2,
      codeName: 'BadValue',
    });
  });

  test('an unknown command fails with code 59 and MongoDB’s message', async () => {
    const error = await mongo.db.command({ frobnicate: 1 }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 59, codeName: 'CommandNotFound' });
    expect((error as Error).message).toBe("no such command: 'frobnicate'");
  });

  test('listIndexes, dropIndexes and collMod on a missing collection fail with code 26', async () => {
    const missing = mongo.db.collection('missing');

    await expect(missing.listIndexes().toArray()).rejects.toMatchObject({ code: 26 });
    await expect(missing.dropIndex('x_1')).rejects.toMatchObject({ code: 26 });
    await expect(mongo.db.command({ collMod: 'missing', validator: {} })).rejects.toMatchObject({
      code: 26,
    });
  });

  test('creating a collection that exists fails with code 48', async () => {
    await mongo.db.createCollection('once');

    await expect(mongo.db.createCollection('once')).rejects.toMatchObject({ code: 48 });
  });

  test('dropping an index that does not exist fails with code 27', async () => {
    await things().insertOne({ a: 1 });

    await expect(things().dropIndex('nope_1')).rejects.toMatchObject({ code: 27 });
  });

  test('dropping a collection that does not exist succeeds', async () => {
    await expect(mongo.db.collection('never').drop()).resolves.toBe(true);
  });
});

describe('_id in $set', () => {
  test('setting _id to its current value is allowed and changes nothing', async () => {
    await things().insertOne({ _id: 1, a: 1 });

    const result = await things().updateOne({ _id: 1 }, { $set: { _id: 1, a: 2 } });

    expect(result.modifiedCount).toBe(1);
    expect(await things().findOne({ _id: 1 })).toEqual({ _id: 1, a: 2 });
  });

  test('$unset of _id fails with code 66', async () => {
    await things().insertOne({ _id: 1 });

    await expect(things().updateOne({ _id: 1 }, { $unset: { _id: '' } })).rejects.toMatchObject({
      code: 66,
    });
  });

  test('an upsert may choose the new document’s _id with $set', async () => {
    const result = await things().updateOne(
      { name: 'n' },
      { $set: { _id: 'chosen' } },
      { upsert: true },
    );

    expect(result.upsertedId).toBe('chosen');
  });
});
