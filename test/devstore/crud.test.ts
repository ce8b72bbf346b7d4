/**
 * CRUD through the official driver, pinned to MongoDB's documented behaviour. Runs against the
 * development store, or against a real MongoDB when MONGODB_URI is set.
 */
import { ObjectId } from 'mongodb';
import { useTestDatabase, type AnyDocument } from '../support/mongo';

const mongo = useTestDatabase();

beforeEach(() => mongo.reset());

describe('insert and find', () => {
  test('insertOne assigns an ObjectId and findOne returns the document with _id first', async () => {
    const things = mongo.db.collection<AnyDocument>('things');
    const { insertedId } = await things.insertOne({ name: 'a', size: 3 });

    const found = await things.findOne({ name: 'a' });

    expect(insertedId).toBeInstanceOf(ObjectId);
    expect(found).toEqual({ _id: insertedId, name: 'a', size: 3 });
    expect(Object.keys(found!)[0]).toBe('_id');
  });

  test('find applies filter, sort, skip, limit and projection', async () => {
    const things = mongo.db.collection<AnyDocument>('things');
    await things.insertMany([1, 2, 3, 4, 5].map((n) => ({ _id: n, n, even: n % 2 === 0 })));

    const found = await things
      .find({ n: { $gte: 2 } }, { projection: { _id: 0, n: 1 } })
      .sort({ n: -1 })
      .skip(1)
      .limit(2)
      .toArray();

    expect(found).toEqual([{ n: 4 }, { n: 3 }]);
  });

  test('find on a collection that does not exist returns nothing', async () => {
    expect(await mongo.db.collection<AnyDocument>('missing').find({}).toArray()).toEqual([]);
  });

  test('dates, nested documents and arrays round-trip unchanged', async () => {
    const things = mongo.db.collection<AnyDocument>('things');
    const document = { _id: 'x', at: new Date('2024-05-01T10:00:00Z'), meta: { tags: ['a', 'b'] } };
    await things.insertOne(document);

    expect(await things.findOne({ 'meta.tags': 'b', at: { $lt: new Date('2025-01-01') } })).toEqual(
      document,
    );
  });
});

describe('null versus missing', () => {
  beforeEach(async () => {
    await mongo.db
      .collection<AnyDocument>('things')
      .insertMany([{ _id: 1, v: null }, { _id: 2 }, { _id: 3, v: 0 }]);
  });

  test('{ v: null } matches both a null and a missing field', async () => {
    const ids = (await mongo.db.collection<AnyDocument>('things').find({ v: null }).toArray()).map(
      (d) => d._id,
    );
    expect(ids).toEqual([1, 2]);
  });

  test('$exists: false matches only the missing field', async () => {
    const found = await mongo.db
      .collection<AnyDocument>('things')
      .find({ v: { $exists: false } })
      .toArray();
    expect(found.map((d) => d._id)).toEqual([2]);
  });

  test('$type: "null" matches only the null field', async () => {
    const found = await mongo.db
      .collection<AnyDocument>('things')
      .find({ v: { $type: 'null' } })
      .toArray();
    expect(found.map((d) => d._id)).toEqual([1]);
  });
});

