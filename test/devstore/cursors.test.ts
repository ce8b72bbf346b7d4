/** Cursors: batches, getMore, limits, and closing early. */
import { Long } from 'mongodb';
import { useTestDatabase, type AnyDocument } from '../support/mongo';

const mongo = useTestDatabase();
const numbers = () => mongo.db.collection<AnyDocument>('numbers');

beforeAll(async () => {
  await numbers().insertMany(Array.from({ length: 250 }, (_, n) => ({ _id: n, n })));
});

describe('cursors', () => {
  test('toArray reads past the first batch of 101 through getMore', async () => {
    const all = await numbers().find({}).sort({ n: 1 }).toArray();

    expect(all).toHaveLength(250);
    expect(all.at(-1)).toEqual({ _id: 249, n: 249 });
  });

  test('a small batchSize still yields every document, in order', async () => {
    const seen: number[] = [];
    for await (const document of numbers()
      .find({ n: { $lt: 25 } })
      .sort({ n: -1 })
      .batchSize(7)) {
      seen.push(document.n);
    }

    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => 24 - i));
  });

  test('limit applies across batches', async () => {
    const limited = await numbers().find({}).batchSize(10).limit(35).toArray();

    expect(limited).toHaveLength(35);
  });

  test('findOne reads a single document', async () => {
    expect(await numbers().findOne({ n: { $gte: 200 } }, { sort: { n: -1 } })).toEqual({
      _id: 249,
      n: 249,
    });
  });

  test('closing a cursor early kills it on the server', async () => {
    const cursor = numbers().find({}).batchSize(5);
    await cursor.next();
    const id = cursor.id;

    await cursor.close();

    expect(id?.isZero()).toBe(false);
    await expect(mongo.db.command({ getMore: id, collection: 'numbers' })).rejects.toMatchObject({
      code: 43,
    });
  });

  test('an aggregation cursor is read to the end through getMore', async () => {
    const all = await numbers()
      .aggregate([{ $match: { n: { $gte: 50 } } }], { batchSize: 20 })
      .toArray();

    expect(all).toHaveLength(200);
  });

  test('getMore on an unknown cursor fails with code 43', async () => {
    const error = await mongo.db
      .command({ getMore: Long.fromNumber(123456789), collection: 'numbers' })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 43 });
  });
});
