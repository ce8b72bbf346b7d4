/**
 * Hash lookups that spare the development store a full scan for the most common queries:
 * equality (`{ field: value }`, `$eq`, `$in`) on `_id` or on any field of an index; the lookup
 * with the smallest estimate is used, and only its set is built. A lookup only narrows the
 * candidates; every candidate is still tested against the whole filter, so a lookup may return
 * too much but never too little.
 */
import type { Document } from 'bson';
import { bsonType, keyString, valuesAtPath } from './bson-order';

const SCALAR_TYPES = new Set(['string', 'number', 'bool', 'date', 'objectId']);

/** Values whose equality match is exactly "some value at the path has this key". */
export function isScalar(value: unknown): boolean {
  return SCALAR_TYPES.has(bsonType(value));
}

export class EqualityIndex {
  private readonly buckets = new Map<string, Set<string>>();

  constructor(readonly path: string) {}

  /** Keys under which a document is found: each value at the path, and each array element. */
  private keysOf(document: Document): Set<string> {
    const keys = new Set<string>();
    for (const value of valuesAtPath(document, this.path)) {
      keys.add(keyString(value));
      if (Array.isArray(value)) for (const item of value) keys.add(keyString(item));
    }
    return keys;
  }

  add(document: Document, id: string): void {
    for (const key of this.keysOf(document)) {
      const bucket = this.buckets.get(key) ?? new Set<string>();
      bucket.add(id);
      this.buckets.set(key, bucket);
    }
  }

  remove(document: Document, id: string): void {
    for (const key of this.keysOf(document)) {
      const bucket = this.buckets.get(key);
      bucket?.delete(id);
      if (bucket?.size === 0) this.buckets.delete(key);
    }
  }

  /**
   * How many ids `lookup(values)` would give at most (a document found under several of the
   * values counts once per value), without building the set: what choosing a lookup costs.
   */
  estimate(values: unknown[]): number {
    let total = 0;
    for (const value of values) total += this.buckets.get(keyString(value))?.size ?? 0;
    return total;
  }

  /** Ids of documents that may equal any of `values` at the path. */
  lookup(values: unknown[]): Set<string> {
    const ids = new Set<string>();
    for (const value of values) {
      for (const id of this.buckets.get(keyString(value)) ?? []) ids.add(id);
    }
    return ids;
  }
}

/**
 * The scalar values a filter clause requires at its field, or undefined when the clause is not
 * a plain equality or `$in` of scalars (and so cannot use a lookup).
 */
export function equalityValues(condition: unknown): unknown[] | undefined {
  if (isScalar(condition)) return [condition];
  if (!condition || typeof condition !== 'object' || Array.isArray(condition)) return undefined;
  const operators = condition as Document;
  const keys = Object.keys(operators);
  if (keys.length !== 1) return undefined;
  if (keys[0] === '$eq' && isScalar(operators.$eq)) return [operators.$eq];
  if (keys[0] === '$in' && Array.isArray(operators.$in) && operators.$in.every(isScalar)) {
    return operators.$in as unknown[];
  }
  return undefined;
}