describe('update', () => {
  test('updateOne reports matched and modified counts, and a no-op is not a modification', async () => {
    const things = mongo.db.collection<AnyDocument>('things');
    await things.insertOne({ _id: 1, n: 1 });

    const changed = await things.updateOne({ _id: 1 }, { $set: { n: 2 } });
    const same = await things.updateOne({ _id: 1 }, { $set: { n: 2 } });
    const none = await things.updateOne({ _id: 9 }, { $set: { n: 2 } });

    expect([changed.matchedCount, changed.modifiedCount]).toEqual([1, 1]);
    expect([same.matchedCount, same.modifiedCount]).toEqual([1, 0]);
    expect([none.matchedCount, none.modifiedCount, none.upsertedCount]).toEqual([0, 0, 0]);
  });

  test('updateMany changes every match and $unset removes the field', async () => {
    const things = mongo.db.collection<AnyDocument>('things');
    await things.insertMany([
      { k: 'a', x: 1 },
      { k: 'a', x: 2 },
      { k: 'b', x: 3 },
    ]);

    const result = await things.updateMany({ k: 'a' }, { $inc: { x: 10 }, $unset: { k: '' } });

    expect(result.modifiedCount).toBe(2);
    const remaining = await things
      .find({}, { projection: { _id: 0 } })
      .sort({ x: 1 })
      .toArray();
    expect(remaining).toEqual([{ k: 'b', x: 3 }, { x: 11 }, { x: 12 }]);
  });

  test('arrayFilters update only the matching array elements', async () => {
    const things = mongo.db.collection<AnyDocument>('things');
    await things.insertOne({
      _id: 1,
      items: [
        { k: 1, v: 0 },
        { k: 2, v: 0 },
      ],
    });

    await things.updateOne(
      { _id: 1 },
      { $set: { 'items.$[item].v': 9 } },
      { arrayFilters: [{ 'item.k': 2 }] },
    );

    expect((await things.findOne({ _id: 1 }))?.items).toEqual([
      { k: 1, v: 0 },
      { k: 2, v: 9 },
    ]);
  });

  test('the positional $ updates the element the query matched', async () => {
    const things = mongo.db.collection<AnyDocument>('things');
    await things.insertOne({
      _id: 1,
      items: [
        { k: 1, v: 0 },
        { k: 2, v: 0 },
      ],
    });

    await things.updateOne({ _id: 1, 'items.k': 2 }, { $set: { 'items.$.v': 7 } });

    expect((await things.findOne({ _id: 1 }))?.items).toEqual([
      { k: 1, v: 0 },
      { k: 2, v: 7 },
    ]);
  });

  test('a pipeline update computes new fields from existing ones', async () => {
    const things = mongo.db.collection<AnyDocument>('things');
    await things.insertOne({ _id: 1, a: 2, b: 3 });

    await things.updateOne({ _id: 1 }, [{ $set: { sum: { $add: ['$a', '$b'] } } }]);

    expect(await things.findOne({ _id: 1 })).toEqual({ _id: 1, a: 2, b: 3, sum: 5 });
  });

  test('replaceOne keeps the _id and drops fields not in the replacement', async () => {
    const things = mongo.db.collection<AnyDocument>('things');
    await things.insertOne({ _id: 1, a: 1, b: 2 });

    const result = await things.replaceOne({ _id: 1 }, { c: 3 });

    expect(result.modifiedCount).toBe(1);
    expect(await things.findOne({ _id: 1 })).toEqual({ _id: 1, c: 3 });
  });

  test('$push with $each and $slice, and $addToSet without duplicates', async () => {
    const things = mongo.db.collection<{ _id: number; list: number[]; set: string[] }>('things');
    await things.insertOne({ _id: 1, list: [1], set: ['a'] });

    await things.updateOne(
      { _id: 1 },
      { $push: { list: { $each: [2, 3, 4], $slice: -3 } }, $addToSet: { set: 'a' } },
    );

    expect(await things.findOne({ _id: 1 })).toEqual({ _id: 1, list: [2, 3, 4], set: ['a'] });
  });
});

describe('upsert', () => {
  test('seeds the new document from equality fields of the query, including inside $and', async () => {
    const things = mongo.db.collection<AnyDocument>('things');

    const result = await things.updateOne(
      { $and: [{ team: 'T1' }, { 'owner.id': 'U1' }], kind: { $eq: 'x' }, size: { $gt: 3 } },
      { $set: { touched: true } },
      { upsert: true },
    );

    expect(result.upsertedCount).toBe(1);
    expect(await things.findOne({ _id: result.upsertedId! })).toEqual({
      _id: result.upsertedId,
      team: 'T1',
      owner: { id: 'U1' },
      kind: 'x',
      touched: true,
    });
  });

  test('$setOnInsert applies when inserting and is ignored when the document exists', async () => {
    const things = mongo.db.collection<AnyDocument>('things');
    const upsert = () =>
      things.updateOne(
        { key: 'k' },
        { $inc: { hits: 1 }, $setOnInsert: { createdBy: 'first' } },
        { upsert: true },
      );

    const first = await upsert();
    const second = await upsert();

    expect([first.upsertedCount, first.matchedCount]).toEqual([1, 0]);
    expect([second.upsertedCount, second.matchedCount, second.modifiedCount]).toEqual([0, 1, 1]);
    expect(await things.findOne({ key: 'k' }, { projection: { _id: 0 } })).toEqual({
      key: 'k',
      hits: 2,
      createdBy: 'first',
    });
  });

  test('an upsert with a query on _id inserts that _id', async () => {
    const things = mongo.db.collection<AnyDocument>('things');

    const result = await things.updateOne({ _id: 'fixed' }, { $set: { a: 1 } }, { upsert: true });

    expect(result.upsertedId).toBe('fixed');
  });

  test('findOneAndUpdate with upsert returns the new document when asked', async () => {
    const things = mongo.db.collection<AnyDocument>('things');

    const created = await things.findOneAndUpdate(
      { name: 'job' },
      { $set: { state: 'new' }, $setOnInsert: { runs: 0 } },
      { upsert: true, returnDocument: 'after', projection: { _id: 0 } },
    );

    expect(created).toEqual({ name: 'job', state: 'new', runs: 0 });
  });
});

