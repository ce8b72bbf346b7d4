/**
 * Reading records back: zod schemas that check a stored document and turn it into its model
 * (ObjectIds to hex strings, `_id` to `id`, internal fields dropped). A record that does not
 * parse raises `internal` rather than flowing on half-formed.
 */
import { ObjectId, type Document } from 'mongodb';
import { z } from 'zod';
import type {
  DataSource,
  IndexRun,
  Integration,
  Project,
  RunStatus,
  StoredDocument,
} from '../../domain/models';
import { malformedRecord } from './errors';

const id = z.instanceof(ObjectId).transform((value) => value.toHexString());
const optionalId = id.nullable().optional();
const optionalDate = z.date().nullable().optional();
const count = z.number().nonnegative();

const integration = z.object({
  _id: id,
  teamId: z.string(),
  ownerId: z.string(),
  alias: z.string(),
  deployment: z.enum(['cloud', 'datacenter']),
  baseUrl: z.string(),
  email: z.string().optional(),
  secret: z
    .object({ keyId: z.string(), iv: z.string(), tag: z.string(), ciphertext: z.string() })
    .optional(),
  secretHint: z.string(),
  sharedWithProjectId: optionalId,
  verifiedAs: z.string().optional(),
  verifiedAt: z.date().optional(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const project = z.object({
  _id: id,
  teamId: z.string(),
  name: z.string(),
  createdBy: z.string(),
  memberIds: z.array(z.string()),
  createdAt: z.date(),
});

/** Every `RunStatus`, for the readers here and the collection validators. */
export const RUN_STATUSES = [
  'queued',
  'running',
  'completed',
  'completed_with_failures',
  'failed',
  'cancelled',
] as const satisfies readonly RunStatus[];

const runStatus = z.enum(RUN_STATUSES);

const dataSource = z.object({
  _id: id,
  teamId: z.string(),
  projectId: id,
  name: z.string(),
  description: z.string(),
  type: z.literal('confluence'),
  cql: z.string(),
  integrationId: id,
  createdBy: z.string(),
  schedule: z.enum(['off', 'hourly', 'daily', 'weekly']),
  notify: z.object({ channelId: z.string(), messageTs: z.string() }).nullable().optional(),
  originViewId: z.string().optional(),
  status: z.union([runStatus, z.literal('idle')]),
  lastRunId: optionalId,
  lastRunAt: optionalDate,
  lastSuccessAt: optionalDate,
  lastFullListingAt: optionalDate,
  indexedBaseUrl: z.string().nullable().optional(),
  nextRunAt: optionalDate,
  pageCount: count,
  chunkCount: count,
  createdAt: z.date(),
  updatedAt: z.date(),
});

const serializedError = z.object({
  code: z.string(),
  message: z.string(),
  remedies: z.array(z.string()).default([]),
  details: z.record(z.string(), z.unknown()).optional(),
});

const indexRun = z.object({
  _id: id,
  dataSourceId: id,
  trigger: z.enum(['create', 'manual', 'schedule', 'cli', 'retry']),
  requestedBy: z.string().nullable().optional(),
  mode: z.enum(['full', 'incremental']),
  status: runStatus,
  counts: z.object({
    found: count,
    processed: count,
    indexed: count,
    unchanged: count,
    removed: count,
    failed: count,
    skipped: count,
    chunks: count,
  }),
  failures: z.array(
    z.object({
      pageId: z.string(),
      title: z.string(),
      url: z.string().optional(),
      reason: z.string(),
    }),
  ),
  error: serializedError.nullable().optional(),
  checkpoint: z.record(z.string(), z.unknown()).nullable().optional(),
  listingComplete: z.boolean(),
  queuedAt: z.date(),
  startedAt: optionalDate,
  finishedAt: optionalDate,
  heartbeatAt: optionalDate,
});

const storedDocument = z.object({
  dataSourceId: id,
  pageId: z.string(),
  type: z.enum(['page', 'blogpost']),
  title: z.string(),
  spaceKey: z.string(),
  spaceName: z.string(),
  url: z.string(),
  breadcrumb: z.array(z.string()),
  labels: z.array(z.string()),
  version: z.number(),
  lastModified: z.date(),
  chunkCount: count,
  runId: id,
  indexedAt: z.date(),
});

function reader<S extends z.ZodType>(schema: S, collection: string) {
  return (record: Document): z.output<S> => {
    const parsed = schema.safeParse(record);
    if (!parsed.success) throw malformedRecord(collection, record._id, parsed.error);
    return parsed.data;
  };
}

function withId<T extends { _id: string }>(record: T): Omit<T, '_id'> & { id: string } {
  const { _id, ...rest } = record;
  return { id: _id, ...rest };
}

const readIntegration = reader(integration, 'integrations');
const readProject = reader(project, 'projects');
const readDataSource = reader(dataSource, 'data_sources');
const readRun = reader(indexRun, 'index_runs');
const readDocument = reader(storedDocument, 'documents');

export const toIntegration = (record: Document): Integration => withId(readIntegration(record));
export const toProject = (record: Document): Project => withId(readProject(record));
export const toDataSource = (record: Document): DataSource => withId(readDataSource(record));
export const toIndexRun = (record: Document): IndexRun => withId(readRun(record)) as IndexRun;
export const toStoredDocument = (record: Document): StoredDocument => readDocument(record);
