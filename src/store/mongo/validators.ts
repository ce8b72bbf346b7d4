/**
 * `$jsonSchema` validators of the store's collections: the fields every record must have and
 * their types, so that a bug writing a malformed record fails at the write (code 121), not later
 * at a reader. Kept loose where the models are (optional fields may be absent or null).
 */
import type { Document } from 'mongodb';
import { RUN_STATUSES } from './records';

const string = (maxLength = 4000): Document => ({ bsonType: 'string', maxLength });
const nonEmpty = (maxLength = 4000): Document => ({ bsonType: 'string', minLength: 1, maxLength });
const count = { bsonType: ['int', 'long', 'double'], minimum: 0 };
const date = { bsonType: 'date' };
const optionalDate = { bsonType: ['date', 'null'] };
const optionalId = { bsonType: ['objectId', 'null'] };
const strings = { bsonType: 'array', items: { bsonType: 'string' } };

const serializedError = {
  bsonType: ['object', 'null'],
  required: ['code', 'message'],
  properties: {
    code: nonEmpty(64),
    message: string(),
    remedies: strings,
    details: { bsonType: 'object' },
  },
};

export const integrationsSchema: Document = {
  bsonType: 'object',
  required: [
    'teamId',
    'ownerId',
    'alias',
    'aliasLower',
    'deployment',
    'baseUrl',
    'secretHint',
    'createdAt',
    'updatedAt',
  ],
  properties: {
    teamId: nonEmpty(64),
    ownerId: nonEmpty(64),
    alias: nonEmpty(200),
    aliasLower: nonEmpty(200),
    deployment: { enum: ['cloud', 'datacenter'] },
    baseUrl: nonEmpty(2048),
    email: string(320),
    secret: {
      bsonType: 'object',
      required: ['keyId', 'iv', 'tag', 'ciphertext'],
      properties: { keyId: nonEmpty(64), iv: nonEmpty(), tag: nonEmpty(), ciphertext: nonEmpty() },
    },
    secretHint: string(16),
    sharedWithProjectId: optionalId,
    verifiedAs: string(500),
    verifiedAt: optionalDate,
    createdAt: date,
    updatedAt: date,
  },
};

export const projectsSchema: Document = {
  bsonType: 'object',
  required: ['teamId', 'name', 'nameLower', 'createdBy', 'memberIds', 'createdAt'],
  properties: {
    teamId: nonEmpty(64),
    name: nonEmpty(200),
    nameLower: nonEmpty(200),
    createdBy: nonEmpty(64),
    memberIds: strings,
    createdAt: date,
  },
};

export const dataSourcesSchema: Document = {
  bsonType: 'object',
  required: [
    'teamId',
    'projectId',
    'name',
    'nameLower',
    'description',
    'type',
    'cql',
    'integrationId',
    'createdBy',
    'schedule',
    'status',
    'pageCount',
    'chunkCount',
    'createdAt',
    'updatedAt',
  ],
  properties: {
    teamId: nonEmpty(64),
    projectId: { bsonType: 'objectId' },
    name: nonEmpty(200),
    nameLower: nonEmpty(200),
    description: string(),
    type: { enum: ['confluence'] },
    cql: nonEmpty(20000),
    integrationId: { bsonType: 'objectId' },
    createdBy: nonEmpty(64),
    schedule: { enum: ['off', 'hourly', 'daily', 'weekly'] },
    notify: {
      bsonType: ['object', 'null'],
      required: ['channelId', 'messageTs'],
      properties: { channelId: nonEmpty(64), messageTs: nonEmpty(64) },
    },
    originViewId: nonEmpty(64),
    status: { enum: ['idle', ...RUN_STATUSES] },
    lastRunId: optionalId,
    lastRunAt: optionalDate,
    lastSuccessAt: optionalDate,
    lastFullListingAt: optionalDate,
    indexedBaseUrl: { bsonType: ['string', 'null'], maxLength: 2000 },
    nextRunAt: optionalDate,
    pageCount: count,
    chunkCount: count,
    createdAt: date,
    updatedAt: date,
  },
};

const runCounts = {
  bsonType: 'object',
  required: [
    'found',
    'processed',
    'indexed',
    'unchanged',
    'removed',
    'failed',
    'skipped',
    'chunks',
  ],
  properties: Object.fromEntries(
    ['found', 'processed', 'indexed', 'unchanged', 'removed', 'failed', 'skipped', 'chunks'].map(
      (name) => [name, count],
    ),
  ),
};

export const indexRunsSchema: Document = {
  bsonType: 'object',
  required: [
    'dataSourceId',
    'trigger',
    'mode',
    'status',
    'counts',
    'failures',
    'listingComplete',
    'queuedAt',
  ],
  properties: {
    dataSourceId: { bsonType: 'objectId' },
    trigger: { enum: ['create', 'manual', 'schedule', 'cli', 'retry'] },
    requestedBy: { bsonType: ['string', 'null'] },
    mode: { enum: ['full', 'incremental'] },
    status: { enum: [...RUN_STATUSES] },
    counts: runCounts,
    failures: {
      bsonType: 'array',
      maxItems: 200,
      items: {
        bsonType: 'object',
        required: ['pageId', 'title', 'reason'],
        properties: { pageId: string(64), title: string(), url: string(4000), reason: string() },
      },
    },
    error: serializedError,
    checkpoint: { bsonType: ['object', 'null'] },
    listingComplete: { bsonType: 'bool' },
    queuedAt: date,
    startedAt: optionalDate,
    finishedAt: optionalDate,
    heartbeatAt: optionalDate,
  },
};

export const documentsSchema: Document = {
  bsonType: 'object',
  required: [
    'dataSourceId',
    'pageId',
    'type',
    'title',
    'spaceKey',
    'spaceName',
    'url',
    'breadcrumb',
    'labels',
    'version',
    'lastModified',
    'chunkCount',
    'runId',
    'seenByRunId',
    'writeId',
    'indexedAt',
  ],
  properties: {
    dataSourceId: { bsonType: 'objectId' },
    pageId: nonEmpty(64),
    type: { enum: ['page', 'blogpost'] },
    title: string(),
    spaceKey: string(255),
    spaceName: string(),
    url: string(),
    breadcrumb: strings,
    labels: strings,
    version: { bsonType: ['int', 'long', 'double'] },
    lastModified: date,
    chunkCount: count,
    runId: { bsonType: 'objectId' },
    seenByRunId: { bsonType: 'objectId' },
    writeId: { bsonType: 'objectId' },
    indexedAt: date,
  },
};

export const chunksSchema: Document = {
  bsonType: 'object',
  required: [
    'dataSourceId',
    'pageId',
    'version',
    'writeId',
    'index',
    'text',
    'headingPath',
    'title',
    'breadcrumb',
    'spaceKey',
    'url',
    'labels',
    'lastModified',
  ],
  properties: {
    dataSourceId: { bsonType: 'objectId' },
    pageId: nonEmpty(64),
    version: { bsonType: ['int', 'long', 'double'] },
    writeId: { bsonType: 'objectId' },
    index: count,
    text: { bsonType: 'string' },
    headingPath: strings,
    title: string(),
    breadcrumb: strings,
    spaceKey: string(255),
    url: string(),
    labels: strings,
    lastModified: date,
  },
};
