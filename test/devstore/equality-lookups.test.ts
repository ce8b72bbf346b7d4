/**
 * The development store answers equality queries on indexed fields through hash lookups; these
 * results must be exactly what a full scan gives. Each query runs on an indexed and an
 * unindexed copy of the same documents.
 */
import { Long, ObjectId } from 'mongodb';
import { useTestDatabase, type AnyDocument } from '../support/mongo';

const mongo = useTestDatabase();
const id = new ObjectId('65a000000000000000000001');

const documents: AnyDocument[] = [
  { _id: 1, k: 'a', owner: { id: 'u1' }, tags: ['x', 'y'] },
  { _id: 2, k: 'b', owner: { id: 'u2' }, tags: 'x' },
  { _id: 3, k: 2, owner: [{ id: 'u1' }, { id: 'u3' }], tags: [] },
  { _id: 4, k: Long.fromNumber(2), ref: id },
  { _id: 5, k: null, tags: [['x']] },
  { _id: 6, ref: new ObjectId(id.toHexString()), k: new Date(5) },
];

beforeAll(async () => {
  await mongo.db.collection<AnyDocument>('plain').insertMany(documents.map((d) => ({ ...d })));
  const indexed = mongo.db.collection<AnyDocument>('indexed');
  await indexed.createIndexes([
    { key: { k: 1 } },
    { key: { 'owner.id': 1 } },
    { key: { tags: 1 } },
    { key: { ref: 1 } },
  ]);
  await indexed.insertMany(documents.map((d) => ({ ...d })));
  // Updates and deletes must keep the lookups current.
  await indexed.updateOne({ _id: 2 }, { $set: { k: 'b' } });
  await mongo.db.collection<AnyDocument>('plain').updateOne({ _id: 2 }, { $set: { k: 'b' } });
});

const queries: AnyDocument[] = [
  { k: 'a' },
  { k: 2 },
  { k: { $eq: 2.0 } },
  { k: { $in: ['b', 2] } },
  { k: null },
  { k: new Date(5) },
  { 'owner.id': 'u1' },
  { tags: 'x' },
  { tags: ['x'] },
  { tags: [] },
  { ref: id },
  { _id: { $in: [1, 6, 99] } },
  { $and: [{ k: 'a' }, { 'owner.id': 'u1' }] },
  { k: 'a', tags: 'nope' },
];

describe('equality lookups', () => {
  test.each(queries.map((query) => [JSON.stringify(query), query]))(
    '%s gives the same documents with and without an index',
    async (_name, query) => {
      const ids = async (name: string) =>
        (await mongo.db.collection<AnyDocument>(name).find(query).toArray()).map((d) => d._id);

      expect(await ids('indexed')).toEqual(await ids('plain'));
    },
  );

  test('a document moved to another value is found under the new one only', async () => {
    const indexed = mongo.db.collection<AnyDocument>('indexed');
    await indexed.updateOne({ _id: 1 }, { $set: { k: 'moved' } });

    expect((await indexed.find({ k: 'moved' }).toArray()).map((d) => d._id)).toEqual([1]);
    expect(await indexed.find({ k: 'a' }).toArray()).toEqual([]);

    await indexed.deleteOne({ _id: 1 });
    expect(await indexed.find({ k: 'moved' }).toArray()).toEqual([]);
  });
});
