/**
 * What the Slack app needs from the rest of the product. `serve` builds it from the runtime
 * wiring; tests build it from the real store, the fake Confluence and the real job runner.
 * Nothing here reads `process.env`.
 */
import type { Logger } from '../logging/logger';
import type { JobRunner } from '../jobs/runner';
import type {
  ConfluenceClientFactory,
  ConnectionResolver,
  DataSourceRepository,
  IndexRunRepository,
  IntegrationRepository,
  ProjectRepository,
  SearchIndex,
} from '../domain/ports';
import type { SecretBox } from '../security/secret-box';
import type { HealthCheckResult } from '../http/healthz';
import type { SlackReporting } from './reporting';

/** Slack credentials and endpoints, from `Config.slack`. */
export interface SlackConnectionOptions {
  /** `xoxb-…` bot token. */
  botToken: string;
  /** Verifies HTTP requests; unused in Socket Mode. */
  signingSecret: string;
  /** `xapp-…` app-level token; when given the app connects over Socket Mode. */
  appToken?: string;
  /** Web API base, default `https://slack.com/api/` (a proxy or GovSlack host). */
  apiUrl?: string;
  /** Timeout of one Web API call, in milliseconds. Default 10 000. */
  requestTimeoutMs?: number;
  /** Retries of failed Web API calls (network errors, 5xx) by interactive handlers. Default 2. */
  retries?: number;
}

/** What a Web API client needs: a process that only posts (`worker`) has nothing more. */
export type SlackWebApiOptions = Pick<
  SlackConnectionOptions,
  'botToken' | 'apiUrl' | 'requestTimeoutMs' | 'retries'
>;

/** The parts of the job runner (`src/jobs/runner.ts`) the Slack app uses. */
export type JobControl = Pick<JobRunner, 'requestRun' | 'applySchedule' | 'cancelSchedule'>;

export interface Repositories {
  integrations: IntegrationRepository;
  projects: ProjectRepository;
  dataSources: DataSourceRepository;
  runs: IndexRunRepository;
}

/** Timings, all in milliseconds; defaults suit Slack's limits. */
export interface SlackTimings {
  /**
   * How long a submission may wait for Confluence before answering Slack with a "Checking…"
   * view (Slack allows 3 s for the whole answer). Default 2 000.
   */
  ackBudgetMs?: number;
  /** Least time between two edits of one progress message. Default 3 000. */
  progressIntervalMs?: number;
  /** Least time between two App Home refreshes for one user. Default 3 000. */
  homeIntervalMs?: number;
  /** How long workspace-admin answers from users.info are cached. Default 10 minutes. */
  adminCacheMs?: number;
}

export interface SlackAppDeps {
  slack: SlackConnectionOptions;
  logger: Logger;
  repos: Repositories;
  search: SearchIndex;
  jobs: JobControl;
  confluence: ConfluenceClientFactory;
  /** Decrypts an integration's secret into a connection. */
  resolveConnection: ConnectionResolver;
  /** Background client, App Home and the run reporter (`createSlackReporting`). */
  reporting: SlackReporting;
  /** Seals tokens typed into the integration modal. */
  secretBox: SecretBox;
  /** Reports the database and job runner for `GET /healthz`. */
  health: () => Promise<HealthCheckResult>;
  /** HTTP port for `/slack/events` and `/healthz` (0 picks a free one). Default 3000. */
  port?: number;
  /**
   * Address the HTTP server (or, in Socket Mode, the `/healthz` server) listens on, e.g.
   * `127.0.0.1`. Default: every interface (IPv6 `::` and IPv4 `0.0.0.0`), Node's default.
   */
  host?: string;
  /** Timings, see {@link SlackTimings}; the reporting bundle's are used for its own parts. */
  timings?: SlackTimings;
}
