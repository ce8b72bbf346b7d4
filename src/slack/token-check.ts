/**
 * Start-up checks of the Slack tokens, so that a wrong token stops the process with one clear
 * message (see `startup-errors.ts`) instead of failing later or retrying forever.
 * - `verifyBotToken`: `auth.test` with the bot token; `worker` calls it before anything else when
 *   `SLACK_BOT_TOKEN` is set (`serve` gets the same check from Bolt's own `auth.test`).
 * - `verifyAppToken`: `apps.connections.open` with the app-level token; `createSlackApp` calls it
 *   before connecting over Socket Mode, whose client would otherwise retry some refusals (such as
 *   `not_allowed_token_type`) forever. The socket address it answers is not used.
 */
import { WebClient } from '@slack/web-api';
import type { Logger } from '../logging/logger';
import { boltLogger } from './bolt-logger';
import { createBackgroundClient } from './clients';
import type { SlackConnectionOptions, SlackWebApiOptions } from './deps';
import { slackStartupError } from './startup-errors';

const CHECK_TIMEOUT_MS = 10_000;
const CHECK_RETRIES = 2;

/** Resolves when Slack accepts the bot token; throws an `AppError` saying what to fix if not. */
export async function verifyBotToken(slack: SlackWebApiOptions, logger: Logger): Promise<void> {
  const client = createBackgroundClient(slack, logger);
  await client.auth.test().catch((error: unknown) => {
    throw slackStartupError(error, { apiUrl: slack.apiUrl, token: 'bot' }) ?? error;
  });
}

/** Resolves when Slack opens Socket Mode for the app-level token; throws an `AppError` if not. */
export async function verifyAppToken(
  slack: { appToken: string } & Pick<
    SlackConnectionOptions,
    'apiUrl' | 'requestTimeoutMs' | 'retries'
  >,
  logger: Logger,
): Promise<void> {
  const client = new WebClient(slack.appToken, {
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
    timeout: slack.requestTimeoutMs ?? CHECK_TIMEOUT_MS,
    retryConfig: { retries: slack.retries ?? CHECK_RETRIES, factor: 2, minTimeout: 200 },
    rejectRateLimitedCalls: true,
    logger: boltLogger(logger),
  });
  await client.apps.connections.open({}).catch((error: unknown) => {
    throw slackStartupError(error, { apiUrl: slack.apiUrl, token: 'app' }) ?? error;
  });
}
