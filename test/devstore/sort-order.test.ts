/** MongoDB's sort order across BSON types, in find and in aggregation. */
import { Binary, Decimal128, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'mongodb';
import { useTestDatabase, type AnyDocument } from '../support/mongo';

const mongo = useTestDatabase();

beforeEach(() => mongo.reset());

const things = () => mongo.db.collection<AnyDocument>('things');

// One value of each type, in MongoDB's ascending order. (Arrays rank between objects and binary
// data, but a sort on an array field uses its smallest or largest element: tested below.)
const ordered: Array<[string, unknown]> = [
  ['minKey', new MinKey()],
  ['null', null],
  ['number', 1],
  ['string', 'a'],
  ['object', { a: 1 }],
  ['binData', new Binary(Buffer.from('x'))],
  ['objectId', new ObjectId('000000000000000000000001')],
  ['bool', false],
  ['date', new Date(0)],
  ['timestamp', new Timestamp({ t: 1, i: 1 })],
  ['regex', /x/],
  ['maxKey', new MaxKey()],
];

describe('sort across types', () => {
  test('ascending follows MinKey, null, numbers, strings, objects, binary, ObjectId, booleans, dates, timestamps, regex, MaxKey', async () => {
    const shuffled = [...ordered].reverse().map(([type, v], i) => ({ _id: i, type, v }));
    await things().insertMany(shuffled);

    const found = await things().find({}).sort({ v: 1 }).toArray();

    expect(found.map((d) => d.type)).toEqual(ordered.map(([type]) => type));
  });

  test('descending is the reverse', async () => {
    await things().insertMany(ordered.map(([type, v], i) => ({ _id: i, type, v })));

    const found = await things().find({}).sort({ v: -1 }).toArray();

    expect(found.map((d) => d.type)).toEqual(ordered.map(([type]) => type).reverse());
  });

  test('a missing field sorts with null, before numbers', async () => {
    await things().insertMany([
      { _id: 'number', v: 0 },
      { _id: 'missing' },
      { _id: 'null', v: null },
    ]);

    const found = await things().find({}).sort({ v: 1, _id: 1 }).toArray();

    expect(found.map((d) => d._id)).toEqual(['missing', 'null', 'number']);
  });

  test('numbers of different BSON types compare by value', async () => {
    await things().insertMany([
      { _id: 'long', v: Long.fromNumber(3) },
      { _id: 'decimal', v: Decimal128.fromString('2.5') },
      { _id: 'double', v: 1.5 },
      { _id: 'int', v: 2 },
    ]);

    const found = await things().find({}).sort({ v: 1 }).toArray();

    expect(found.map((d) => d._id)).toEqual(['double', 'int', 'decimal', 'long']);
  });

  test('an array sorts by its smallest element ascending and its largest descending', async () => {
    await things().insertMany([
      { _id: 'a', v: [1, 9] },
      { _id: 'b', v: [5] },
    ]);

    const ascending = await things().find({}).sort({ v: 1 }).toArray();
    const descending = await things().find({}).sort({ v: -1 }).toArray();

    expect(ascending.map((d) => d._id)).toEqual(['a', 'b']);
    expect(descending.map((d) => d._id)).toEqual(['a', 'b']);
  });

  test('strings compare by bytes, so capitals come before lowercase', async () => {
    await things().insertMany([{ v: 'b' }, { v: 'B' }, { v: 'a' }, { v: 'A' }]);

    const found = await things()
      .find({}, { projection: { _id: 0 } })
      .sort({ v: 1 })
      .toArray();

    expect(found.map((d) => d.v)).toEqual(['A', 'B', 'a', 'b']);
  });

  test('compound sorts break ties with the next key', async () => {
    await things().insertMany([
      { g: 1, n: 2 },
      { g: 0, n: 5 },
      { g: 1, n: 1 },
    ]);

    const found = await things()
      .find({}, { projection: { _id: 0 } })
      .sort({ g: -1, n: 1 })
      .toArray();

    expect(found).toEqual([
      { g: 1, n: 1 },
      { g: 1, n: 2 },
      { g: 0, n: 5 },
    ]);
  });

  test('$sort in an aggregation uses the same order across types', async () => {
    await things().insertMany([{ v: 'text' }, { v: 10 }, { v: null }, { v: new Date(0) }]);

    const found = await things()
      .aggregate([{ $sort: { v: 1 } }, { $project: { _id: 0, v: 1 } }])
      .toArray();

    expect(found).toEqual([{ v: null }, { v: 10 }, { v: 'text' }, { v: new Date(0) }]);
  });
});

describe('range queries stay within a type', () => {
  test('$gt on a number does not match strings or dates', async () => {
    await things().insertMany([{ v: 5 }, { v: '9' }, { v: new Date(10_000) }, { v: 0 }]);

    const found = await things()
      .find({ v: { $gt: 1 } }, { projection: { _id: 0 } })
      .toArray();

    expect(found).toEqual([{ v: 5 }]);
  });
});
