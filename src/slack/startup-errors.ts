/**
 * Turns a Web API failure at start-up (`auth.test` with the bot token, `apps.connections.open`
 * with the app-level token) into one {@link AppError} that says which setting to fix and how.
 * Called by `createSlackApp` (serve) and by `verifyBotToken` (worker). Texts name the setting
 * and the Web API's host, never a token or the rest of `SLACK_API_URL`. Anything that is not a
 * Web API failure is returned as `null`, for the caller to rethrow unchanged.
 */
import { AppError } from '../errors';

/** What the failing call was made with. */
export interface SlackStartupCall {
  /** `SLACK_API_URL` as configured; absent means Slack's own `https://slack.com/api/`. */
  apiUrl?: string;
  /** Which token the call carried: the bot token (`auth.test`) or the app-level token. */
  token: 'bot' | 'app';
}

const DEFAULT_API_URL = 'https://slack.com/api/';

/** Slack's answers meaning "this token is not (or no longer) valid". */
const REFUSED_TOKEN = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
]);

export function slackStartupError(error: unknown, call: SlackStartupCall): AppError | null {
  const code = webApiErrorCode(error);
  if (code === 'slack_webapi_request_error') return unreachable(error, call);
  if (code === 'slack_webapi_http_error') return httpFailure(error, call);
  if (code === 'slack_webapi_rate_limited_error') return rateLimited(call);
  if (code === 'slack_webapi_platform_error') return refused(platformCode(error), call);
  return null;
}

/** The host of the Web API the calls go to (never the path, query or credentials). */
export function slackApiHost(apiUrl: string | undefined): string {
  try {
    return new URL(apiUrl ?? DEFAULT_API_URL).host;
  } catch {
    return 'an invalid address';
  }
}

// ---------------------------------------------------------------------------------------------
// One translation per kind of failure.

function unreachable(error: unknown, call: SlackStartupCall): AppError {
  const host = slackApiHost(call.apiUrl);
  const why = networkReason(error);
  const remedies = call.apiUrl
    ? [
        `Check SLACK_API_URL: it sends Slack calls to ${host}. Remove it to use slack.com.`,
        `Check that this machine can reach ${host} (network, proxy, firewall).`,
      ]
    : [
        'Check that this machine can reach slack.com over HTTPS (network, proxy, firewall).',
        'If Slack must be reached through another address, set SLACK_API_URL to it.',
      ];
  return new AppError('unreachable', `Could not reach the Slack Web API at ${host}: ${why}.`, {
    remedies,
    details: { host },
    cause: error,
  });
}

function httpFailure(error: unknown, call: SlackStartupCall): AppError {
  const host = slackApiHost(call.apiUrl);
  const status = Number((error as { statusCode?: unknown }).statusCode) || 0;
  if (status >= 500) {
    return new AppError('server_error', `The Slack Web API at ${host} failed (HTTP ${status}).`, {
      remedies: [
        'Start again in a few minutes; https://slack-status.com says whether Slack is down.',
      ],
      details: { host, status },
      cause: error,
    });
  }
  return new AppError(
    'bad_response',
    `The Slack Web API at ${host} answered HTTP ${status}: it does not look like Slack's Web API.`,
    {
      remedies: [
        call.apiUrl
          ? 'Check SLACK_API_URL: it must be the Web API base, such as https://slack.com/api/.'
          : 'Check the proxy between this machine and slack.com.',
      ],
      details: { host, status },
      cause: error,
    },
  );
}

function rateLimited(call: SlackStartupCall): AppError {
  return new AppError('rate_limited', 'Slack asked Datasource Bot to slow down while starting.', {
    remedies: ['Start again in a minute.'],
    details: { host: slackApiHost(call.apiUrl) },
  });
}

