/**
 * `$text` queries. Real MongoDB scores differently from the development store, so these tests
 * only rely on what both guarantee: which documents match, and that a heavier field or more
 * occurrences rank higher.
 */
import { useTestDatabase, type AnyDocument } from '../support/mongo';

const mongo = useTestDatabase();
const articles = () => mongo.db.collection<AnyDocument>('articles');

beforeAll(async () => {
  await articles().createIndex(
    { title: 'text', body: 'text' },
    { weights: { title: 10, body: 1 }, name: 'articles_text' },
  );
  await articles().insertMany([
    { _id: 1, title: 'Deploying services', body: 'How to roll out a release.', tag: 'ops' },
    {
      _id: 2,
      title: 'Coffee machine',
      body: 'The machine deploys coffee, not services.',
      tag: 'office',
    },
    { _id: 3, title: 'Holiday policies', body: 'Book your leave early.', tag: 'hr' },
    {
      _id: 4,
      title: 'Release notes',
      body: 'Release release release of the new release.',
      tag: 'ops',
    },
    { _id: 5, title: 'Release checklist', body: 'Before a release, freeze.', tag: 'ops' },
  ]);
});

const ids = (documents: AnyDocument[]) => documents.map((d) => d._id);

describe('$text', () => {
  test('matches any of the words, case-insensitively', async () => {
    const found = await articles()
      .find({ $text: { $search: 'COFFEE leave' } })
      .toArray();

    expect(ids(found).sort()).toEqual([2, 3]);
  });

  test('matches singular and plural forms', async () => {
    expect(
      ids(
        await articles()
          .find({ $text: { $search: 'policy' } })
          .toArray(),
      ),
    ).toEqual([3]);
    expect(
      ids(
        await articles()
          .find({ $text: { $search: 'checklists' } })
          .toArray(),
      ),
    ).toEqual([5]);
  });

  test('a quoted phrase must appear as written', async () => {
    const found = await articles()
      .find({ $text: { $search: '"roll out"' } })
      .toArray();

    expect(ids(found)).toEqual([1]);
  });

  test('a negated word excludes documents containing it', async () => {
    const found = await articles()
      .find({ $text: { $search: 'services -coffee' } })
      .toArray();

    expect(ids(found)).toEqual([1]);
  });

  test('stop words alone match nothing', async () => {
    expect(
      await articles()
        .find({ $text: { $search: 'the of a' } })
        .toArray(),
    ).toEqual([]);
  });

  test('combines with other conditions', async () => {
    const found = await articles()
      .find({ $text: { $search: 'release' }, tag: 'ops', _id: { $ne: 4 } })
      .toArray();

    expect(ids(found).sort()).toEqual([1, 5]);
  });

  test('projects and sorts by textScore: a title match outranks a body match', async () => {
    const found = await articles()
      .find({ $text: { $search: 'services' } }, { projection: { score: { $meta: 'textScore' } } })
      .sort({ score: { $meta: 'textScore' } })
      .toArray();

    expect(ids(found)).toEqual([1, 2]);
    expect(found[0].score).toBeGreaterThan(found[1].score);
  });

  test('more occurrences rank higher within the same field', async () => {
    const found = await articles()
      .find({ $text: { $search: 'release' }, _id: { $in: [4, 5] } })
      .project({ score: { $meta: 'textScore' } })
      .sort({ score: { $meta: 'textScore' } })
      .toArray();

    expect(ids(found)).toEqual([4, 5]);
  });

  test('works as the first $match of an aggregation, with the score available later', async () => {
    const found = await articles()
      .aggregate([
        { $match: { $text: { $search: 'services' } } },
        { $project: { _id: 1, score: { $meta: 'textScore' } } },
        { $sort: { score: -1 } },
      ])
      .toArray();

    expect(ids(found)).toEqual([1, 2]);
    expect(found[0].score).toBeGreaterThan(0);
  });

  test('without a text index the query fails with code 27', async () => {
    await mongo.db.collection('plain').insertOne({ a: 'x' });

    await expect(
      mongo.db
        .collection('plain')
        .find({ $text: { $search: 'x' } })
        .toArray(),
    ).rejects.toMatchObject({ code: 27 });
  });

  test('a second text index on a collection is refused with code 85', async () => {
    await expect(articles().createIndex({ tag: 'text' })).rejects.toMatchObject({ code: 85 });
  });

  test('the text index is listed with _fts/_ftsx keys and its weights', async () => {
    const indexes = await articles().listIndexes().toArray();
    const text = indexes.find((index) => index.name === 'articles_text');

    expect(text).toMatchObject({
      key: { _fts: 'text', _ftsx: 1 },
      weights: { title: 10, body: 1 },
    });
  });
});
