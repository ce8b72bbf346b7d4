/**
 * Interfaces owned by the core, one implementation per outside system: the Confluence client
 * (`src/confluence/`), the MongoDB repositories (`src/store/`), the Slack reporter (`src/slack/`).
 */
import type {
  Chunk,
  DataSource,
  Deployment,
  IndexRun,
  Integration,
  Project,
  RunStatus,
  SearchHit,
  StoredDocument,
} from './models';
import type { SerializedError } from '../errors';

// ---------------------------------------------------------------------------------------------
// Confluence

export type ConfluenceAuth =
  | { kind: 'bearer'; token: string } /** Data Center personal access token. */
  | { kind: 'basic'; email: string; token: string }; /** Cloud email + API token. */

export interface ConfluenceConnection {
  deployment: Deployment;
  /** Normalised with `normalizeBaseUrl`. */
  baseUrl: string;
  auth: ConfluenceAuth;
}

export interface ConfluenceUser {
  displayName: string;
  /** Cloud account id, or Data Center user name. */
  id: string;
}

/** A search result without its body: enough to decide whether it must be fetched. */
export interface PageListing {
  id: string;
  type: 'page' | 'blogpost';
  title: string;
  version: number;
  lastModified: Date;
}

/** Where a listing resumes. Plain JSON, stored in the index run's checkpoint. */
export type ListCheckpoint =
  | { kind: 'cursor'; next: string } /** Cloud: the `_links.next` path as returned. */
  | { kind: 'offset'; start: number }; /** Data Center: offset computed from what came back. */

export interface ListBatch<T> {
  items: T[];
  /** Results in this batch that were neither pages nor blog posts. */
  skipped: number;
  /** Where the batch after this one starts; `null` when the listing is complete. */
  next: ListCheckpoint | null;
}

/** A page with its body and the metadata indexing keeps. */
export interface ConfluencePage extends PageListing {
  status: string;
  space: { key: string; name: string };
  /** Root first, the parent last. */
  ancestors: Array<{ id: string; title: string }>;
  labels: string[];
  /** `_links.base` + `_links.webui` as Confluence returned them. */
  url: string;
  /** Storage-format XHTML. */
  storage: string;
}

export interface CqlSample {
  /** Total matches as Confluence counts them (pages, blog posts and anything else). */
  totalSize: number;
  /** The first few matches. */
  results: Array<{ id: string; type: string; title: string; url: string }>;
}

export interface ListOptions {
  /** Resume from a checkpoint of an earlier listing. */
  from?: ListCheckpoint | null;
  /** Requested page size; the server may cap it silently. */
  pageSize?: number;
  signal?: AbortSignal;
}

/**
 * Reads one Confluence site with one set of credentials. Every method throws `AppError` with the
 * codes documented in `src/errors.ts`; none returns "nothing" for an authentication failure.
 */
export interface ConfluenceClient {
  readonly connection: Readonly<Omit<ConfluenceConnection, 'auth'>>;
  /** Who the credentials belong to; `auth_failed` when Confluence treats them as anonymous. */
  verifyAuthentication(signal?: AbortSignal): Promise<ConfluenceUser>;
  /** Pages and blog posts matching `cql`, without bodies, in batches. Streams. */
  listPages(cql: string, options?: ListOptions): AsyncIterable<ListBatch<PageListing>>;
  /** Pages and blog posts matching `cql`, with bodies and metadata, in batches. Streams. */
  searchPages(cql: string, options?: ListOptions): AsyncIterable<ListBatch<ConfluencePage>>;
  /** The given pages with bodies; ids that do not exist or are hidden are absent from the map. */
  getPages(ids: string[], signal?: AbortSignal): Promise<Map<string, ConfluencePage>>;
  /** The space with this key, or `null` when it does not exist or is hidden. */
  getSpace(key: string, signal?: AbortSignal): Promise<{ key: string; name: string } | null>;
  /** Spaces visible to the credentials, at most `limit` (for suggesting a mistyped key). */
  listSpaces(limit: number, signal?: AbortSignal): Promise<Array<{ key: string; name: string }>>;
  /** Runs `cql` with a small page size: Confluence's verdict, match count and first titles. */
  sample(cql: string, limit: number, signal?: AbortSignal): Promise<CqlSample>;
}

/** Builds a client for a connection; clients to one host share one rate limiter. */
export type ConfluenceClientFactory = (connection: ConfluenceConnection) => ConfluenceClient;

/** Turns a stored integration into a connection (decrypting its secret). */
export type ConnectionResolver = (integration: Integration) => Promise<ConfluenceConnection>;

// ---------------------------------------------------------------------------------------------
// Storage

export type NewIntegration = Omit<Integration, 'id' | 'createdAt' | 'updatedAt'>;

