/** Small override factories for the records the Slack views draw. */
import type {
  DataSource,
  IndexRun,
  Integration,
  Project,
  RunCounts,
  SearchHit,
} from '../../../src/domain/models';

const AT = new Date('2024-06-01T12:00:00Z');

export function makeProject(overrides: Partial<Project> = {}): Project {
  return {
    id: 'p1',
    teamId: 'T0001',
    name: 'Platform',
    createdBy: 'UALICE',
    memberIds: ['UALICE'],
    createdAt: AT,
    ...overrides,
  };
}

export function makeIntegration(overrides: Partial<Integration> = {}): Integration {
  return {
    id: 'i1',
    teamId: 'T0001',
    ownerId: 'UALICE',
    alias: 'Engineering wiki',
    deployment: 'datacenter',
    baseUrl: 'https://wiki.example.com',
    secretHint: '…abcd',
    sharedWithProjectId: null,
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

export function makeDataSource(overrides: Partial<DataSource> = {}): DataSource {
  return {
    id: 'ds1',
    teamId: 'T0001',
    projectId: 'p1',
    name: 'Runbooks',
    description: 'How we run things',
    type: 'confluence',
    cql: 'space = DOCS',
    integrationId: 'i1',
    createdBy: 'UALICE',
    schedule: 'daily',
    notify: { channelId: 'C0GENERAL', messageTs: '1700000000.000001' },
    status: 'idle',
    pageCount: 0,
    chunkCount: 0,
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

export function counts(overrides: Partial<RunCounts> = {}): RunCounts {
  return {
    found: 0,
    processed: 0,
    indexed: 0,
    unchanged: 0,
    removed: 0,
    failed: 0,
    skipped: 0,
    chunks: 0,
    ...overrides,
  };
}

export function makeRun(overrides: Partial<IndexRun> = {}): IndexRun {
  return {
    id: 'run1',
    dataSourceId: 'ds1',
    trigger: 'create',
    requestedBy: 'UALICE',
    mode: 'full',
    status: 'running',
    counts: counts(),
    failures: [],
    error: null,
    listingComplete: false,
    queuedAt: AT,
    startedAt: AT,
    finishedAt: null,
    ...overrides,
  };
}

export function makeHit(overrides: Partial<SearchHit> = {}): SearchHit {
  return {
    dataSourceId: 'ds1',
    pageId: '1',
    title: 'Rotating keys',
    breadcrumb: ['Ops', 'Security'],
    headingPath: ['How to'],
    spaceKey: 'DOCS',
    url: 'https://wiki.example.com/pages/1',
    snippet: 'Rotate the keys every month…',
    score: 1,
    ...overrides,
  };
}
