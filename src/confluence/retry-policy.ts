/**
 * How long to wait before retrying a Confluence request. Used by the HTTP layer (`http.ts`);
 * pure functions of their inputs (time and randomness are passed in) so tests need no real time.
 */

/** Longest `Retry-After` honoured; longer requests are clamped (Confluence has sent hours). */
export const MAX_RETRY_AFTER_MS = 120_000;
/** First backoff step; doubled each attempt. */
const BACKOFF_BASE_MS = 500;
/** Longest single backoff without a `Retry-After`. */
const BACKOFF_CAP_MS = 30_000;

/**
 * The `Retry-After` header as milliseconds from `nowMs`: delta seconds or an HTTP date, clamped
 * to [0, {@link MAX_RETRY_AFTER_MS}]. Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else {
    const date = Date.parse(trimmed);
    if (Number.isNaN(date)) return undefined;
    ms = date - nowMs;
  }
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

/**
 * Exponential backoff with "full jitter" for retry number `attempt` (1 for the first retry):
 * a random wait between half and all of `base * 2^(attempt-1)`, capped. `random` returns [0, 1).
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
