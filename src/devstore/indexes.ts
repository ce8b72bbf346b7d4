/**
 * Index definitions and unique constraints. Indexes matter here for what they enforce (unique,
 * partial, sparse), for text search (a text index names the searched fields and their weights)
 * and as equality lookups on their fields (`equality-index.ts`); `listIndexes` returns them as
 * MongoDB does, text keys as `{ _fts: 'text', _ftsx: 1 }`.
 */
import type { Document } from 'bson';
import { Query } from 'mingo';
import { bsonType, compareValues, keyString, valuesAtPath } from './bson-order';
import { CommandError } from './errors';
import type { TextIndexSpec } from './text-search';

/** An index as stored and listed. Unknown options are kept verbatim. */
export interface IndexSpec extends Document {
  v: 2;
  key: Document;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
  weights?: Record<string, number>;
  default_language?: string;
  language_override?: string;
  textIndexVersion?: number;
}

export const ID_INDEX: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

const isText = (value: unknown) => value === 'text';

function defaultName(key: Document): string {
  return Object.entries(key)
    .map(([field, kind]) => `${field}_${String(kind)}`)
    .join('_');
}

/** Turns a `createIndexes` entry into a stored spec; text fields become `_fts`/`_ftsx`. */
export function normalizeIndexSpec(raw: Document): IndexSpec {
  const key = raw.key as Document | undefined;
  if (!key || typeof key !== 'object' || Object.keys(key).length === 0) {
    throw new CommandError('BadValue', 'Index key pattern must be a non-empty object');
  }
  const name = typeof raw.name === 'string' ? raw.name : defaultName(key);
  const { v: _v, key: _key, name: _name, ...options } = raw;
  void [_v, _key, _name];
  const spec: IndexSpec = { v: 2, key, name, ...options };
  const textFields = Object.keys(key).filter((field) => isText(key[field]));
  if (textFields.length === 0) return spec;

  // A text index: weights default to 1 per named field, other key fields stay as prefix/suffix.
  const weights: Record<string, number> = {};
  for (const field of textFields) weights[field] = 1;
  Object.assign(weights, (raw.weights as Record<string, number> | undefined) ?? {});
  const normalizedKey: Document = {};
  let textPlaced = false;
  for (const [field, kind] of Object.entries(key)) {
    if (!isText(kind)) normalizedKey[field] = kind;
    else if (!textPlaced) {
      normalizedKey._fts = 'text';
      normalizedKey._ftsx = 1;
      textPlaced = true;
    }
  }
  return {
    ...spec,
    key: normalizedKey,
    weights,
    default_language: (raw.default_language as string | undefined) ?? 'english',
    language_override: (raw.language_override as string | undefined) ?? 'language',
    textIndexVersion: 3,
  };
}

export function isTextIndex(spec: IndexSpec): boolean {
  return spec.key._fts === 'text';
}

export function textSpecOf(spec: IndexSpec): TextIndexSpec {
  return { weights: spec.weights ?? {}, defaultLanguage: spec.default_language ?? 'english' };
}

const OPTION_FIELDS = [
  'unique',
  'sparse',
  'partialFilterExpression',
  'weights',
  'expireAfterSeconds',
  'collation',
];

/** Whether two specs define the same index (same key and options that matter). */
export function sameKey(a: IndexSpec, b: IndexSpec): boolean {
  return compareValues(a.key, b.key) === 0;
}

export function sameOptions(a: IndexSpec, b: IndexSpec): boolean {
  return OPTION_FIELDS.every((field) => {
    const left = field === 'unique' || field === 'sparse' ? Boolean(a[field]) : a[field];
    const right = field === 'unique' || field === 'sparse' ? Boolean(b[field]) : b[field];
    return compareValues(left ?? null, right ?? null) === 0;
  });
}

/** How MongoDB prints a key value in an E11000 message. */
export function formatKeyValue(value: unknown): string {
  const type = bsonType(value);
  if (type === 'null') return 'null';
  if (type === 'string') return JSON.stringify(value);
  if (type === 'objectId') return `ObjectId('${String(value)}')`;
  if (type === 'date') return `new Date(${(value as Date).getTime()})`;
  if (type === 'array') return `[ ${(value as unknown[]).map(formatKeyValue).join(', ')} ]`;
  if (type === 'object') {
    const entries = Object.entries(value as Document);
    return `{ ${entries.map(([k, v]) => `${k}: ${formatKeyValue(v)}`).join(', ')} }`;
  }
  return String(value);
}

/** Enforces one unique index: which document owns each key. */
export class UniqueConstraint {
  private readonly owners = new Map<string, string>();
  private readonly fields: string[];
  private readonly partial?: Query;

  constructor(
    readonly spec: IndexSpec,
    private readonly namespace: string,
  ) {
    this.fields = Object.keys(spec.key).filter((field) => field !== '_fts' && field !== '_ftsx');
    if (spec.partialFilterExpression) this.partial = new Query(spec.partialFilterExpression);
  }

  /** The key tuples a document contributes (several when an indexed field is an array). */
  private keysOf(document: Document): Array<unknown[]> {
    if (this.partial && !this.partial.test(document)) return [];
    const perField = this.fields.map((field) => {
      const values = valuesAtPath(document, field);
      const flat = values.flatMap((value) =>
        Array.isArray(value) ? (value.length ? value : [undefined]) : [value],
      );
      return flat.length ? flat : [null];
    });
    if (
      this.spec.sparse &&
      this.fields.every((field) => valuesAtPath(document, field).length === 0)
    ) {
      return [];
    }
    return perField.reduce<Array<unknown[]>>(
      (tuples, values) => tuples.flatMap((tuple) => values.map((value) => [...tuple, value])),
      [[]],
    );
  }

  /** Throws E11000 if another document already owns one of `document`'s keys. */
  check(document: Document, ownerId: string): void {
    for (const tuple of this.keysOf(document)) {
      const owner = this.owners.get(keyString(tuple));
      if (owner !== undefined && owner !== ownerId) throw this.duplicate(tuple);
    }
  }

  add(document: Document, ownerId: string): void {
    for (const tuple of this.keysOf(document)) this.owners.set(keyString(tuple), ownerId);
  }

  remove(document: Document, ownerId: string): void {
    for (const tuple of this.keysOf(document)) {
      const key = keyString(tuple);
      if (this.owners.get(key) === ownerId) this.owners.delete(key);
    }
  }

  private duplicate(tuple: unknown[]): CommandError {
    const keyValue: Document = {};
    this.fields.forEach((field, i) => (keyValue[field] = tuple[i] ?? null));
    return duplicateKeyError(this.namespace, this.spec, keyValue);
  }
}

export function duplicateKeyError(namespace: string, spec: IndexSpec, keyValue: Document) {
  const shown = Object.entries(keyValue)
    .map(([field, value]) => `${field}: ${formatKeyValue(value)}`)
    .join(', ');
  return new CommandError(
    'DuplicateKey',
    `E11000 duplicate key error collection: ${namespace} index: ${spec.name} dup key: { ${shown} }`,
    { keyPattern: spec.key, keyValue },
  );
}