export interface IntegrationRepository {
  create(integration: NewIntegration): Promise<Integration>;
  get(id: string): Promise<Integration | null>;
  update(id: string, changes: Partial<NewIntegration>): Promise<Integration | null>;
  delete(id: string): Promise<boolean>;
  /** Integrations the user owns, plus those shared with projects the user is a member of. */
  listUsableBy(teamId: string, userId: string, projectIds: string[]): Promise<Integration[]>;
  listOwnedBy(teamId: string, userId: string): Promise<Integration[]>;
}

/**
 * Projects and their members. Membership only changes through `addMembers` / `removeMember`,
 * which the Slack app calls after checking that the caller is a member or a workspace admin.
 */
export interface ProjectRepository {
  /**
   * Creates the project with `userId` as creator and only member. A name the workspace already
   * uses (compared without case) is refused with `conflict`: it never joins the existing project.
   * Called by the data source form (a new project) and the command line (its `cli` project).
   */
  create(teamId: string, name: string, userId: string): Promise<Project>;
  get(id: string): Promise<Project | null>;
  list(teamId: string): Promise<Project[]>;
  listForMember(teamId: string, userId: string): Promise<Project[]>;
  /** Adds the users (already members are kept once). `null` when the project does not exist. */
  addMembers(id: string, userIds: string[]): Promise<Project | null>;
  /**
   * Removes the user; a user who is not a member leaves it unchanged. Removing the last member is
   * refused with `conflict`. `null` when the project does not exist.
   */
  removeMember(id: string, userId: string): Promise<Project | null>;
}

export type NewDataSource = Omit<
  DataSource,
  'id' | 'createdAt' | 'updatedAt' | 'status' | 'pageCount' | 'chunkCount'
>;

export interface DataSourceRepository {
  /**
   * Throws `conflict` when the name is taken in the project, or when a data source was already
   * created from the same Slack view (`originViewId`; the error's `details.originViewId` says so).
   */
  create(dataSource: NewDataSource): Promise<DataSource>;
  get(id: string): Promise<DataSource | null>;
  findByName(teamId: string, name: string, projectId?: string): Promise<DataSource[]>;
  update(id: string, changes: Partial<DataSource>): Promise<DataSource | null>;
  list(teamId: string): Promise<DataSource[]>;
  listBySchedule(): Promise<DataSource[]>;
  /** Removes the data source with its runs, documents and chunks. */
  delete(id: string): Promise<boolean>;
}

export interface IndexRunRepository {
  create(run: Omit<IndexRun, 'id'>): Promise<IndexRun>;
  get(id: string): Promise<IndexRun | null>;
  /** The queued or running run of a data source, if any. */
  findActive(dataSourceId: string): Promise<IndexRun | null>;
  latest(dataSourceId: string): Promise<IndexRun | null>;
  update(id: string, changes: Partial<IndexRun>): Promise<IndexRun | null>;
  finish(
    id: string,
    status: RunStatus,
    error?: SerializedError | null,
    at?: Date,
  ): Promise<IndexRun | null>;
}

export interface DocumentRepository {
  get(dataSourceId: string, pageId: string): Promise<StoredDocument | null>;
  /** Stored versions by page id, for deciding what changed. */
  versions(dataSourceId: string, pageIds: string[]): Promise<Map<string, number>>;
  /**
   * Writes a page and replaces its chunks so that readers never see a page with half its
   * chunks: new chunks are written first, then the document, then older chunks are removed.
   */
  replacePage(document: StoredDocument, chunks: Chunk[]): Promise<void>;
  /** Removes every page of the data source not seen by `runId` (after a complete listing). */
  removeNotSeenBy(dataSourceId: string, runId: string): Promise<number>;
  /** Records that a page was seen, unchanged, by `runId`. */
  markSeen(dataSourceId: string, pageIds: string[], runId: string): Promise<void>;
  removePages(dataSourceId: string, pageIds: string[]): Promise<number>;
  /**
   * Removes every page and chunk of the data source; returns how many pages went. Called by an
   * index run whose data source now points at another Confluence site.
   */
  removeAll(dataSourceId: string): Promise<number>;
  count(dataSourceId: string): Promise<{ pages: number; chunks: number }>;
}

export interface SearchFilters {
  dataSourceIds?: string[];
  spaceKeys?: string[];
  labels?: string[];
  limit?: number;
}

export interface SearchIndex {
  search(query: string, filters?: SearchFilters): Promise<SearchHit[]>;
}

// ---------------------------------------------------------------------------------------------
// Reporting

/** Told about runs as they happen; the Slack app posts to threads and refreshes App Home. */
export interface RunReporter {
  /** A run began (after it was picked up by a worker). */
  runStarted(dataSource: DataSource, run: IndexRun): Promise<void>;
  /** Counts changed; called at most every few seconds per run. */
  runProgress(dataSource: DataSource, run: IndexRun): Promise<void>;
  /** The run ended, in any status; `run.error` says why when it failed. */
  runFinished(dataSource: DataSource, run: IndexRun): Promise<void>;
}
