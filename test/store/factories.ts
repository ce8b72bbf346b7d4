/** Small override factories for the store's records, and a fresh store per test. */
import { ObjectId } from 'mongodb';
import type { Chunk, IndexRun, StoredDocument } from '../../src/domain/models';
import type { NewDataSource, NewIntegration } from '../../src/domain/ports';
import { AppError, type ErrorCode } from '../../src/errors';
import { createRepositories, ensureCollections } from '../../src/store';
import type { TestDatabase } from '../support/mongo';

export type Repositories = ReturnType<typeof createRepositories>;

/** Drops the test database and sets the store's collections up again. */
export async function freshRepositories(mongo: TestDatabase): Promise<Repositories> {
  await mongo.reset();
  await ensureCollections(mongo.db);
  return createRepositories(mongo.db);
}

export const newId = () => new ObjectId().toHexString();

export function newIntegration(overrides: Partial<NewIntegration> = {}): NewIntegration {
  return {
    teamId: 'T1',
    ownerId: 'U1',
    alias: 'Wiki',
    deployment: 'cloud',
    baseUrl: 'https://wiki.example.test',
    email: 'someone@example.test',
    secret: { keyId: 'k1', iv: 'aXY=', tag: 'dGFn', ciphertext: 'Y2lwaGVy' },
    secretHint: 'abcd',
    sharedWithProjectId: null,
    ...overrides,
  };
}

export function newDataSource(overrides: Partial<NewDataSource> = {}): NewDataSource {
  return {
    teamId: 'T1',
    projectId: newId(),
    name: 'Handbook',
    description: 'The team handbook',
    type: 'confluence',
    cql: 'space = HB',
    integrationId: newId(),
    createdBy: 'U1',
    schedule: 'off',
    notify: null,
    ...overrides,
  };
}

export function newRun(overrides: Partial<Omit<IndexRun, 'id'>> = {}): Omit<IndexRun, 'id'> {
  return {
    dataSourceId: newId(),
    trigger: 'manual',
    requestedBy: 'U1',
    mode: 'full',
    status: 'queued',
    counts: {
      found: 0,
      processed: 0,
      indexed: 0,
      unchanged: 0,
      removed: 0,
      failed: 0,
      skipped: 0,
      chunks: 0,
    },
    failures: [],
    error: null,
    checkpoint: null,
    listingComplete: false,
    queuedAt: new Date('2024-01-01T00:00:00Z'),
    ...overrides,
  };
}

export function storedDocument(overrides: Partial<StoredDocument> = {}): StoredDocument {
  return {
    dataSourceId: newId(),
    pageId: '1001',
    type: 'page',
    title: 'Onboarding guide',
    spaceKey: 'HB',
    spaceName: 'Handbook',
    url: 'https://wiki.example.test/wiki/spaces/HB/pages/1001',
    breadcrumb: ['Home'],
    labels: ['onboarding'],
    version: 1,
    lastModified: new Date('2024-02-01T00:00:00Z'),
    chunkCount: 0,
    runId: newId(),
    indexedAt: new Date('2024-02-02T00:00:00Z'),
    ...overrides,
  };
}

/** `count` chunks of `document`, texts `"<prefix> part <i>"`. */
export function chunksOf(document: StoredDocument, count: number, prefix = 'text'): Chunk[] {
  return Array.from({ length: count }, (_, index) => ({
    dataSourceId: document.dataSourceId,
    pageId: document.pageId,
    version: document.version,
    index,
    text: `${prefix} part ${index}`,
    headingPath: [],
    title: document.title,
    breadcrumb: document.breadcrumb,
    spaceKey: document.spaceKey,
    url: document.url,
    labels: document.labels,
    lastModified: document.lastModified,
  }));
}

/** Asserts that `promise` rejects with an AppError of `code`. */
export async function expectAppError(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
}
