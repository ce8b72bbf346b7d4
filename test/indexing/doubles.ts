/**
 * Small in-memory doubles of the ports the indexing core uses, for unit tests: a Confluence client
 * that lists and serves a set of pages in batches, and repositories that keep records in maps and
 * count the writes tests look at. Built with override factories (`makePage`, `makeDataSource`).
 */
import { AppError } from '../../src/errors';
import type {
  Chunk,
  DataSource,
  IndexRun,
  Integration,
  Project,
  RunCounts,
  RunStatus,
  StoredDocument,
} from '../../src/domain/models';
import type {
  ConfluenceClient,
  ConfluencePage,
  DataSourceRepository,
  DocumentRepository,
  IndexRunRepository,
  IntegrationRepository,
  ListBatch,
  NewDataSource,
  NewIntegration,
  ProjectRepository,
  ListOptions,
  PageListing,
  RunReporter,
} from '../../src/domain/ports';
import type { SerializedError } from '../../src/errors';
import type { PageConverter } from '../../src/indexing/index-listed-batch';

export function makePage(overrides: Partial<ConfluencePage> & { id: string }): ConfluencePage {
  return {
    type: 'page',
    title: `Page ${overrides.id}`,
    version: 1,
    lastModified: new Date('2024-05-01T10:00:00Z'),
    status: 'current',
    space: { key: 'DOCS', name: 'Documentation' },
    ancestors: [{ id: '1', title: 'Home' }],
    labels: ['guide'],
    url: `http://confluence.test/pages/${overrides.id}`,
    storage: `<p>Body of page ${overrides.id}.</p>`,
    ...overrides,
  };
}

export function makeDataSource(overrides: Partial<DataSource> = {}): DataSource {
  return {
    id: 'ds1',
    teamId: 'T1',
    projectId: 'P1',
    name: 'Docs',
    description: '',
    type: 'confluence',
    cql: 'space = DOCS',
    integrationId: 'int1',
    createdBy: 'U1',
    schedule: 'off',
    status: 'idle',
    pageCount: 0,
    chunkCount: 0,
    createdAt: new Date('2024-01-01T00:00:00Z'),
    updatedAt: new Date('2024-01-01T00:00:00Z'),
    ...overrides,
  };
}

export function zeroCounts(): RunCounts {
  return {
    found: 0,
    processed: 0,
    indexed: 0,
    unchanged: 0,
    removed: 0,
    failed: 0,
    skipped: 0,
    chunks: 0,
  };
}

/** A client over a mutable list of pages; listing uses offsets, like Data Center. */
export class FakeClient implements ConfluenceClient {
  readonly connection = { deployment: 'datacenter' as const, baseUrl: 'http://confluence.test' };
  pages: ConfluencePage[];
  /** Extra results per listing batch that are not pages (attachments). */
  skippedPerBatch = 0;
  /** Every listing call: the CQL and where it started. */
  readonly listCalls: Array<{ cql: string; from: ListOptions['from'] }> = [];
  /** Every body request: the ids asked for. */
  readonly getCalls: string[][] = [];
  /** Ids the body request leaves out (deleted between listing and fetching). */
  readonly missingOnFetch = new Set<string>();
  /** Thrown by the listing before the batch with this index (0-based). */
  failListingAt: { batch: number; error: Error } | null = null;
  /** Thrown by the body request number `call` (0-based). */
  failFetchAt: { call: number; error: Error } | null = null;
  /** Runs before each listing batch is yielded (e.g. to abort a signal). */
  beforeBatch: ((batch: number) => void) | null = null;
  /** Listing order override: the listed items per batch, for duplicate tests. */
  listingOverride: PageListing[][] | null = null;

  constructor(pages: ConfluencePage[]) {
    this.pages = pages;
  }

  /** When false, the credentials check fails as Confluence's anonymous answer would. */
  credentialsValid = true;
  verifications = 0;

  async verifyAuthentication() {
    this.verifications += 1;
    if (!this.credentialsValid) throw new AppError('auth_failed', 'Answered as anonymous.');
    return { displayName: 'Tester', id: 'tester' };
  }

