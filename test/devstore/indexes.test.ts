/** Index management commands. */
import { useTestDatabase, type AnyDocument } from '../support/mongo';

const mongo = useTestDatabase();
const things = () => mongo.db.collection<AnyDocument>('things');

beforeEach(() => mongo.reset());

describe('indexes', () => {
  test('createIndex names the index from its key and lists it beside _id_', async () => {
    const name = await things().createIndex({ team: 1, createdAt: -1 });

    const indexes = await things().listIndexes().toArray();

    expect(name).toBe('team_1_createdAt_-1');
    expect(indexes).toEqual([
      { v: 2, key: { _id: 1 }, name: '_id_' },
      { v: 2, key: { team: 1, createdAt: -1 }, name: 'team_1_createdAt_-1' },
    ]);
  });

  test('creating the same index again is harmless', async () => {
    await things().createIndex({ a: 1 }, { unique: true });
    await things().createIndex({ a: 1 }, { unique: true });

    expect(await things().listIndexes().toArray()).toHaveLength(2);
  });

  test('the same name with other options fails with code 85, with another key with 86', async () => {
    await things().createIndex({ a: 1 }, { name: 'a' });

    await expect(things().createIndex({ a: 1 }, { name: 'a', unique: true })).rejects.toMatchObject(
      {
        code: 85,
      },
    );
    await expect(things().createIndex({ b: 1 }, { name: 'a' })).rejects.toMatchObject({ code: 86 });
  });

  test('dropIndex by name removes it and its uniqueness', async () => {
    await things().createIndex({ a: 1 }, { unique: true });
    await things().insertOne({ a: 1 });

    await things().dropIndex('a_1');

    await expect(things().insertOne({ a: 1 })).resolves.toBeTruthy();
    expect(await things().listIndexes().toArray()).toHaveLength(1);
  });

  test('dropIndexes removes all but _id_', async () => {
    await things().createIndexes([{ key: { a: 1 } }, { key: { b: 1 } }]);

    await things().dropIndexes();

    expect((await things().listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
  });

  test('a unique index on an array field refuses a value another document’s array holds', async () => {
    await things().createIndex({ tags: 1 }, { unique: true });
    await things().insertOne({ tags: ['a', 'b'] });

    await expect(things().insertOne({ tags: ['c', 'b'] })).rejects.toMatchObject({ code: 11000 });
  });

  test('createIndexes creates the collection when it does not exist', async () => {
    await mongo.db.collection('fresh').createIndex({ a: 1 });

    const names = (await mongo.db.listCollections().toArray()).map((c) => c.name);
    expect(names).toContain('fresh');
  });
});
