/**
 * Applying an update to one document, as MongoDB does: replacement documents, update operators
 * (through mingo, with `$setOnInsert` handled here), and aggregation-pipeline updates; the new
 * document of an upsert seeded from the query's equality conditions (also inside `$and`); `_id`
 * kept immutable (code 66) and unknown operators refused (code 9).
 */
import { ObjectId, type Document } from 'bson';
import { Aggregator, update as mingoUpdate } from 'mingo';
import { compareValues } from './bson-order';
import { cloneDocument } from './clone';
import { CommandError, toCommandError } from './errors';

const UPDATE_OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$currentDate',
  '$push',
  '$addToSet',
  '$pop',
  '$pull',
  '$pullAll',
  '$bit',
  '$setOnInsert',
]);

export type UpdateKind = 'replacement' | 'operators' | 'pipeline';

export function updateKind(update: unknown): UpdateKind {
  if (Array.isArray(update)) return 'pipeline';
  if (!update || typeof update !== 'object') {
    throw new CommandError('FailedToParse', 'Update argument must be either an object or an array');
  }
  const keys = Object.keys(update);
  if (keys.length > 0 && keys[0].startsWith('$')) return 'operators';
  const dollar = keys.find((key) => key.startsWith('$'));
  if (dollar) {
    throw new CommandError(
      'DollarPrefixedFieldName',
      `The dollar ($) prefixed field '${dollar}' in '${dollar}' is not allowed in the context of ` +
        `an update's replacement document. Consider using an aggregation pipeline with $replaceWith.`,
    );
  }
  return 'replacement';
}

function checkOperators(update: Document): void {
  for (const key of Object.keys(update)) {
    if (!UPDATE_OPERATORS.has(key)) {
      throw new CommandError(
        'FailedToParse',
        `Unknown modifier: ${key}. Expected a valid update modifier or pipeline-style update ` +
          `specified as an array`,
      );
    }
  }
}

function idAltered(after: Document): CommandError {
  return new CommandError(
    'ImmutableField',
    `Performing an update on the path '_id' would modify the immutable field '_id'`,
    { errInfo: { _id: after._id } },
  );
}

/** Puts `_id` first, as MongoDB stores it. */
function idFirst(document: Document): Document {
  const { _id, ...rest } = document;
  return { _id, ...rest };
}

export interface ApplyOptions {
  /** Filters for `$[identifier]` paths. */
  arrayFilters?: Document[];
  /** The update's query, for the positional `$` operator. */
  query?: Document;
  /** True when building an upserted document: `$setOnInsert` applies. */
  inserting?: boolean;
}

function applyOperators(document: Document, update: Document, options: ApplyOptions): Document {
  checkOperators(update);
  const modifier: Document = {};
  for (const [operator, fields] of Object.entries(update)) {
    if (!fields || Object.keys(fields as Document).length === 0) continue;
    const target = operator === '$setOnInsert' ? '$set' : operator;
    if (operator === '$setOnInsert' && !options.inserting) continue;
    modifier[target] = { ...(modifier[target] as Document | undefined), ...(fields as Document) };
  }
  const next = cloneDocument(document);
  takeIdAssignment(next, modifier, Boolean(options.inserting));
  if (Object.keys(modifier).length === 0) return next;
  try {
    mingoUpdate(
      next,
      modifier,
      options.arrayFilters,
      positionalCondition(modifier, options.query),
      {
        cloneMode: 'deep',
      },
    );
  } catch (error) {
    throw toCommandError(error);
  }
  return next;
}

/**
 * Handles `_id` in `$set` here (mingo refuses any update of `_id`): when inserting it sets the
 * new document's `_id`; otherwise setting the same value is a no-op and any other change is
 * code 66, as in MongoDB. Removes `_id` from the modifier.
 */
