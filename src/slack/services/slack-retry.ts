/**
 * Retries a Web API call that Slack rate-limited, after the `Retry-After` it gave. The background
 * client rejects rate-limited calls at once (its queue never pauses), so calls that must not be
 * lost (final summaries, failure replies, the first message) go through here.
 */
import { ErrorCode } from '@slack/web-api';

export interface RetryOptions {
  sleep: (ms: number) => Promise<void>;
  /** Attempts in all, the first included. Default 6. */
  attempts?: number;
  /** Used when Slack gave no Retry-After, in seconds. Default 1. */
  fallbackSeconds?: number;
}

export async function withRateLimitRetry<T>(
  call: () => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const attempts = options.attempts ?? 6;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const seconds = retryAfterOf(error);
      if (seconds === undefined || attempt >= attempts) throw error;
      await options.sleep(Math.max(seconds, options.fallbackSeconds ?? 1) * 1000);
    }
  }
}

/** Seconds to wait when `error` is a rate limit; undefined for any other error. */
export function retryAfterOf(error: unknown): number | undefined {
  const e = error as { code?: unknown; retryAfter?: unknown } | null;
  if (e?.code !== ErrorCode.RateLimitedError) return undefined;
  return typeof e.retryAfter === 'number' ? e.retryAfter : 1;
}

export function isRateLimited(error: unknown): boolean {
  return retryAfterOf(error) !== undefined;
}
