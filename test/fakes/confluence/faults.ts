/**
 * Failures and slowness the fake Confluence produces on demand: queued answers (`failNext`),
 * a delay before every answer, and hanging requests that never get an answer.
 */
import type { FakeMode } from './model';

export interface FailureSpec {
  /** HTTP status to answer with, e.g. 429, 500, 503, 302. */
  status: number;
  /** How many matching requests get this answer. Default 1. */
  times?: number;
  /** `Retry-After` in seconds (number) or as given (string, e.g. an HTTP date). Omitted if unset. */
  retryAfter?: number | string;
  /** Body: a string is sent as is, anything else as JSON. Default: a Confluence error envelope. */
  body?: unknown;
  /** Content type; default JSON for objects and default bodies, `text/html` for strings. */
  contentType?: string;
  /** Extra headers, e.g. `{ location: '...' }` for redirects. */
  headers?: Record<string, string>;
  /** Only requests whose path (without query) contains this string or matches this pattern. */
  path?: string | RegExp;
}

export interface PreparedAnswer {
  status: number;
  headers: Record<string, string>;
  contentType: string;
  body: string;
}

const REASONS: Record<number, string> = {
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** X-RateLimit headers as each deployment sends them with a 429 (reference §5). */
function rateLimitHeaders(mode: FakeMode): Record<string, string> {
  if (mode === 'cloud') {
    const reset = new Date(Date.now() + 60_000).toISOString().slice(0, 16) + 'Z';
    return {
      'X-RateLimit-Limit': '100',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': reset,
      'X-RateLimit-NearLimit': 'true',
      'RateLimit-Reason': 'confluence-burst-based',
    };
  }
  return {
    'X-RateLimit-Limit': '20',
    'X-RateLimit-Remaining': '0',
    'X-RateLimit-Interval-Seconds': '1',
    'X-RateLimit-FillRate': '5',
  };
}

function defaultBody(mode: FakeMode, status: number): string {
  const reason = REASONS[status] ?? 'Error';
  return JSON.stringify(
    mode === 'cloud'
      ? { statusCode: status, message: reason }
      : { statusCode: status, message: reason, reason },
  );
}

export class FaultQueue {
  private readonly queue: Array<FailureSpec & { remaining: number }> = [];
  /** Delay before every answer, in ms. */
  delayMs = 0;
  /** When true, requests get no answer until the server closes. */
  hanging = false;

  constructor(private readonly mode: FakeMode) {}

  add(spec: FailureSpec): void {
    this.queue.push({ ...spec, remaining: spec.times ?? 1 });
  }

  clear(): void {
    this.queue.length = 0;
    this.delayMs = 0;
    this.hanging = false;
  }

  /** The queued answer for this path, consuming one use of it, or null. */
  take(path: string): PreparedAnswer | null {
    const index = this.queue.findIndex(
      (spec) =>
        spec.path === undefined ||
        (typeof spec.path === 'string' ? path.includes(spec.path) : spec.path.test(path)),
    );
    if (index === -1) return null;
    const spec = this.queue[index];
    spec.remaining--;
    if (spec.remaining <= 0) this.queue.splice(index, 1);
    return this.prepare(spec);
  }

  private prepare(spec: FailureSpec): PreparedAnswer {
    const headers: Record<string, string> = {
      ...(spec.status === 429 ? rateLimitHeaders(this.mode) : {}),
      ...(spec.retryAfter === undefined ? {} : { 'Retry-After': String(spec.retryAfter) }),
      ...spec.headers,
    };
    if (spec.body === undefined) {
      return {
        status: spec.status,
        headers,
        contentType: spec.contentType ?? 'application/json;charset=UTF-8',
        body: spec.status >= 300 && spec.status < 400 ? '' : defaultBody(this.mode, spec.status),
      };
    }
    const isText = typeof spec.body === 'string';
    return {
      status: spec.status,
      headers,
      contentType:
        spec.contentType ?? (isText ? 'text/html;charset=UTF-8' : 'application/json;charset=UTF-8'),
      body: isText ? (spec.body as string) : JSON.stringify(spec.body),
    };
  }
}
