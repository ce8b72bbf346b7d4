/**
 * The Slack pieces that work in the background, built before the job runner (which needs the
 * reporter) and shared with the Slack app: the background Web API client, the admin directory,
 * App Home publishing and the run reporter. `serve` builds them for the app and its runner; a
 * `worker` with a bot token builds them alone (only the Web API, no Bolt receiver), so that the
 * runs it executes are reported the same way.
 */
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logging/logger';
import { createBackgroundClient } from './clients';
import { DEFAULT_TIMINGS } from './context';
import type { Repositories, SlackTimings, SlackWebApiOptions } from './deps';
import { createHomePublisher, type HomePublisher } from './home/publisher';
import { createAdminDirectory, type AdminDirectory } from './permissions/admins';
import { createSlackReporter, type SlackReporter } from './reporter';

export interface SlackReporting {
  /** Separate from Bolt's client, so a rate-limited progress edit never delays `views.open`. */
  client: WebClient;
  admins: AdminDirectory;
  homes: HomePublisher;
  /** Give this to the job runner. */
  reporter: SlackReporter;
  timings: Required<SlackTimings>;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
}

export interface SlackReportingOptions {
  /** The bot token and Web API base (`Config.slack` or `Config.slackApi`). */
  slack: SlackWebApiOptions;
  repos: Repositories;
  logger: Logger;
  timings?: SlackTimings;
  /** Default `() => new Date()`. */
  now?: () => Date;
  /** Waits after a rate limit. Default a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** A ready client (tests); default one made from `slack`. */
  client?: WebClient;
}

export function createSlackReporting(options: SlackReportingOptions): SlackReporting {
  const timings = { ...DEFAULT_TIMINGS, ...options.timings };
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const logger = options.logger.child({ component: 'slack-reporting' });
  const client = options.client ?? createBackgroundClient(options.slack, options.logger);
  const admins = createAdminDirectory({ client, ttlMs: timings.adminCacheMs, now });
  const homes = createHomePublisher({
    client,
    repos: options.repos,
    admins,
    logger,
    now,
    intervalMs: timings.homeIntervalMs,
  });
  const reporter = createSlackReporter({
    client,
    repos: options.repos,
    homes,
    logger,
    now,
    sleep,
    progressIntervalMs: timings.progressIntervalMs,
  });
  return { client, admins, homes, reporter, timings, now, sleep };
}