  async *listPages(cql: string, options: ListOptions = {}): AsyncIterable<ListBatch<PageListing>> {
    this.listCalls.push({ cql, from: options.from });
    const size = options.pageSize ?? 25;
    const batches = this.listingOverride ?? this.batches(size);
    let start = options.from?.kind === 'offset' ? options.from.start / size : 0;
    for (; start < batches.length; start++) {
      if (this.failListingAt?.batch === start) throw this.failListingAt.error;
      this.beforeBatch?.(start);
      options.signal?.throwIfAborted();
      const last = start === batches.length - 1;
      yield {
        items: batches[start],
        skipped: this.skippedPerBatch,
        next: last ? null : { kind: 'offset', start: (start + 1) * size },
      };
    }
  }

  searchPages(): AsyncIterable<ListBatch<ConfluencePage>> {
    throw new Error('not used by indexing');
  }

  async getPages(ids: string[], signal?: AbortSignal): Promise<Map<string, ConfluencePage>> {
    signal?.throwIfAborted();
    const call = this.getCalls.length;
    this.getCalls.push([...ids]);
    if (this.failFetchAt?.call === call) throw this.failFetchAt.error;
    const found = new Map<string, ConfluencePage>();
    for (const page of this.pages) {
      if (ids.includes(page.id) && !this.missingOnFetch.has(page.id)) found.set(page.id, page);
    }
    return found;
  }

  async getSpace() {
    return null;
  }

  async listSpaces() {
    return [];
  }

  async sample() {
    return { totalSize: 0, results: [] };
  }

  private batches(size: number): PageListing[][] {
    const listings: PageListing[] = this.pages.map(
      ({ id, type, title, version, lastModified }) => ({
        id,
        type,
        title,
        version,
        lastModified,
      }),
    );
    const out: PageListing[][] = [];
    for (let i = 0; i < listings.length; i += size) out.push(listings.slice(i, i + size));
    return out;
  }
}

export class MemoryRuns implements IndexRunRepository {
  readonly records = new Map<string, IndexRun>();
  /** Every `update` call, in order. */
  readonly updates: Array<Partial<IndexRun>> = [];
  private nextId = 1;

  async create(run: Omit<IndexRun, 'id'>): Promise<IndexRun> {
    const created = { ...run, id: `run${this.nextId++}` };
    this.records.set(created.id, created);
    return structuredClone(created);
  }

  async get(id: string) {
    const run = this.records.get(id);
    return run ? structuredClone(run) : null;
  }

  async findActive(dataSourceId: string) {
    for (const run of this.records.values()) {
      if (
        run.dataSourceId === dataSourceId &&
        (run.status === 'queued' || run.status === 'running')
      ) {
        return structuredClone(run);
      }
    }
    return null;
  }

  async latest(dataSourceId: string) {
    const runs = [...this.records.values()].filter((r) => r.dataSourceId === dataSourceId);
    return runs.length ? structuredClone(runs[runs.length - 1]) : null;
  }

  async update(id: string, changes: Partial<IndexRun>) {
    this.updates.push(structuredClone(changes));
    const run = this.records.get(id);
    if (!run) return null;
    Object.assign(run, structuredClone(changes));
    return structuredClone(run);
  }

  async finish(id: string, status: RunStatus, error?: SerializedError | null, at?: Date) {
    return this.update(id, { status, error: error ?? null, finishedAt: at ?? new Date() });
  }
}

interface StoredPage {
  document: StoredDocument;
  chunks: Chunk[];
  seenBy: string;
}

export class MemoryDocuments implements DocumentRepository {
  readonly pages = new Map<string, StoredPage>();
  /** Page ids passed to `replacePage`, in order. */
  readonly replaced: string[] = [];
  removeCalls = 0;

  async get(dataSourceId: string, pageId: string) {
    return this.pages.get(`${dataSourceId}/${pageId}`)?.document ?? null;
  }

