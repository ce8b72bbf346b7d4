/**
 * MongoDB's comparison order across BSON types, used for sorting, `distinct` and index keys.
 * Order: MinKey, null (missing sorts as null), numbers, strings, objects, arrays, binary data,
 * ObjectId, booleans, dates, timestamps, regular expressions, MaxKey. Within numbers `Long`,
 * `Int32`, `Double` and `Decimal128` compare by value (Decimal128 through a double, which loses
 * precision beyond 15 digits: a known limit of the development store).
 */
import type { Document } from 'bson';

type Bsonish = { _bsontype?: string } & Record<string, unknown>;

/** Sorts before null: how MongoDB orders an empty array in a sort. */
export const EMPTY_ARRAY_KEY = Symbol('empty array');

export function bsonType(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (value === EMPTY_ARRAY_KEY) return 'emptyArray';
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (value instanceof Date) return 'date';
  if (value instanceof RegExp) return 'regex';
  if (Array.isArray(value)) return 'array';
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return 'binData';
  const tag = (value as Bsonish)._bsontype;
  switch (tag) {
    case 'Long':
    case 'Int32':
    case 'Double':
    case 'Decimal128':
      return 'number';
    case 'ObjectId':
    case 'ObjectID':
      return 'objectId';
    case 'Binary':
    case 'UUID':
      return 'binData';
    case 'Timestamp':
      return 'timestamp';
    case 'BSONRegExp':
      return 'regex';
    case 'MinKey':
      return 'minKey';
    case 'MaxKey':
      return 'maxKey';
    case 'BSONSymbol':
      return 'string';
    case 'Code':
      return 'javascript';
    default:
      return 'object';
  }
}

const RANK: Record<string, number> = {
  minKey: 1,
  emptyArray: 2,
  null: 3,
  number: 4,
  string: 5,
  object: 6,
  array: 7,
  binData: 8,
  objectId: 9,
  bool: 10,
  date: 11,
  timestamp: 12,
  regex: 13,
  javascript: 14,
  maxKey: 15,
};

export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  const tagged = value as Bsonish & { toNumber?: () => number; valueOf?: () => unknown };
  if (tagged._bsontype === 'Long' && tagged.toNumber) return tagged.toNumber();
  if (tagged._bsontype === 'Decimal128') return Number(String(value));
  return Number(tagged.valueOf?.());
}

function bytesOf(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  const tagged = value as { buffer?: Uint8Array; id?: Uint8Array; position?: number };
  if (tagged.id instanceof Uint8Array) return tagged.id;
  const bytes = tagged.buffer ?? new Uint8Array();
  return typeof tagged.position === 'number' ? bytes.subarray(0, tagged.position) : bytes;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return Math.sign(a.length - b.length);
}

function compareStrings(a: string, b: string): number {
  return compareBytes(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function compareObjects(a: Document, b: Document): number {
  const left = Object.entries(a).filter(([, v]) => v !== undefined);
  const right = Object.entries(b).filter(([, v]) => v !== undefined);
  const length = Math.min(left.length, right.length);
  for (let i = 0; i < length; i++) {
    const byType = RANK[bsonType(left[i][1])] - RANK[bsonType(right[i][1])];
    if (byType !== 0) return Math.sign(byType);
    const byName = compareStrings(left[i][0], right[i][0]);
    if (byName !== 0) return byName;
    const byValue = compareValues(left[i][1], right[i][1]);
    if (byValue !== 0) return byValue;
  }
  return Math.sign(left.length - right.length);
}

function compareArrays(a: unknown[], b: unknown[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const order = compareValues(a[i], b[i]);
    if (order !== 0) return order;
  }
  return Math.sign(a.length - b.length);
}

function compareSameType(type: string, a: unknown, b: unknown): number {
  switch (type) {
    case 'number': {
      const x = toNumber(a);
      const y = toNumber(b);
      if (Number.isNaN(x) || Number.isNaN(y))
        return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'string':
      return compareStrings(String(a), String(b));
    case 'object':
      return compareObjects(a as Document, b as Document);
    case 'array':
      return compareArrays(a as unknown[], b as unknown[]);
    case 'binData': {
      const x = bytesOf(a);
      const y = bytesOf(b);
      if (x.length !== y.length) return Math.sign(x.length - y.length);
      const subtypes = ((a as Bsonish).sub_type as number) - ((b as Bsonish).sub_type as number);
      return subtypes ? Math.sign(subtypes) : compareBytes(x, y);
    }
    case 'objectId':
      return compareBytes(bytesOf(a), bytesOf(b));
    case 'bool':
      return Number(a) - Number(b);
    case 'date':
      return Math.sign((a as Date).getTime() - (b as Date).getTime());
    case 'timestamp':
      return (a as { compare(other: unknown): number }).compare(b);
    case 'regex':
      return compareStrings(String(a), String(b));
    default:
      return 0;
  }
}

/** MongoDB's total order over BSON values: negative, zero or positive like `Array.sort`. */
export function compareValues(a: unknown, b: unknown): number {
  const typeA = bsonType(a);
  const typeB = bsonType(b);
  if (typeA !== typeB) return Math.sign(RANK[typeA] - RANK[typeB]);
  return compareSameType(typeA, a, b);
}

/**
 * A string equal for values MongoDB considers equal (1 and 1.0 and Long(1), equal ObjectIds),
 * for hashing index keys and `distinct` values. Field order in objects matters, as in MongoDB.
 */
export function keyString(value: unknown): string {
  const type = bsonType(value);
  switch (type) {
    case 'null':
      return 'z';
    case 'number':
      return `n:${toNumber(value)}`;
    case 'string':
      return `s:${JSON.stringify(String(value))}`;
    case 'bool':
      return `b:${String(value)}`;
    case 'date':
      return `d:${(value as Date).getTime()}`;
    case 'objectId':
    case 'binData':
      return `${type}:${Buffer.from(bytesOf(value)).toString('hex')}`;
    case 'array':
      return `a[${(value as unknown[]).map(keyString).join(',')}]`;
    case 'object':
      return `o{${Object.entries(value as Document)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${JSON.stringify(k)}:${keyString(v)}`)
        .join(',')}}`;
    default:
      return `${type}:${String(value)}`;
  }
}

/**
 * Every value at a dotted path, descending into arrays the way MongoDB queries do
 * (`a.b` on `{a: [{b: 1}, {b: 2}]}` gives 1 and 2). An empty list means the path is missing.
 */
export function valuesAtPath(document: unknown, path: string): unknown[] {
  const [head, ...rest] = path.split('.');
  if (document === null || typeof document !== 'object') return [];
  if (Array.isArray(document)) {
    if (/^\d+$/.test(head)) {
      const item = document[Number(head)];
      return rest.length === 0
        ? item === undefined
          ? []
          : [item]
        : valuesAtPath(item, rest.join('.'));
    }
    return document.flatMap((item) => valuesAtPath(item, path));
  }
  if (!(head in document)) return [];
  const value = (document as Document)[head];
  if (value === undefined) return [];
  return rest.length === 0 ? [value] : valuesAtPath(value, rest.join('.'));
}

/** The value a document sorts by on one field: the smallest (ascending) or largest array element. */
export function sortKey(document: Document, path: string, direction: 1 | -1): unknown {
  const values = valuesAtPath(document, path);
  if (values.length === 0) return null;
  const flat = values.flatMap((value) =>
    Array.isArray(value) ? (value.length === 0 ? [EMPTY_ARRAY_KEY] : value) : [value],
  );
  let best = flat[0];
  for (const value of flat.slice(1)) {
    if (compareValues(value, best) * direction < 0) best = value;
  }
  return best;
}
