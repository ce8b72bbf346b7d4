/**
 * The services every Slack handler shares, built once by `createSlackApp`: dependencies with their
 * defaults filled in, the background client, the admin directory, App Home publishing and the
 * drafts of modals in progress.
 */
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logging/logger';
import type { SlackAppDeps, SlackTimings } from './deps';
import type { AdminDirectory } from './permissions/admins';
import type { HomePublisher } from './home/publisher';
import type { DraftStore } from './drafts';
import type { SubmissionGuard } from './submission-guard';

export interface SlackContext {
  deps: SlackAppDeps;
  logger: Logger;
  background: WebClient;
  timings: Required<SlackTimings>;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  admins: AdminDirectory;
  homes: HomePublisher;
  drafts: DraftStore;
  submissions: SubmissionGuard;
}

export const DEFAULT_TIMINGS: Required<SlackTimings> = {
  ackBudgetMs: 2_000,
  progressIntervalMs: 3_000,
  homeIntervalMs: 3_000,
  adminCacheMs: 10 * 60_000,
};