  async versions(dataSourceId: string, pageIds: string[]) {
    const out = new Map<string, number>();
    for (const id of pageIds) {
      const page = this.pages.get(`${dataSourceId}/${id}`);
      if (page) out.set(id, page.document.version);
    }
    return out;
  }

  async replacePage(document: StoredDocument, chunks: Chunk[]) {
    this.replaced.push(document.pageId);
    this.pages.set(`${document.dataSourceId}/${document.pageId}`, {
      document,
      chunks,
      seenBy: document.runId,
    });
  }

  async removeNotSeenBy(dataSourceId: string, runId: string) {
    this.removeCalls += 1;
    let removed = 0;
    for (const [key, page] of this.pages) {
      if (page.document.dataSourceId === dataSourceId && page.seenBy !== runId) {
        this.pages.delete(key);
        removed += 1;
      }
    }
    return removed;
  }

  async markSeen(dataSourceId: string, pageIds: string[], runId: string) {
    for (const id of pageIds) {
      const page = this.pages.get(`${dataSourceId}/${id}`);
      if (page) page.seenBy = runId;
    }
  }

  async removePages(dataSourceId: string, pageIds: string[]) {
    let removed = 0;
    for (const id of pageIds) if (this.pages.delete(`${dataSourceId}/${id}`)) removed += 1;
    return removed;
  }

  async removeAll(dataSourceId: string) {
    const ids = [...this.pages.values()]
      .filter((page) => page.document.dataSourceId === dataSourceId)
      .map((page) => page.document.pageId);
    return this.removePages(dataSourceId, ids);
  }

  async count(dataSourceId: string) {
    let pages = 0;
    let chunks = 0;
    for (const page of this.pages.values()) {
      if (page.document.dataSourceId !== dataSourceId) continue;
      pages += 1;
      chunks += page.chunks.length;
    }
    return { pages, chunks };
  }

  storedIds(): string[] {
    return [...this.pages.values()].map((p) => p.document.pageId).sort();
  }
}

export class MemoryDataSources implements DataSourceRepository {
  readonly records = new Map<string, DataSource>();
  private nextId = 1;

  constructor(...dataSources: DataSource[]) {
    for (const ds of dataSources) this.records.set(ds.id, structuredClone(ds));
  }

  async create(dataSource: NewDataSource): Promise<DataSource> {
    const taken = [...this.records.values()].some(
      (ds) =>
        ds.projectId === dataSource.projectId &&
        ds.name.toLowerCase() === dataSource.name.toLowerCase(),
    );
    if (taken) throw new AppError('conflict', 'The name is taken.');
    const at = new Date();
    const created: DataSource = {
      ...dataSource,
      id: `ds-new${this.nextId++}`,
      status: 'idle',
      pageCount: 0,
      chunkCount: 0,
      createdAt: at,
      updatedAt: at,
    };
    this.records.set(created.id, created);
    return structuredClone(created);
  }

  async get(id: string) {
    const ds = this.records.get(id);
    return ds ? structuredClone(ds) : null;
  }

  async findByName(teamId: string, name: string, projectId?: string) {
    return [...this.records.values()].filter(
      (ds) =>
        ds.teamId === teamId &&
        ds.name.toLowerCase() === name.toLowerCase() &&
        (projectId === undefined || ds.projectId === projectId),
    );
  }

  async update(id: string, changes: Partial<DataSource>) {
    const ds = this.records.get(id);
    if (!ds) return null;
    Object.assign(ds, structuredClone(changes));
    return structuredClone(ds);
  }

  async list(teamId: string) {
    return [...this.records.values()].filter((ds) => ds.teamId === teamId);
  }

  async listBySchedule() {
    return [...this.records.values()].filter((ds) => ds.schedule !== 'off');
  }

  async delete(id: string) {
    return this.records.delete(id);
  }
}

/** Records every call; `fail` makes each call throw. */
export class RecordingReporter implements RunReporter {
  readonly calls: Array<{ what: string; status: string; counts: RunCounts }> = [];
  fail = false;

