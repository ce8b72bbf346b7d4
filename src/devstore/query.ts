/**
 * Reading documents: filters (mingo, plus `$text` done here), MongoDB's sort order, skip/limit
 * and projections including `{ $meta: 'textScore' }`. Used by find, count, distinct, delete,
 * update and findAndModify so that all of them select documents the same way.
 */
import type { Document } from 'bson';
import { Query } from 'mingo';
import type { Query as CompiledFilter } from 'mingo/query';
import { compareValues, sortKey } from './bson-order';
import type { Collection } from './collection';
import { CommandError, toCommandError } from './errors';
import { newFilterQuery } from './filter-query';
import { textSpecOf } from './indexes';
import { parseTextQuery, scoreDocument } from './text-search';

/** Text scores of the documents a `$text` query selected. */
export type Scores = Map<Document, number>;

export interface Selection {
  documents: Document[];
  /** Set when the filter had `$text`. */
  scores?: Scores;
}

export interface SelectOptions {
  sort?: Document;
  skip?: number;
  /** 0 or absent: no limit. */
  limit?: number;
}

/** Separates `$text` (top level or inside a top-level `$and`) from the rest of a filter. */
export function splitTextFilter(filter: Document): { text?: Document; rest: Document } {
  const { $text, ...rest } = filter;
  if ($text !== undefined) return { text: $text as Document, rest };
  if (!Array.isArray(rest.$and)) return { rest };
  const clauses = rest.$and as Document[];
  const textClause = clauses.find((clause) => clause && clause.$text !== undefined);
  if (!textClause) return { rest };
  const remaining = clauses.filter((clause) => clause !== textClause);
  const { $and: _unused, ...others } = rest;
  void _unused;
  return {
    text: textClause.$text as Document,
    rest: remaining.length ? { ...others, $and: remaining } : others,
  };
}

/** A compiled filter; throws BadValue (2) for unknown operators, as MongoDB does. */
export function compileFilter(filter: Document): CompiledFilter {
  try {
    return newFilterQuery(filter);
  } catch (error) {
    throw toCommandError(error);
  }
}

function textScores(collection: Collection, text: Document): Scores {
  const index = collection.textIndex();
  if (!index) throw new CommandError('IndexNotFound', 'text index required for $text query');
  const query = parseTextQuery(text);
  const spec = textSpecOf(index);
  const scores: Scores = new Map();
  for (const document of collection.all()) {
    const score = scoreDocument(document, spec, query);
    if (score > 0) scores.set(document, score);
  }
  return scores;
}

function isMeta(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as Document).$meta === 'textScore';
}

/** A comparator for a sort specification (`{ field: 1 | -1 | { $meta: 'textScore' } }`). */
export function sortComparator(sort: Document, scores?: Scores) {
  const keys = Object.entries(sort).map(([path, direction]) => {
    if (isMeta(direction)) return { path, meta: true, direction: -1 as const };
    if (direction !== 1 && direction !== -1) {
      throw new CommandError(
        'BadValue',
        '$sort key ordering must be 1 (for ascending) or -1 (for descending)',
      );
    }
    return { path, meta: false, direction: direction as 1 | -1 };
  });
  return (a: Document, b: Document): number => {
    for (const { path, meta, direction } of keys) {
      const order = meta
        ? (scores?.get(a) ?? 0) - (scores?.get(b) ?? 0)
        : compareValues(sortKey(a, path, direction), sortKey(b, path, direction));
      if (order !== 0) return Math.sign(order) * direction;
    }
    return 0;
  };
}

/** Sorts a copy of `documents` in MongoDB order; stable for equal keys. */
export function sortDocuments(documents: Document[], sort: Document, scores?: Scores): Document[] {
  return [...documents].sort(sortComparator(sort, scores));
}

/** The documents of `collection` matching `filter`, sorted, skipped and limited. */
export function selectDocuments(
  collection: Collection | undefined,
  filter: Document = {},
  options: SelectOptions = {},
): Selection {
  if (!collection) return { documents: [] };
  const { text, rest } = splitTextFilter(filter);
  const query = compileFilter(rest);
  const scores = text ? textScores(collection, text) : undefined;
  const candidates = scores
    ? [...scores.keys()]
    : (collection.candidates(rest) ?? collection.all());

  let documents: Document[];
  try {
    documents = candidates.filter((document) => query.test(document));
  } catch (error) {
    throw toCommandError(error);
  }
  if (options.sort && Object.keys(options.sort).length) {
    documents = sortDocuments(documents, options.sort, scores);
  }
  const skip = options.skip ?? 0;
  const limit = options.limit ? Math.abs(options.limit) : undefined;
  documents = documents.slice(skip, limit === undefined ? undefined : skip + limit);
  return { documents, scores };
}

/** Applies a find projection; `{ $meta: 'textScore' }` fields get the document's score. */
export function projectDocuments(
  documents: Document[],
  projection: Document | undefined,
  scores?: Scores,
): Document[] {
  if (!projection || Object.keys(projection).length === 0) return documents;
  const metaFields = Object.keys(projection).filter((field) => isMeta(projection[field]));
  const plain: Document = { ...projection };
  for (const field of metaFields) delete plain[field];

  let projected: Document[];
  try {
    projected = Object.keys(plain).length
      ? (new Query({}).find(documents, plain).all() as Document[])
      : documents.map((document) => ({ ...document }));
  } catch (error) {
    throw toCommandError(error);
  }
  if (metaFields.length === 0) return projected;
  return projected.map((document, i) => {
    const withScore: Document = { ...document };
    for (const field of metaFields) withScore[field] = scores?.get(documents[i]) ?? 0;
    return withScore;
  });
}
