/** Index commands: `createIndexes`, `listIndexes` and `dropIndexes`. */
import type { Document } from 'bson';
import { CommandError } from '../errors';
import { normalizeIndexSpec } from '../indexes';
import { collectionName, numberField, type CommandHandler } from './context';

const createIndexes: CommandHandler = (body, context) => {
  const name = collectionName(body);
  const requested = body.indexes;
  if (!Array.isArray(requested) || requested.length === 0) {
    throw new CommandError('BadValue', 'Must specify at least one index to create');
  }
  const specs = (requested as Document[]).map(normalizeIndexSpec);
  const createdCollectionAutomatically = !context.catalog.get(context.dbName, name);
  const collection = context.catalog.getOrCreate(context.dbName, name);
  const numIndexesBefore = collection.indexes.length;

  let created = 0;
  for (const spec of specs) if (collection.createIndex(spec)) created += 1;

  const reply: Document = {
    numIndexesBefore,
    numIndexesAfter: collection.indexes.length,
    createdCollectionAutomatically,
    ok: 1,
  };
  if (created === 0) reply.note = 'all indexes already exist';
  return reply;
};

const listIndexes: CommandHandler = (body, context) => {
  const name = collectionName(body);
  const collection = context.catalog.get(context.dbName, name);
  if (!collection) {
    throw new CommandError('NamespaceNotFound', `ns does not exist: ${context.dbName}.${name}`);
  }
  const cursor = (body.cursor ?? {}) as Document;
  const namespace = `${context.dbName}.${name}`;
  return {
    cursor: context.cursors.first(namespace, collection.indexes, numberField(cursor.batchSize)),
    ok: 1,
  };
};

const dropIndexes: CommandHandler = (body, context) => {
  const name = collectionName(body);
  const collection = context.catalog.get(context.dbName, name);
  if (!collection) {
    throw new CommandError('NamespaceNotFound', `ns not found ${context.dbName}.${name}`);
  }
  const nIndexesWas = collection.indexes.length;
  const target = body.index;
  if (target === '*') {
    collection.dropIndexesExceptId();
  } else if (typeof target === 'string') {
    collection.dropIndex(target);
  } else if (Array.isArray(target)) {
    for (const indexName of target) collection.dropIndex(String(indexName));
  } else if (target && typeof target === 'object') {
    const spec = collection.findIndexByKey(target as Document);
    if (!spec) {
      throw new CommandError(
        'IndexNotFound',
        `can't find index with key: ${JSON.stringify(target)}`,
      );
    }
    collection.dropIndex(spec.name);
  } else {
    throw new CommandError('BadValue', 'dropIndexes needs an index name, key pattern or "*"');
  }
  return { nIndexesWas, ok: 1 };
};

export const indexCommands: Record<string, CommandHandler> = {
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
};
