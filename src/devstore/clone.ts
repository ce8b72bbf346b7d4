/**
 * Deep copies of documents that keep BSON values (ObjectId, Long, Binary, …) as they are: those
 * are immutable, so sharing them is safe, while plain objects, arrays and dates are copied.
 */
import type { Document } from 'bson';

export function cloneValue<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map(cloneValue) as T;
  if ('_bsontype' in value || value instanceof Uint8Array || value instanceof RegExp) return value;
  const copy: Document = {};
  for (const [key, item] of Object.entries(value)) copy[key] = cloneValue(item);
  return copy as T;
}

export function cloneDocument(document: Document): Document {
  return cloneValue(document);
}
