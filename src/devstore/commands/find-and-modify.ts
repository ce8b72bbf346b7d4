/**
 * `findAndModify`: atomically selects one document (by `query` and `sort`), then removes it,
 * updates it or upserts a new one, returning the document before or (`new: true`) after.
 * Failures (duplicate key, validation, immutable `_id`) fail the whole command.
 */
import type { Document } from 'bson';
import { keyString } from '../bson-order';
import { CommandError } from '../errors';
import { projectDocuments, selectDocuments } from '../query';
import { applyUpdate, buildUpsert } from '../update';
import { collectionName, type CommandHandler } from './context';

const findAndModify: CommandHandler = (body, context) => {
  const name = collectionName(body);
  const query = (body.query ?? {}) as Document;
  const fields = body.fields as Document | undefined;
  if (body.remove && body.update !== undefined) {
    throw new CommandError('FailedToParse', 'Cannot specify both an update and remove=true');
  }
  if (!body.remove && body.update === undefined) {
    throw new CommandError('FailedToParse', 'Either an update or remove=true must be specified');
  }

  // Select the one document the command acts on.
  const collection = context.catalog.get(context.dbName, name);
  const { documents } = selectDocuments(collection, query, {
    sort: body.sort as Document | undefined,
    limit: 1,
  });
  const current = documents[0];
  const show = (document: Document | undefined) =>
    document ? projectDocuments([document], fields)[0] : null;

  if (body.remove) {
    if (current) collection!.remove(current);
    return { lastErrorObject: { n: current ? 1 : 0 }, value: show(current), ok: 1 };
  }

  const arrayFilters = body.arrayFilters as Document[] | undefined;
  if (current) {
    const next = applyUpdate(current, body.update, { arrayFilters, query });
    if (keyString(next) !== keyString(current)) collection!.replace(current, next);
    return {
      lastErrorObject: { n: 1, updatedExisting: true },
      value: show(body.new ? next : current),
      ok: 1,
    };
  }

  if (!body.upsert) {
    return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
  }
  const inserted = buildUpsert(query, body.update, { arrayFilters });
  context.catalog.getOrCreate(context.dbName, name).insert(inserted);
  return {
    lastErrorObject: { n: 1, updatedExisting: false, upserted: inserted._id },
    value: body.new ? show(inserted) : null,
    ok: 1,
  };
};

export const findAndModifyCommands: Record<string, CommandHandler> = {
  findAndModify,
  findandmodify: findAndModify,
};
