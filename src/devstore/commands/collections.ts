/**
 * Collection and database commands: `create`, `collMod`, `listCollections`, `drop` and
 * `dropDatabase`. A validator given to `create` or `collMod` applies to every later write.
 */
import type { Document } from 'bson';
import { Query } from 'mingo';
import { CommandError } from '../errors';
import { ID_INDEX } from '../indexes';
import { collectionName, numberField, type CommandHandler } from './context';

const VALIDATION_FIELDS = ['validator', 'validationLevel', 'validationAction'] as const;

function checkValidationOptions(body: Document): void {
  if (
    body.validator !== undefined &&
    (typeof body.validator !== 'object' || body.validator === null)
  ) {
    throw new CommandError('TypeMismatch', "BSON field 'validator' is the wrong type");
  }
  if (
    body.validationLevel !== undefined &&
    !['off', 'strict', 'moderate'].includes(body.validationLevel)
  ) {
    throw new CommandError(
      'BadValue',
      `Enumeration value '${body.validationLevel}' for field 'validationLevel' is not a valid value.`,
    );
  }
  if (body.validationAction !== undefined && !['error', 'warn'].includes(body.validationAction)) {
    throw new CommandError(
      'BadValue',
      `Enumeration value '${body.validationAction}' for field 'validationAction' is not a valid value.`,
    );
  }
}

const create: CommandHandler = (body, context) => {
  const name = collectionName(body);
  checkValidationOptions(body);
  const options: Document = {};
  for (const [key, value] of Object.entries(body)) {
    if (
      key === 'create' ||
      key.startsWith('$') ||
      ['lsid', 'writeConcern', 'comment'].includes(key)
    ) {
      continue;
    }
    options[key] = value;
  }
  context.catalog.create(context.dbName, name, options);
  return { ok: 1 };
};

const collMod: CommandHandler = (body, context) => {
  const name = collectionName(body);
  const collection = context.catalog.get(context.dbName, name);
  if (!collection) {
    throw new CommandError('NamespaceNotFound', `ns does not exist: ${context.dbName}.${name}`);
  }
  checkValidationOptions(body);
  const options = { ...collection.options };
  for (const field of VALIDATION_FIELDS)
    if (body[field] !== undefined) options[field] = body[field];
  collection.options = options;
  return { ok: 1 };
};

const listCollections: CommandHandler = (body, context) => {
  const entries = context.catalog.list(context.dbName).map((collection) => ({
    name: collection.name,
    type: 'collection',
    options: collection.options,
    info: { readOnly: false, uuid: collection.uuid },
    idIndex: ID_INDEX,
  }));
  const filter = (body.filter ?? {}) as Document;
  const matching = new Query(filter).find(entries).all() as Document[];
  const shown = body.nameOnly
    ? matching.map((entry) => ({ name: entry.name, type: entry.type }))
    : matching;
  const cursor = (body.cursor ?? {}) as Document;
  const namespace = `${context.dbName}.$cmd.listCollections`;
  return { cursor: context.cursors.first(namespace, shown, numberField(cursor.batchSize)), ok: 1 };
};

const drop: CommandHandler = (body, context) => {
  const name = collectionName(body);
  const collection = context.catalog.get(context.dbName, name);
  const nIndexesWas = collection?.indexes.length ?? 0;
  context.catalog.drop(context.dbName, name);
  return { nIndexesWas, ns: `${context.dbName}.${name}`, ok: 1 };
};

const dropDatabase: CommandHandler = (_body, context) => {
  context.catalog.dropDatabase(context.dbName);
  return { dropped: context.dbName, ok: 1 };
};

export const collectionCommands: Record<string, CommandHandler> = {
  create,
  collMod,
  listCollections,
  drop,
  dropDatabase,
};