function takeIdAssignment(document: Document, modifier: Document, inserting: boolean): void {
  for (const [operator, fields] of Object.entries(modifier)) {
    const paths = Object.keys(fields as Document).filter(
      (path) => path === '_id' || path.startsWith('_id.'),
    );
    if (paths.length === 0) continue;
    const value = (fields as Document)._id;
    const allowed =
      operator === '$set' &&
      paths.length === 1 &&
      paths[0] === '_id' &&
      (inserting || compareValues(value, document._id) === 0);
    if (!allowed) throw idAltered({ _id: value });
    document._id = value;
    const { _id: _taken, ...rest } = fields as Document;
    void _taken;
    if (Object.keys(rest).length) modifier[operator] = rest;
    else delete modifier[operator];
  }
}

/** The query, for updates that use the positional `$` (which needs it), without `$text`. */
function positionalCondition(modifier: Document, query: Document | undefined): Document {
  const paths = Object.values(modifier).flatMap((fields) => Object.keys(fields as Document));
  if (!query || !paths.some((path) => /(^|\.)\$(\.|$)/.test(path))) return {};
  const { $text: _text, ...rest } = query;
  void _text;
  return rest;
}

function applyPipeline(document: Document, pipeline: Document[]): Document {
  try {
    return new Aggregator(pipeline).run([cloneDocument(document)])[0] as Document;
  } catch (error) {
    throw toCommandError(error);
  }
}

/** The document after `update`; throws 66 if `_id` would change, 9 for unknown operators. */
export function applyUpdate(document: Document, update: unknown, options: ApplyOptions = {}) {
  const kind = updateKind(update);
  let next: Document;
  if (kind === 'replacement') {
    const replacement = update as Document;
    if ('_id' in replacement && compareValues(replacement._id, document._id) !== 0) {
      throw new CommandError(
        'ImmutableField',
        `After applying the update, the (immutable) field '_id' was found to have been altered ` +
          `to _id: ${String(replacement._id)}`,
      );
    }
    next = { ...cloneDocument(replacement), _id: document._id };
  } else if (kind === 'pipeline') {
    next = applyPipeline(document, update as Document[]);
  } else {
    next = applyOperators(document, update as Document, options);
  }
  if (compareValues(next._id, document._id) !== 0) {
    throw idAltered(next);
  }
  return idFirst(next);
}

function setPath(document: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let target = document;
  for (const part of parts.slice(0, -1)) {
    if (!target[part] || typeof target[part] !== 'object') target[part] = {};
    target = target[part] as Document;
  }
  target[parts[parts.length - 1]] = value;
}

function isOperatorObject(value: unknown): value is Document {
  if (!value || typeof value !== 'object' || Array.isArray(value) || value instanceof Date) {
    return false;
  }
  if ('_bsontype' in value) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys[0].startsWith('$');
}

/** The fields an upsert copies from its query: equalities, also inside `$and`. */
export function seedFromQuery(query: Document, seed: Document = {}): Document {
  for (const [key, value] of Object.entries(query)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const clause of value) seedFromQuery(clause as Document, seed);
    } else if (key.startsWith('$')) {
      continue;
    } else if (isOperatorObject(value)) {
      if ('$eq' in value) setPath(seed, key, cloneDocument({ v: value.$eq }).v);
    } else if (!(value instanceof RegExp)) {
      setPath(seed, key, cloneDocument({ v: value }).v);
    }
  }
  return seed;
}

/** The document an upsert inserts when nothing matched `query`. */
export function buildUpsert(query: Document, update: unknown, options: ApplyOptions): Document {
  const seed = seedFromQuery(query);
  const kind = updateKind(update);
  let document: Document;
  if (kind === 'replacement') {
    document = { ...cloneDocument(update as Document) };
    if (seed._id !== undefined && document._id === undefined) document._id = seed._id;
  } else if (kind === 'pipeline') {
    document = applyPipeline(seed, update as Document[]);
  } else {
    document = applyOperators(seed, update as Document, { ...options, inserting: true, query: {} });
  }
  if (seed._id !== undefined && compareValues(seed._id, document._id) !== 0) {
    throw idAltered(document);
  }
  if (document._id === undefined) document._id = new ObjectId();
  return idFirst(document);
}
