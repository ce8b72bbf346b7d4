/**
 * Web API client settings. Bolt's own client serves interactive calls (views.open within the
 * 3-second trigger); a separate background client carries progress and thread replies. The
 * background client rejects rate-limited calls at once (`rejectRateLimitedCalls`) so that its
 * caller decides when to try again, instead of the whole queue pausing.
 */
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Logger } from '../logging/logger';
import { boltLogger } from './bolt-logger';
import type { SlackConnectionOptions, SlackWebApiOptions } from './deps';

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRIES = 2;

/** Options for Bolt's interactive client (`App.clientOptions`). */
export function interactiveClientOptions(
  options: SlackConnectionOptions,
  logger: Logger,
): WebClientOptions {
  return {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    timeout: options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS,
    retryConfig: { retries: options.retries ?? DEFAULT_RETRIES, factor: 2, minTimeout: 200 },
    // A 429 on an interactive call is rare (tier 4); fail fast rather than miss the trigger.
    rejectRateLimitedCalls: true,
    logger: boltLogger(logger.child({ component: 'slack-web' })),
  };
}

/** The client for background reporting, used by the reporter and App Home refreshes. */
export function createBackgroundClient(options: SlackWebApiOptions, logger: Logger): WebClient {
  return new WebClient(options.botToken, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    timeout: options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS,
    retryConfig: { retries: options.retries ?? DEFAULT_RETRIES, factor: 2, minTimeout: 200 },
    rejectRateLimitedCalls: true,
    logger: boltLogger(logger.child({ component: 'slack-background' })),
  });
}
