/**
 * The read commands: `find`, `getMore`, `killCursors`, `count` and `distinct`. A missing
 * collection reads as empty, as in MongoDB.
 */
import type { Document } from 'bson';
import { compareValues, keyString, valuesAtPath } from '../bson-order';
import { CommandError } from '../errors';
import { projectDocuments, selectDocuments } from '../query';
import { collectionName, numberField, type CommandHandler } from './context';

const find: CommandHandler = (body, context) => {
  const name = collectionName(body);
  const collection = context.catalog.get(context.dbName, name);
  const limit = numberField(body.limit) ?? 0;
  const { documents, scores } = selectDocuments(collection, (body.filter ?? {}) as Document, {
    sort: body.sort as Document | undefined,
    skip: numberField(body.skip),
    limit,
  });
  const projected = projectDocuments(documents, body.projection as Document | undefined, scores);
  const singleBatch = body.singleBatch === true || limit < 0;
  const batchSize = singleBatch && limit !== 0 ? Math.abs(limit) : numberField(body.batchSize);
  const namespace = `${context.dbName}.${name}`;
  return { cursor: context.cursors.first(namespace, projected, batchSize, singleBatch), ok: 1 };
};

const getMore: CommandHandler = (body, context) => {
  const id = numberField(body.getMore);
  if (typeof body.collection !== 'string' || id === undefined) {
    throw new CommandError('FailedToParse', "BSON field 'getMore.collection' is missing");
  }
  const namespace = `${context.dbName}.${body.collection}`;
  return { cursor: context.cursors.more(id, namespace, numberField(body.batchSize)), ok: 1 };
};

const killCursors: CommandHandler = (body, context) => {
  const ids = ((body.cursors ?? []) as unknown[]).map((id) => numberField(id) ?? 0);
  const { killed, notFound } = context.cursors.kill(ids);
  return {
    cursorsKilled: killed,
    cursorsNotFound: notFound,
    cursorsAlive: [],
    cursorsUnknown: [],
    ok: 1,
  };
};

const count: CommandHandler = (body, context) => {
  const collection = context.catalog.get(context.dbName, collectionName(body));
  const { documents } = selectDocuments(collection, (body.query ?? {}) as Document, {
    skip: numberField(body.skip),
    limit: numberField(body.limit),
  });
  return { n: documents.length, ok: 1 };
};

const distinct: CommandHandler = (body, context) => {
  const collection = context.catalog.get(context.dbName, collectionName(body));
  if (typeof body.key !== 'string') {
    throw new CommandError(
      'TypeMismatch',
      "BSON field 'distinct.key' is the wrong type, expected type 'string'",
    );
  }
  const { documents } = selectDocuments(collection, (body.query ?? {}) as Document);
  const seen = new Map<string, unknown>();
  for (const document of documents) {
    for (const value of valuesAtPath(document, body.key)) {
      for (const item of Array.isArray(value) ? value : [value]) seen.set(keyString(item), item);
    }
  }
  return { values: [...seen.values()].sort(compareValues), ok: 1 };
};

export const findCommands: Record<string, CommandHandler> = {
  find,
  getMore,
  killCursors,
  count,
  distinct,
};
