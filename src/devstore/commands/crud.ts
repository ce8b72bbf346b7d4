/**
 * The write commands: `insert`, `update` and `delete`, with MongoDB's reply shapes. A write that
 * fails (duplicate key, validation, immutable `_id`) becomes a `writeErrors` entry with `ok: 1`;
 * ordered batches stop at the first failure, unordered ones carry on.
 */
import { ObjectId, type Document } from 'bson';
import { keyString } from '../bson-order';
import type { Collection } from '../collection';
import { CommandError, toCommandError } from '../errors';
import { selectDocuments } from '../query';
import { applyUpdate, buildUpsert, updateKind } from '../update';
import { collectionName, numberField, type CommandHandler } from './context';

/** Runs each operation, collecting write errors; stops at the first when `ordered`. */
function eachOperation(
  operations: Document[],
  ordered: boolean,
  run: (operation: Document, index: number) => void,
): Document[] {
  const writeErrors: Document[] = [];
  for (const [index, operation] of operations.entries()) {
    try {
      run(operation, index);
    } catch (error) {
      writeErrors.push(toCommandError(error).toWriteError(index));
      if (ordered) break;
    }
  }
  return writeErrors;
}

function withErrors(reply: Document, writeErrors: Document[]): Document {
  return writeErrors.length ? { ...reply, writeErrors, ok: 1 } : { ...reply, ok: 1 };
}

function operationsOf(body: Document, field: string): Document[] {
  const operations = body[field];
  if (!Array.isArray(operations)) {
    throw new CommandError(
      'FailedToParse',
      `BSON field '${field}' is missing but a required field`,
    );
  }
  return operations as Document[];
}

const insert: CommandHandler = (body, context) => {
  const name = collectionName(body);
  const documents = operationsOf(body, 'documents');
  const collection = context.catalog.getOrCreate(context.dbName, name);
  let n = 0;
  const writeErrors = eachOperation(documents, body.ordered !== false, (document) => {
    // MongoDB stores `_id` first, whatever position the client gave it.
    const { _id = new ObjectId(), ...rest } = document;
    collection.insert({ _id, ...rest });
    n += 1;
  });
  return withErrors({ n }, writeErrors);
};

/** Updates the matched documents; returns how many changed. */
function updateMatched(collection: Collection, matched: Document[], entry: Document): number {
  let modified = 0;
  for (const current of matched) {
    const next = applyUpdate(current, entry.u, {
      arrayFilters: entry.arrayFilters as Document[] | undefined,
      query: entry.q as Document,
    });
    if (keyString(next) === keyString(current)) continue;
    collection.replace(current, next);
    modified += 1;
  }
  return modified;
}

const update: CommandHandler = (body, context) => {
  const name = collectionName(body);
  const entries = operationsOf(body, 'updates');
  let n = 0;
  let nModified = 0;
  const upserted: Document[] = [];
  const writeErrors = eachOperation(entries, body.ordered !== false, (entry, index) => {
    if (entry.multi && updateKind(entry.u) === 'replacement') {
      throw new CommandError(
        'FailedToParse',
        'multi update is not supported for replacement-style update',
      );
    }
    const collection = context.catalog.get(context.dbName, name);
    const { documents } = selectDocuments(collection, (entry.q ?? {}) as Document, {
      sort: entry.sort as Document | undefined,
      limit: entry.multi ? undefined : 1,
    });
    if (documents.length > 0) {
      nModified += updateMatched(collection!, documents, entry);
      n += documents.length;
      return;
    }
    if (!entry.upsert) return;
    const document = buildUpsert((entry.q ?? {}) as Document, entry.u, {
      arrayFilters: entry.arrayFilters as Document[] | undefined,
    });
    context.catalog.getOrCreate(context.dbName, name).insert(document);
    upserted.push({ index, _id: document._id });
    n += 1;
  });
  const reply: Document = { n, nModified };
  if (upserted.length) reply.upserted = upserted;
  return withErrors(reply, writeErrors);
};

const remove: CommandHandler = (body, context) => {
  const name = collectionName(body);
  const entries = operationsOf(body, 'deletes');
  let n = 0;
  const writeErrors = eachOperation(entries, body.ordered !== false, (entry) => {
    const collection = context.catalog.get(context.dbName, name);
    const limit = numberField(entry.limit) ?? 0;
    if (limit !== 0 && limit !== 1) {
      throw new CommandError('FailedToParse', 'The limit field in delete objects must be 0 or 1');
    }
    const { documents } = selectDocuments(collection, (entry.q ?? {}) as Document, { limit });
    for (const document of documents) collection!.remove(document);
    n += documents.length;
  });
  return withErrors({ n }, writeErrors);
};

export const crudCommands: Record<string, CommandHandler> = { insert, update, delete: remove };
