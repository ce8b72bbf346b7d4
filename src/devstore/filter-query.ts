/**
 * Compiling filters for the development store: mingo's query engine with all of mingo's
 * operators, except that `$in` and `$nin` over a list of scalars hash the list once, when the
 * filter is compiled. mingo's own `$in` hashes the whole list again for every document it tests,
 * so a `$nin` over thousands of ids (the orphan-chunk sweep at the end of an index run) cost
 * thousands of hashes per document. Lists holding null, regular expressions, arrays or documents
 * keep mingo's operators.
 */
import type { Document } from 'bson';
import { Context } from 'mingo';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import { Query } from 'mingo/query';
import type { Options } from 'mingo/types';
import { resolve } from 'mingo/util';
import { keyString } from './bson-order';
import { isScalar } from './equality-index';

type Predicate = (document: Document) => boolean;

/**
 * Whether some value at `path` equals one of `list`, or undefined when the list holds anything
 * but scalars. Equality is `keyString`'s, which for scalars is MongoDB's (1 = 1.0 = Long(1),
 * equal ObjectIds and dates); the path is resolved as mingo resolves it for `$in`.
 */
export function scalarMembership(path: string, list: unknown): Predicate | undefined {
  if (!Array.isArray(list) || !list.every(isScalar)) return undefined;
  const keys = new Set(list.map(keyString));
  return (document) => {
    const found: unknown = resolve(document, path, { unwrapArray: true });
    if (found === null || found === undefined) return false;
    const values = Array.isArray(found) ? found : [found];
    return values.some((value) => isScalar(value) && keys.has(keyString(value)));
  };
}

function $in(path: string, list: unknown, options: Options): Predicate {
  return scalarMembership(path, list) ?? queryOperators.$in(path, list, options);
}

function $nin(path: string, list: unknown, options: Options): Predicate {
  const member = scalarMembership(path, list);
  return member ? (document) => !member(document) : queryOperators.$nin(path, list, options);
}

/** mingo's operator table, with the `$in` and `$nin` above. Built once. */
const FILTER_CONTEXT = Context.init({
  accumulator: accumulatorOperators,
  expression: expressionOperators,
  pipeline: pipelineOperators,
  projection: projectionOperators,
  query: { ...queryOperators, $in, $nin },
  window: windowOperators,
});

/** A compiled filter; throws mingo's error for an unknown operator (callers translate it). */
export function newFilterQuery(filter: Document): Query {
  return new Query(filter, { context: FILTER_CONTEXT });
}