describe('findOneAndUpdate and findOneAndDelete', () => {
  beforeEach(async () => {
    await mongo.db.collection<AnyDocument>('jobs').insertMany([
      { _id: 1, priority: 1, lockedAt: null },
      { _id: 2, priority: 5, lockedAt: null },
      { _id: 3, priority: 5, lockedAt: new Date() },
    ]);
  });

  test('picks the first match in sort order and returns the document before the update', async () => {
    const jobs = mongo.db.collection<AnyDocument>('jobs');

    const before = await jobs.findOneAndUpdate(
      { lockedAt: null },
      { $set: { lockedAt: new Date(0) } },
      { sort: { priority: -1 } },
    );

    expect(before).toEqual({ _id: 2, priority: 5, lockedAt: null });
    expect((await jobs.findOne({ _id: 2 }))?.lockedAt).toEqual(new Date(0));
  });

  test('returns null when nothing matches', async () => {
    const jobs = mongo.db.collection<AnyDocument>('jobs');
    expect(await jobs.findOneAndUpdate({ _id: 99 }, { $set: { a: 1 } })).toBeNull();
  });

  test('findOneAndDelete removes and returns the document', async () => {
    const jobs = mongo.db.collection<AnyDocument>('jobs');

    const removed = await jobs.findOneAndDelete({ _id: 1 });

    expect(removed?._id).toBe(1);
    expect(await jobs.countDocuments()).toBe(2);
  });
});

describe('delete and counting', () => {
  test('deleteOne removes one match, deleteMany all of them', async () => {
    const things = mongo.db.collection<AnyDocument>('things');
    await things.insertMany([{ k: 1 }, { k: 1 }, { k: 1 }, { k: 2 }]);

    const one = await things.deleteOne({ k: 1 });
    const many = await things.deleteMany({ k: 1 });

    expect([one.deletedCount, many.deletedCount]).toEqual([1, 2]);
    expect(await things.countDocuments()).toBe(1);
  });

  test('countDocuments filters, estimatedDocumentCount counts all', async () => {
    const things = mongo.db.collection<AnyDocument>('things');
    await things.insertMany([{ k: 1 }, { k: 2 }, { k: 2 }]);

    expect(await things.countDocuments({ k: 2 })).toBe(2);
    expect(await things.countDocuments({ k: 3 })).toBe(0);
    expect(await things.estimatedDocumentCount()).toBe(3);
  });

  test('distinct flattens arrays and returns each value once', async () => {
    const things = mongo.db.collection<AnyDocument>('things');
    await things.insertMany([{ tags: ['a', 'b'] }, { tags: 'b' }, { tags: ['c'] }, {}]);

    expect((await things.distinct('tags')).sort()).toEqual(['a', 'b', 'c']);
  });
});

describe('aggregate', () => {
  test('$match, $group, $sort and $project', async () => {
    const sales = mongo.db.collection<AnyDocument>('sales');
    await sales.insertMany([
      { item: 'a', qty: 2 },
      { item: 'b', qty: 1 },
      { item: 'a', qty: 3 },
    ]);

    const totals = await sales
      .aggregate([
        { $match: { qty: { $gte: 1 } } },
        { $group: { _id: '$item', total: { $sum: '$qty' } } },
        { $sort: { total: -1 } },
        { $project: { _id: 0, item: '$_id', total: 1 } },
      ])
      .toArray();

    expect(totals).toEqual([
      { item: 'a', total: 5 },
      { item: 'b', total: 1 },
    ]);
  });

  test('a leading $match on indexed fields selects as it does without indexes', async () => {
    const rows = Array.from({ length: 60 }, (_, n) => ({ _id: n, g: n % 3, k: `k${n % 7}` }));
    const indexed = mongo.db.collection<AnyDocument>('indexed_rows');
    await indexed.createIndex({ g: 1, k: 1 });
    await indexed.insertMany(rows.map((row) => ({ ...row })));
    await mongo.db
      .collection<AnyDocument>('plain_rows')
      .insertMany(rows.map((row) => ({ ...row })));
    const pipeline = [
      { $match: { g: 1, k: { $in: ['k2', 'k5', 'k9'] } } },
      { $sort: { _id: -1 } },
      { $project: { _id: 1 } },
    ];

    const found = await indexed.aggregate(pipeline).toArray();

    expect(found).toEqual(await mongo.db.collection('plain_rows').aggregate(pipeline).toArray());
    expect(found.map((row) => row._id)).toEqual([58, 40, 37, 19, 16]);
  });

  test('an unknown operator in a leading $match fails with code 2', async () => {
    const sales = mongo.db.collection<AnyDocument>('sales');
    await sales.insertOne({ qty: 1 });

    const error = await sales
      .aggregate([{ $match: { qty: { $frob: 1 } } }])
      .toArray()
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 2 });
  });

  test('$lookup joins another collection of the same database', async () => {
    await mongo.db.collection<AnyDocument>('authors').insertOne({ _id: 1, name: 'Ada' });
    await mongo.db.collection<AnyDocument>('books').insertOne({ _id: 10, authorId: 1 });

    const [book] = await mongo.db
      .collection<AnyDocument>('books')
      .aggregate([
        { $lookup: { from: 'authors', localField: 'authorId', foreignField: '_id', as: 'author' } },
      ])
      .toArray();

    expect(book.author).toEqual([{ _id: 1, name: 'Ada' }]);
  });
});
