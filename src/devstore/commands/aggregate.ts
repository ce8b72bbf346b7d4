/**
 * `aggregate` through mingo's pipeline engine, with three additions: `$sort` uses MongoDB's
 * order across types, `$lookup` reads other collections of the same database, and a first
 * `$match` stage selects as `find` does (through equality lookups on indexed fields) and may hold
 * `$text` (its score is then available as `{ $meta: 'textScore' }` in later stages). `$out` and
 * `$merge` are not supported.
 */
import type { Document } from 'bson';
import { Aggregator, Context } from 'mingo';
import { Lazy, type Iterator } from 'mingo/lazy';
import { CommandError, toCommandError } from '../errors';
import { selectDocuments, sortDocuments, splitTextFilter } from '../query';
import { collectionName, numberField, type CommandContext, type CommandHandler } from './context';

const SCORE_FIELD = '__devstoreTextScore';

function $sort(documents: Iterator, spec: Document): Iterator {
  return Lazy(sortDocuments(documents.collect<Document>(), spec));
}

// mingo's operator table is typed as the intersection of every stage's signature.
const mongoSort = Context.init({
  pipeline: { $sort } as unknown as NonNullable<Parameters<typeof Context.init>[0]>['pipeline'],
});

function isMeta(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as Document).$meta === 'textScore';
}

/** Replaces `{ $meta: 'textScore' }` by a reference to the hidden score field. */
function rewriteMeta(value: unknown, inSort = false): unknown {
  if (isMeta(value)) return inSort ? -1 : `$${SCORE_FIELD}`;
  if (Array.isArray(value)) return value.map((item) => rewriteMeta(item));
  if (!value || typeof value !== 'object' || '_bsontype' in value || value instanceof Date) {
    return value;
  }
  const rewritten: Document = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === '$sort' && item && typeof item === 'object') {
      const sort: Document = {};
      for (const [field, direction] of Object.entries(item as Document)) {
        sort[isMeta(direction) ? SCORE_FIELD : field] = rewriteMeta(direction, true);
      }
      rewritten[key] = sort;
    } else {
      rewritten[key] = rewriteMeta(item);
    }
  }
  return rewritten;
}

/**
 * The pipeline's input: all documents, or those a leading `$match` selected as `find` does
 * (through an equality lookup where one applies; scored when it holds `$text`).
 */
function pipelineInput(context: CommandContext, name: string, pipeline: Document[]) {
  const collection = context.catalog.get(context.dbName, name);
  const first = pipeline[0]?.$match as Document | undefined;
  if (!first || typeof first !== 'object' || Array.isArray(first)) {
    return { input: collection?.all() ?? [], stages: pipeline };
  }
  if (!splitTextFilter(first).text) {
    return { input: selectDocuments(collection, first).documents, stages: pipeline.slice(1) };
  }
  const { documents, scores } = selectDocuments(collection, first);
  const input = documents.map((document) => ({
    ...document,
    [SCORE_FIELD]: scores?.get(document),
  }));
  return { input, stages: rewriteMeta(pipeline.slice(1)) as Document[] };
}

const aggregate: CommandHandler = (body, context) => {
  if (typeof body.aggregate !== 'string') {
    throw new CommandError('InvalidNamespace', 'aggregate on a whole database is not supported');
  }
  const name = collectionName(body);
  const pipeline = body.pipeline as Document[] | undefined;
  if (!Array.isArray(pipeline)) {
    throw new CommandError('TypeMismatch', "'pipeline' option must be specified as an array");
  }
  const unsupported = pipeline.find((stage) => '$out' in stage || '$merge' in stage);
  if (unsupported) {
    throw new CommandError('BadValue', 'the development store does not support $out or $merge');
  }

  const { input, stages } = pipelineInput(context, name, pipeline);
  let output: Document[];
  try {
    const aggregator = new Aggregator(stages, {
      context: mongoSort,
      collectionResolver: (other) => context.catalog.get(context.dbName, other)?.all() ?? [],
    });
    output = aggregator.run(input) as Document[];
  } catch (error) {
    throw toCommandError(error);
  }
  const cleaned = output.map((document) => {
    if (!(SCORE_FIELD in document)) return document;
    const { [SCORE_FIELD]: _score, ...rest } = document;
    void _score;
    return rest;
  });

  const cursor = (body.cursor ?? {}) as Document;
  const namespace = `${context.dbName}.${name}`;
  return {
    cursor: context.cursors.first(namespace, cleaned, numberField(cursor.batchSize)),
    ok: 1,
  };
};

export const aggregateCommands: Record<string, CommandHandler> = { aggregate };
