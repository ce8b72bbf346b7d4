/**
 * Writes and reads over a few thousand documents, shaped like the store's pages and chunks
 * (a unique key of data source and page, long `$in` and `$nin` lists): the answers and the
 * unique-index checks must stay exact however many writes came before. Results are sorted, so
 * the file holds against a real MongoDB too.
 */
import { ObjectId } from 'mongodb';
import { useTestDatabase, type AnyDocument } from '../support/mongo';

const mongo = useTestDatabase();
const pages = () => mongo.db.collection<AnyDocument>('pages');

const SOURCE = new ObjectId('65a0000000000000000000aa');
const OTHER = new ObjectId('65a0000000000000000000bb');
const COUNT = 2000;
const pageId = (n: number) => `page-${n}`;

beforeEach(async () => {
  await mongo.reset();
  await pages().createIndex({ dataSourceId: 1, pageId: 1 }, { unique: true });
  await pages().createIndex({ dataSourceId: 1, writeId: 1 });
  const documents = Array.from({ length: COUNT }, (_, n) => ({
    _id: n,
    dataSourceId: n % 10 === 0 ? OTHER : SOURCE,
    pageId: pageId(n),
    writeId: `w${n}`,
    seen: false,
  }));
  await pages().insertMany(documents);
});

const sortedIds = async (filter: AnyDocument) =>
  (
    await pages()
      .find(filter, { sort: { _id: 1 } })
      .toArray()
  ).map((d) => d._id as number);

describe('many documents', () => {
  test('updateMany over a long $in list changes exactly the listed pages', async () => {
    const listed = Array.from({ length: 700 }, (_, i) => pageId(i * 3));

    const result = await pages().updateMany(
      { dataSourceId: SOURCE, pageId: { $in: listed } },
      { $set: { seen: true } },
    );

    const expected = Array.from({ length: 700 }, (_, i) => i * 3).filter(
      (n) => n < COUNT && n % 10 !== 0,
    );
    expect(result).toMatchObject({ matchedCount: expected.length, modifiedCount: expected.length });
    expect(await sortedIds({ seen: true })).toEqual(expected);
  });

  test('deleteMany with $nin over thousands of write ids keeps the listed ones', async () => {
    const kept = Array.from({ length: COUNT }, (_, n) => n).filter((n) => n % 7 !== 0);

    const result = await pages().deleteMany({
      dataSourceId: SOURCE,
      writeId: { $nin: kept.map((n) => `w${n}`) },
    });

    const removed = Array.from({ length: COUNT }, (_, n) => n).filter(
      (n) => n % 7 === 0 && n % 10 !== 0,
    );
    expect(result.deletedCount).toBe(removed.length);
    expect(await pages().countDocuments({ _id: { $in: removed } })).toBe(0);
    expect(await pages().countDocuments({})).toBe(COUNT - removed.length);
  });

  test('countDocuments by an indexed field and $in agrees with find', async () => {
    const listed = Array.from({ length: 50 }, (_, i) => pageId(i * 11));
    const filter = { dataSourceId: OTHER, pageId: { $in: listed } };

    const counted = await pages().countDocuments(filter);

    expect(counted).toBe((await sortedIds(filter)).length);
    expect(counted).toBe(5); // pages 0, 110, 220, 330, 440 belong to the other source
  });

  test('unique violations are still detected after many updates and deletes', async () => {
    // Move 500 pages of the source to new page ids, one update each, then delete 300 others.
    const moves = Array.from({ length: 500 }, (_, i) => 2 * i + 1);
    await pages().bulkWrite(
      moves.map((n) => ({
        updateOne: { filter: { _id: n }, update: { $set: { pageId: `moved-${n}` } } },
      })),
    );
    await pages().deleteMany({ _id: { $gte: 1500, $lt: 1800 } });

    // A moved-to key is taken, a moved-from key and a deleted key are free again.
    const duplicate = { dataSourceId: SOURCE, pageId: 'moved-999' };
    await expect(pages().insertOne({ _id: 'dup', ...duplicate })).rejects.toMatchObject({
      code: 11000,
    });
    await expect(
      pages().insertOne({ _id: 'freed', dataSourceId: SOURCE, pageId: pageId(999) }),
    ).resolves.toBeTruthy();
    await expect(
      pages().insertOne({ _id: 'deleted', dataSourceId: SOURCE, pageId: pageId(1501) }),
    ).resolves.toBeTruthy();

    // Updating a page onto a taken key fails and leaves it as it was.
    await expect(
      pages().updateOne({ _id: 3 }, { $set: { pageId: pageId(4) } }),
    ).rejects.toMatchObject({ code: 11000 });
    expect(await pages().findOne({ _id: 3 })).toMatchObject({ pageId: 'moved-3' });

    // The same page id under another data source is a different key.
    await expect(
      pages().insertOne({ _id: 'other', dataSourceId: OTHER, pageId: 'moved-999' }),
    ).resolves.toBeTruthy();
  });

  test('an unordered insertMany reports each duplicate among many new pages', async () => {
    const fresh = Array.from({ length: 300 }, (_, i) => ({
      _id: `new-${i}`,
      dataSourceId: SOURCE,
      pageId: i % 100 === 0 ? pageId(i + 1) : `new-page-${i}`,
    }));

    const failure = await pages()
      .insertMany(fresh, { ordered: false })
      .catch((error: unknown) => error);

    expect(failure).toMatchObject({ code: 11000 });
    const errors = (failure as { writeErrors: Array<{ index: number }> }).writeErrors;
    expect(errors.map((e) => e.index)).toEqual([0, 100, 200]);
    expect(await pages().countDocuments({ _id: { $regex: /^new-/ } })).toBe(297);
  });
});
