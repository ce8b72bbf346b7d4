/**
 * Refuses (401) a request to the Slack endpoints whose `X-Slack-Request-Timestamp` is more than
 * five minutes from now, in either direction. Bolt's own check refuses only old timestamps, so a
 * signed request dated in the future could be replayed until that date. Wraps the HTTP
 * receiver's request listener (`createSlackApp`): requests that pass go on to Bolt unchanged,
 * which still verifies the signature and refuses a missing timestamp.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from '../logging/logger';

export interface TimestampGuardOptions {
  /** Paths Slack posts to (`/slack/events`); other routes (`/healthz`) are not checked. */
  paths: string[];
  /** The clock; tests pass their own. */
  now: () => Date;
  /** Largest distance from now accepted, in seconds. Default 300 (Slack's five minutes). */
  maxSkewSeconds?: number;
  logger: Logger;
}

const DEFAULT_MAX_SKEW_SECONDS = 5 * 60;

export function refuseUntimelyRequests(
  next: RequestListener,
  options: TimestampGuardOptions,
): RequestListener {
  const maxSkew = options.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS;
  return (req: IncomingMessage, res: ServerResponse) => {
    const header = req.headers['x-slack-request-timestamp'];
    if (header === undefined || !isSlackPost(req, options.paths)) return next(req, res);

    // Read as Bolt reads it (a number of seconds), so that both judge the same value.
    const skew = Math.abs(Number(header) - options.now().getTime() / 1000);
    if (Number.isFinite(skew) && skew <= maxSkew) return next(req, res);

    options.logger.warn(
      { skewSeconds: Number.isFinite(skew) ? Math.round(skew) : null },
      'Refused a Slack request: its timestamp is too far from now (old, future or malformed)',
    );
    req.resume();
    res.writeHead(401).end();
  };
}

function isSlackPost(req: IncomingMessage, paths: string[]): boolean {
  if (req.method !== 'POST') return false;
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  return paths.includes(path);
}