  async runStarted(_ds: DataSource, run: IndexRun) {
    this.record('started', run);
  }

  async runProgress(_ds: DataSource, run: IndexRun) {
    this.record('progress', run);
  }

  async runFinished(_ds: DataSource, run: IndexRun) {
    this.record('finished', run);
  }

  private record(what: string, run: IndexRun) {
    this.calls.push({ what, status: run.status, counts: { ...run.counts } });
    if (this.fail) throw new Error(`reporter down (${what})`);
  }
}

/** One chunk per paragraph of the storage body; throws for bodies containing `BROKEN`. */
export const simpleConverter: PageConverter = (page, dataSourceId) => {
  if (page.storage.includes('BROKEN')) throw new Error('unbalanced macro');
  const paragraphs = page.storage.split('</p>').filter((p) => p.trim() !== '');
  return paragraphs.map((text, index) => ({
    dataSourceId,
    pageId: page.id,
    version: page.version,
    index,
    text: text.replace(/<[^>]+>/g, ''),
    headingPath: [],
    title: page.title,
    breadcrumb: page.ancestors.map((a) => a.title),
    spaceKey: page.space.key,
    url: page.url,
    labels: page.labels,
    lastModified: page.lastModified,
  }));
};

/** A clock that moves only when told. */
export function manualClock(start = new Date('2024-06-01T12:00:00Z')) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

export class MemoryIntegrations implements IntegrationRepository {
  readonly records = new Map<string, Integration>();
  private nextId = 1;

  async create(integration: NewIntegration): Promise<Integration> {
    const at = new Date();
    const created = { ...integration, id: `int${this.nextId++}`, createdAt: at, updatedAt: at };
    this.records.set(created.id, created);
    return structuredClone(created);
  }

  async get(id: string) {
    const record = this.records.get(id);
    return record ? structuredClone(record) : null;
  }

  async update(id: string, changes: Partial<NewIntegration>) {
    const record = this.records.get(id);
    if (!record) return null;
    Object.assign(record, changes, { updatedAt: new Date() });
    return structuredClone(record);
  }

  async delete(id: string) {
    return this.records.delete(id);
  }

  async listUsableBy(teamId: string, userId: string) {
    return this.listOwnedBy(teamId, userId);
  }

  async listOwnedBy(teamId: string, userId: string) {
    return [...this.records.values()].filter((i) => i.teamId === teamId && i.ownerId === userId);
  }
}

export class MemoryProjects implements ProjectRepository {
  readonly records = new Map<string, Project>();
  private nextId = 1;

  async create(teamId: string, name: string, userId: string): Promise<Project> {
    const taken = [...this.records.values()].some(
      (p) => p.teamId === teamId && p.name.toLowerCase() === name.toLowerCase(),
    );
    if (taken) throw new AppError('conflict', `A project called "${name}" already exists.`);
    const created: Project = {
      id: `proj${this.nextId++}`,
      teamId,
      name,
      createdBy: userId,
      memberIds: [userId],
      createdAt: new Date(),
    };
    this.records.set(created.id, created);
    return structuredClone(created);
  }

  async addMembers(id: string, userIds: string[]) {
    const project = this.records.get(id);
    if (!project) return null;
    for (const user of userIds) if (!project.memberIds.includes(user)) project.memberIds.push(user);
    return structuredClone(project);
  }

  async removeMember(id: string, userId: string) {
    const project = this.records.get(id);
    if (!project) return null;
    if (project.memberIds.length === 1 && project.memberIds[0] === userId) {
      throw new AppError('conflict', `${project.name} needs at least one member.`);
    }
    project.memberIds = project.memberIds.filter((m) => m !== userId);
    return structuredClone(project);
  }

  async get(id: string) {
    const project = this.records.get(id);
    return project ? structuredClone(project) : null;
  }

  async list(teamId: string) {
    return [...this.records.values()].filter((p) => p.teamId === teamId);
  }

  async listForMember(teamId: string, userId: string) {
    return (await this.list(teamId)).filter((p) => p.memberIds.includes(userId));
  }
}
