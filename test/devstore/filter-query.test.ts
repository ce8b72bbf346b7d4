/**
 * The development store's `$in` and `$nin` hash a list of scalars once per compiled filter; they
 * must select exactly what mingo's own operators select, and leave other lists to mingo.
 */
import { ObjectId, type Document } from 'bson';
import { Query } from 'mingo';
import { newFilterQuery, scalarMembership } from '../../src/devstore/filter-query';

const hex = '65a000000000000000000001';

const documents: Document[] = [
  { _id: 1, f: 'x' },
  { _id: 2, f: 1 },
  { _id: 3, f: 1.5 },
  { _id: 4, f: '1' },
  { _id: 5, f: true },
  { _id: 6, f: new Date(5) },
  { _id: 7, f: new ObjectId(hex) },
  { _id: 8, f: ['y', 'x'] },
  { _id: 9, f: [] },
  { _id: 10, f: [['x']] },
  { _id: 11, f: null },
  { _id: 12 },
  { _id: 13, f: { g: 'x' } },
  { _id: 14, a: [{ b: 'x' }, { b: 2 }] },
  { _id: 15, a: { b: ['z', 1] } },
  { _id: 16, a: [{ b: ['x'] }, { c: 1 }] },
];

const scalarLists: unknown[][] = [
  ['x'],
  [1],
  [1.0, 'y'],
  ['1'],
  [true],
  [new Date(5)],
  [new ObjectId(hex)],
  [2, 'z'],
  [],
];

const ids = (query: { test(document: Document): boolean }) =>
  documents.filter((document) => query.test(document)).map((document) => document._id);

describe('hashed $in and $nin', () => {
  const cases = scalarLists.flatMap((list) =>
    ['f', 'a.b'].flatMap((path) =>
      ['$in', '$nin'].map((operator) => ({ [path]: { [operator]: list } })),
    ),
  );

  test.each(cases.map((filter) => [JSON.stringify(filter), filter]))(
    '%s selects what mingo selects',
    (_name, filter) => {
      expect(ids(newFilterQuery(filter))).toEqual(ids(new Query(filter)));
    },
  );

  test('equal ObjectIds and dates match although they are different objects', () => {
    const filter = { f: { $in: [new ObjectId(hex), new Date(5)] } };

    expect(ids(newFilterQuery(filter))).toEqual([6, 7]);
  });

  test('$nin over thousands of ids keeps exactly the documents whose value is not listed', () => {
    const listed = Array.from({ length: 5000 }, (_, i) => `id-${i}`);
    const stored = Array.from({ length: 300 }, (_, i) => ({ _id: i, w: `id-${i * 20}` }));
    const query = newFilterQuery({ w: { $nin: listed } });

    const kept = stored.filter((document) => query.test(document)).map((d) => d._id);

    expect(kept).toEqual(stored.filter((d) => d._id * 20 >= 5000).map((d) => d._id));
  });

  test.each([
    ['null', [null, 'x']],
    ['a regular expression', [/^x/]],
    ['an array', [['x']]],
    ['a document', [{ g: 'x' }]],
  ])('a list holding %s is left to mingo and selects what mingo selects', (_kind, list) => {
    expect(scalarMembership('f', list)).toBeUndefined();
    for (const operator of ['$in', '$nin']) {
      const filter = { f: { [operator]: list } };
      expect(ids(newFilterQuery(filter))).toEqual(ids(new Query(filter)));
    }
  });

  test('an operand that is not a list is left to mingo', () => {
    expect(scalarMembership('f', 'x')).toBeUndefined();
  });

  test('$in and $nin inside $and, $or and $elemMatch use the same matching', () => {
    const filters = [
      { $and: [{ f: { $in: ['x', 1] } }, { _id: { $nin: [8] } }] },
      { $or: [{ f: { $in: [true] } }, { 'a.b': { $in: [2] } }] },
      { a: { $elemMatch: { b: { $in: ['x'] } } } },
    ];
    for (const filter of filters) {
      expect(ids(newFilterQuery(filter))).toEqual(ids(new Query(filter)));
    }
  });
});