function refused(answer: string, call: SlackStartupCall): AppError {
  if (REFUSED_TOKEN.has(answer)) return refusedToken(answer, call);
  if (answer === 'not_allowed_token_type') return wrongKindOfToken(call);
  const setting = call.token === 'bot' ? 'SLACK_BOT_TOKEN' : 'SLACK_APP_TOKEN';
  if (answer === 'missing_scope') {
    return new AppError(
      'permission_denied',
      `${setting} lacks a scope Slack needs (missing_scope).`,
      {
        remedies: [
          call.token === 'app'
            ? 'Create an app-level token with the connections:write scope (Basic Information > ' +
              'App-Level Tokens) and put it in SLACK_APP_TOKEN.'
            : 'Add the scopes of manifest.yml under OAuth & Permissions, reinstall the app, and ' +
              'copy the new Bot User OAuth Token into SLACK_BOT_TOKEN.',
        ],
        details: { slackError: answer },
      },
    );
  }
  return new AppError('bad_response', `Slack refused to start with ${setting} (${answer}).`, {
    remedies: [
      call.token === 'app'
        ? 'Check that Socket Mode is turned on for the app (Settings > Socket Mode), or remove ' +
          'SLACK_APP_TOKEN to receive requests over HTTP.'
        : "Check the app's settings at https://api.slack.com/apps and reinstall it.",
    ],
    details: { slackError: answer },
  });
}

function refusedToken(answer: string, call: SlackStartupCall): AppError {
  if (call.token === 'bot') {
    return new AppError(
      'auth_failed',
      `Slack refused SLACK_BOT_TOKEN (${answer}): the bot token is wrong or has been revoked.`,
      {
        remedies: [
          'Reinstall the app to the workspace (https://api.slack.com/apps > your app > ' +
            'Install App), then copy its Bot User OAuth Token (xoxb-…) into SLACK_BOT_TOKEN.',
          'Check that SLACK_BOT_TOKEN holds the whole token, without quotes or spaces.',
        ],
        details: { slackError: answer },
      },
    );
  }
  return new AppError(
    'auth_failed',
    `Slack refused SLACK_APP_TOKEN (${answer}): the app-level token is wrong or has been revoked.`,
    {
      remedies: [
        'Create a new app-level token with the connections:write scope (https://api.slack.com/' +
          'apps > your app > Basic Information > App-Level Tokens) and put it in SLACK_APP_TOKEN.',
        'Or remove SLACK_APP_TOKEN to receive Slack requests over HTTP instead of Socket Mode.',
      ],
      details: { slackError: answer },
    },
  );
}

function wrongKindOfToken(call: SlackStartupCall): AppError {
  if (call.token === 'bot') {
    return new AppError(
      'config_invalid',
      'SLACK_BOT_TOKEN is not the kind of token Slack expects here (not_allowed_token_type).',
      {
        remedies: [
          'Copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions into ' +
            'SLACK_BOT_TOKEN; a user token (xoxp-…) or app-level token (xapp-…) does not work.',
        ],
        details: { slackError: 'not_allowed_token_type' },
      },
    );
  }
  return new AppError(
    'config_invalid',
    'SLACK_APP_TOKEN is not an app-level token (not_allowed_token_type): Socket Mode needs one.',
    {
      remedies: [
        'Create an app-level token with the connections:write scope (Basic Information > ' +
          'App-Level Tokens) and put it in SLACK_APP_TOKEN; the bot token does not open sockets.',
      ],
      details: { slackError: 'not_allowed_token_type' },
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Reading the Web API client's errors (by their documented `code`, not by class: Bolt and
// Socket Mode may each load their own copy of @slack/web-api).

function webApiErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Slack's `error` field, kept only when it has the shape of one of its codes. */
function platformCode(error: unknown): string {
  const answer = (error as { data?: { error?: unknown } }).data?.error;
  return typeof answer === 'string' && /^[a-z0-9_]{1,64}$/.test(answer) ? answer : 'unknown_error';
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was closed',
  ENOTFOUND: 'the name does not resolve',
  EAI_AGAIN: 'the name did not resolve in time',
  ETIMEDOUT: 'it did not answer in time',
  UND_ERR_CONNECT_TIMEOUT: 'it did not answer in time',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
};

/** A short reason from the error codes in the cause chain; raw messages are never shown. */
function networkReason(error: unknown): string {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift() as Record<string, unknown> | null;
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const code = typeof current.code === 'string' ? current.code : '';
    if (NETWORK_REASONS[code]) return NETWORK_REASONS[code];
    if (/^(CERT_|ERR_TLS|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED)/.test(code))
      return 'its TLS certificate was not accepted';
    if (current.name === 'TimeoutError' || current.name === 'AbortError')
      return 'it did not answer in time';
    queue.push(
      current.original,
      current.cause,
      ...(Array.isArray(current.errors) ? current.errors : []),
    );
  }
  return 'the request failed';
}
