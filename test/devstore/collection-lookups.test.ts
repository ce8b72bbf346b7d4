/**
 * A development-store collection narrows queries through equality lookups on indexed fields. A
 * lookup must never change the answer: the same documents, in the same (natural) order, as a scan
 * of an unindexed collection holding the same documents, also after updates and deletes.
 */
import type { Document } from 'bson';
import { Collection } from '../../src/devstore/collection';
import { normalizeIndexSpec } from '../../src/devstore/indexes';
import { selectDocuments } from '../../src/devstore/query';

const GROUPS = ['g1', 'g2'];
const PAGES = 600;

/**
 * Every page once in each group, the groups interleaved and the pages scrambled (7919 is prime
 * to 600), so that natural order differs from page order and from the order of any `$in` list.
 */
function seedDocuments(): Document[] {
  return Array.from({ length: PAGES * GROUPS.length }, (_, i) => {
    const page = (Math.floor(i / 2) * 7919 + (i % 2) * 13) % PAGES;
    return { _id: `d${i}`, group: GROUPS[i % 2], page: `p${page}`, tag: page % 5 };
  });
}

function makeCollections(): { indexed: Collection; plain: Collection } {
  const indexed = new Collection('test', 'indexed');
  indexed.createIndex(normalizeIndexSpec({ key: { group: 1, page: 1 }, name: 'group_page' }));
  indexed.createIndex(normalizeIndexSpec({ key: { tag: 1 }, name: 'tag' }));
  const plain = new Collection('test', 'plain');
  for (const document of seedDocuments()) {
    indexed.insert(document);
    plain.insert(document);
  }
  return { indexed, plain };
}

const ids = (collection: Collection, filter: Document) =>
  selectDocuments(collection, filter).documents.map((document) => document._id);

const somePages = ['p599', 'p3', 'p250', 'p42', 'p3', 'p1000', 'p17'];

const filters: Document[] = [
  { group: 'g1', page: { $in: somePages } },
  { page: { $in: somePages } },
  { $and: [{ group: 'g2' }, { page: { $in: somePages } }] },
  { group: 'g1', page: 'p42' },
  { group: 'g1', tag: { $in: [2, 4] }, page: { $nin: somePages } },
  { group: { $in: GROUPS }, tag: 3 },
  { _id: { $in: ['d5', 'd1', 'd999', 'nope'] }, group: 'g2' },
  { group: 'g1', page: { $in: [] } },
];

describe('equality lookups on a collection', () => {
  test.each(filters.map((filter) => [JSON.stringify(filter), filter]))(
    '%s gives the documents of a scan, in the same order',
    (_name, filter) => {
      const { indexed, plain } = makeCollections();

      expect(ids(indexed, filter)).toEqual(ids(plain, filter));
    },
  );

  test('every filter but the empty $in selects something, so the comparisons are real', () => {
    const { plain } = makeCollections();

    const counts = filters.map((filter) => ids(plain, filter).length);

    expect(counts).toEqual([5, 10, 5, 1, 237, 240, 3, 0]);
  });

  test('the candidates come from the most selective lookup, not from the shared group', () => {
    const { indexed } = makeCollections();

    const candidates = indexed.candidates({ group: 'g1', page: { $in: ['p1', 'p2'] } });

    // Two pages of each group share the page values; the group alone holds 600 documents.
    expect(candidates).toHaveLength(4);
  });

  test('after updates and deletes the lookups give what a scan gives', () => {
    const { indexed, plain } = makeCollections();
    for (const collection of [indexed, plain]) {
      for (const current of selectDocuments(collection, { tag: 1 }).documents) {
        collection.replace(current, { ...current, page: `moved-${String(current.page)}` });
      }
      for (const gone of selectDocuments(collection, { tag: 2, group: 'g2' }).documents) {
        collection.remove(gone);
      }
    }

    const moved = ['moved-p1', 'moved-p6', 'p1', 'p6', 'p2', 'p7', 'p3'];
    for (const filter of [{ page: { $in: moved } }, { group: 'g2', page: { $in: moved } }]) {
      expect(ids(indexed, filter)).toEqual(ids(plain, filter));
    }
    expect(ids(indexed, { page: 'p1' })).toEqual([]);
    expect(ids(indexed, { page: 'moved-p1' })).toHaveLength(2);
    expect(ids(indexed, { group: 'g2', page: 'p2' })).toEqual([]);
  });
});
