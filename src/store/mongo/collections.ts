/**
 * The store's collections, their validators and indexes, created when the store opens. Setting
 * up is idempotent: an existing collection gets its validator refreshed with `collMod`, and an
 * index that already exists with the same definition is left alone. (Changing an index's
 * definition under the same name is refused by MongoDB; rename it when it has to change.)
 */
import type { Collection, CreateIndexesOptions, Db, Document, IndexSpecification } from 'mongodb';
import { MongoServerError } from 'mongodb';
import {
  chunksSchema,
  dataSourcesSchema,
  documentsSchema,
  indexRunsSchema,
  integrationsSchema,
  projectsSchema,
} from './validators';

export const COLLECTIONS = {
  integrations: 'integrations',
  projects: 'projects',
  dataSources: 'data_sources',
  runs: 'index_runs',
  documents: 'documents',
  chunks: 'chunks',
} as const;

type IndexDefinition = {
  key: IndexSpecification;
  options: CreateIndexesOptions & { name: string };
};

interface CollectionSetup {
  name: string;
  schema: Document;
  indexes: IndexDefinition[];
}

const index = (key: IndexSpecification, name: string, options: CreateIndexesOptions = {}) => ({
  key,
  options: { ...options, name },
});

/** Text search weights: a word in a title counts most, then headings, then body text. */
export const TEXT_WEIGHTS = { title: 10, headingPath: 4, text: 1 } as const;

const SETUP: CollectionSetup[] = [
  {
    name: COLLECTIONS.integrations,
    schema: integrationsSchema,
    indexes: [
      index({ teamId: 1, ownerId: 1, aliasLower: 1 }, 'owner_alias_unique', { unique: true }),
      index({ teamId: 1, sharedWithProjectId: 1 }, 'team_shared_project'),
    ],
  },
  {
    name: COLLECTIONS.projects,
    schema: projectsSchema,
    indexes: [
      index({ teamId: 1, nameLower: 1 }, 'team_name_unique', { unique: true }),
      index({ teamId: 1, memberIds: 1 }, 'team_members'),
    ],
  },
  {
    name: COLLECTIONS.dataSources,
    schema: dataSourcesSchema,
    indexes: [
      index({ teamId: 1, projectId: 1, nameLower: 1 }, 'project_name_unique', { unique: true }),
      index({ teamId: 1, nameLower: 1 }, 'team_name'),
      index({ schedule: 1, nextRunAt: 1 }, 'schedule_next_run'),
      // Data sources made outside a Slack form have no originViewId and are not indexed.
      index({ originViewId: 1 }, 'origin_view_unique', { unique: true, sparse: true }),
    ],
  },
  {
    name: COLLECTIONS.runs,
    schema: indexRunsSchema,
    indexes: [
      index({ dataSourceId: 1, queuedAt: -1 }, 'data_source_queued'),
      index({ dataSourceId: 1, status: 1 }, 'data_source_status'),
      index({ dataSourceId: 1 }, 'one_active_run_per_data_source', {
        unique: true,
        partialFilterExpression: { active: true },
      }),
    ],
  },
  {
    name: COLLECTIONS.documents,
    schema: documentsSchema,
    indexes: [
      index({ dataSourceId: 1, pageId: 1 }, 'data_source_page_unique', { unique: true }),
      index({ dataSourceId: 1, seenByRunId: 1 }, 'data_source_seen_by'),
    ],
  },
  {
    name: COLLECTIONS.chunks,
    schema: chunksSchema,
    indexes: [
      index({ dataSourceId: 1, pageId: 1, version: 1 }, 'data_source_page_version'),
      index({ dataSourceId: 1, writeId: 1 }, 'data_source_write'),
      index({ title: 'text', headingPath: 'text', text: 'text' }, 'chunk_text', {
        weights: TEXT_WEIGHTS,
        default_language: 'english',
      }),
    ],
  },
];

async function ensureCollection(db: Db, setup: CollectionSetup, existing: Set<string>) {
  const validation = {
    validator: { $jsonSchema: setup.schema },
    validationLevel: 'strict' as const,
  };
  if (existing.has(setup.name)) {
    await db.command({ collMod: setup.name, ...validation });
  } else {
    try {
      await db.createCollection(setup.name, { ...validation, validationAction: 'error' });
    } catch (error) {
      // Another process created it in the meantime.
      if (!(error instanceof MongoServerError && error.code === 48)) throw error;
      await db.command({ collMod: setup.name, ...validation });
    }
  }
  const collection: Collection = db.collection(setup.name);
  await collection.createIndexes(
    setup.indexes.map(
      ({ key, options }) =>
        ({ key, ...options }) as Parameters<Collection['createIndexes']>[0][number],
    ),
  );
}

/** Creates (or refreshes) every collection, validator and index of the store. */
export async function ensureCollections(db: Db): Promise<void> {
  const names = await db.listCollections({}, { nameOnly: true }).toArray();
  const existing = new Set(names.map((entry) => entry.name));
  for (const setup of SETUP) await ensureCollection(db, setup, existing);
}
