/**
 * The records the product keeps. Stored in MongoDB by the repositories in `src/store/`; read by the
 * indexing jobs, the Slack app and the command line. Ids are strings (MongoDB ObjectId hex unless
 * said otherwise); times are `Date`s.
 */
import type { SerializedError } from '../errors';

export type Deployment = 'cloud' | 'datacenter';

/** Where the secret of an integration lives: AES-256-GCM, see `src/security/secret-box.ts`. */
export interface EncryptedSecret {
  /** Identifies the key that sealed it, so keys can be rotated. */
  keyId: string;
  iv: string;
  tag: string;
  ciphertext: string;
}

/** A saved, verified connection to one Confluence site. */
export interface Integration {
  id: string;
  /** Slack workspace (team id). `cli` for integrations made by the command line. */
  teamId: string;
  /** Slack user who added it; only they can see, edit or delete it. */
  ownerId: string;
  /** Name shown in selects, unique per owner. */
  alias: string;
  deployment: Deployment;
  /** Normalised base URL, see `normalizeBaseUrl` in `src/confluence/base-url.ts`. */
  baseUrl: string;
  /** Cloud only: the Atlassian account email used with the API token. */
  email?: string;
  /** Absent for command-line integrations, whose token is given on every run. */
  secret?: EncryptedSecret;
  /** Last four characters of the token, the only part ever shown again. */
  secretHint: string;
  /** When set, members of this project may use (never read) the integration. */
  sharedWithProjectId?: string | null;
  /** Who Confluence said the token belongs to when it was last verified. */
  verifiedAs?: string;
  verifiedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

export interface Project {
  id: string;
  teamId: string;
  /** Unique per workspace, compared case-insensitively. */
  name: string;
  createdBy: string;
  /** Slack user ids allowed to use integrations shared with the project. Includes the creator. */
  memberIds: string[];
  createdAt: Date;
}

export type Schedule = 'off' | 'hourly' | 'daily' | 'weekly';

export type RunStatus =
  'queued' | 'running' | 'completed' | 'completed_with_failures' | 'failed' | 'cancelled';

/** A Confluence query whose matching pages are kept indexed. */
export interface DataSource {
  id: string;
  teamId: string;
  projectId: string;
  /** Unique within its project, compared case-insensitively. */
  name: string;
  description: string;
  type: 'confluence';
  cql: string;
  integrationId: string;
  createdBy: string;
  schedule: Schedule;
  /** The Slack message whose thread receives this data source's run reports. */
  notify?: { channelId: string; messageTs: string } | null;
  /**
   * The Slack view (modal) whose submission created it. Unique: the same form submitted twice,
   * to one bot process or several, finds this data source instead of creating another.
   */
  originViewId?: string;
  /** Status of the latest run, or `idle` before the first one. */
  status: RunStatus | 'idle';
  lastRunId?: string | null;
  lastRunAt?: Date | null;
  /** Start of the last run that ended completed or completed_with_failures. */
  lastSuccessAt?: Date | null;
  /** When a full listing last finished (incremental runs list only what changed). */
  lastFullListingAt?: Date | null;
  /**
   * Normalised base URL of the Confluence site the stored documents came from, set by the index
   * run when it starts writing. A run against another site removes them all first. Absent before
   * the first run (and on data sources indexed before this field existed).
   */
  indexedBaseUrl?: string | null;
  nextRunAt?: Date | null;
  pageCount: number;
  chunkCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export type RunTrigger = 'create' | 'manual' | 'schedule' | 'cli' | 'retry';

export interface RunCounts {
  /** Pages (and blog posts) the listing returned so far. */
  found: number;
  /** Pages dealt with so far: indexed + unchanged + failed. */
  processed: number;
  /** New or changed pages whose chunks were written. */
  indexed: number;
  /** Pages whose version had not changed, left as they were. */
  unchanged: number;
  /** Stored pages that no longer match and were removed. */
  removed: number;
  /** Pages that could not be fetched or converted. */
  failed: number;
  /** Results that are not pages or blog posts (attachments, comments, spaces). */
  skipped: number;
  /** Chunks written by this run. */
  chunks: number;
}

export interface PageFailure {
  pageId: string;
  title: string;
  url?: string;
  reason: string;
}

/** One execution of a data source's indexing. */
export interface IndexRun {
  id: string;
  dataSourceId: string;
  trigger: RunTrigger;
  /** Slack user who asked for it, when a person did. */
  requestedBy?: string | null;
  mode: 'full' | 'incremental';
  status: RunStatus;
  counts: RunCounts;
  /** Capped list (first 200) of pages that failed; `counts.failed` has the total. */
  failures: PageFailure[];
  /** Set when the run failed as a whole. */
  error?: SerializedError | null;
  /** Where the listing resumes after a crash; opaque to everything but the indexing job. */
  checkpoint?: Record<string, unknown> | null;
  /** Whether the listing reached its end (only then may pages be removed). */
  listingComplete: boolean;
  queuedAt: Date;
  startedAt?: Date | null;
  finishedAt?: Date | null;
  /** Updated while the run makes progress; a stale heartbeat means the worker died. */
  heartbeatAt?: Date | null;
}

/** One indexed Confluence page (or blog post) of a data source. */
export interface StoredDocument {
  dataSourceId: string;
  pageId: string;
  type: 'page' | 'blogpost';
  title: string;
  spaceKey: string;
  spaceName: string;
  url: string;
  /** Ancestor titles, root first. */
  breadcrumb: string[];
  labels: string[];
  version: number;
  lastModified: Date;
  chunkCount: number;
  /** Id of the run that last wrote it. */
  runId: string;
  indexedAt: Date;
}

/** A piece of a page's text, with enough metadata to be cited on its own. */
export interface Chunk {
  dataSourceId: string;
  pageId: string;
  /** Page version the chunk was cut from. */
  version: number;
  /** Position within the page, from 0. */
  index: number;
  /** Markdown text of the chunk, without the metadata. */
  text: string;
  /** Headings above this chunk, outermost first. */
  headingPath: string[];
  title: string;
  breadcrumb: string[];
  spaceKey: string;
  url: string;
  labels: string[];
  lastModified: Date;
}

export interface SearchHit {
  dataSourceId: string;
  pageId: string;
  title: string;
  breadcrumb: string[];
  headingPath: string[];
  spaceKey: string;
  url: string;
  /** Text around the best match, at most about 300 characters. */
  snippet: string;
  score: number;
}
