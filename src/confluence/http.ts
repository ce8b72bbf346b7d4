/**
 * The HTTP layer under the Confluence client: one JSON GET at a time, with a timeout per attempt,
 * the host's rate limiter, retries for 429/5xx/network failures inside a total time budget,
 * manual redirects (each hop checked by the address guard) and recognition of non-JSON answers.
 * Everything it throws is an `AppError` (or the caller's own abort reason).
 */
import type { Dispatcher } from 'undici';
import { request } from 'undici';
import { AppError } from '../errors';
import type { Deployment } from '../domain/models';
import type { Logger } from '../logging/logger';
import { type AddressPolicy, checkRequestUrl } from './address-guard';
import { type ConfluenceTextSanitiser, createTextSanitiser } from './confluence-text';
import {
  type RequestSubject,
  badResponse,
  errorFromResponse,
  rateLimited,
  serverError,
  timedOut,
  envelopeMessage,
} from './errors';
import type { HostLimiter } from './host-limiter';
import { backoffDelay, parseRetryAfter } from './retry-policy';
import { unreachable } from './unreachable';

export interface HttpOptions {
  /** Normalised base URL; REST paths are appended to it. */
  baseUrl: string;
  deployment: Deployment;
  /** The `Authorization` header value. Never logged. */
  authorization: string;
  /** Per attempt, connect to last body byte. Config `CONFLUENCE_TIMEOUT_MS`, default 30 000. */
  timeoutMs: number;
  /** Total time one call may spend on retries. Default 120 000 ms. */
  retryBudgetMs?: number;
  /** Attempts per call, the first included. Default 6. */
  maxAttempts?: number;
  policy: AddressPolicy;
  /** A guarded agent from `createGuardedAgent`. */
  dispatcher: Dispatcher;
  limiter: HostLimiter;
  logger: Logger;
  clock: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Returns [0, 1); for backoff jitter. Default `Math.random`. */
  random?: () => number;
}

interface RawResponse {
  status: number;
  headers: Record<string, string | undefined>;
  bodyText: string;
}

const MAX_REDIRECTS = 3;

/**
 * Largest Confluence response body read, in bytes (32 MiB). Far above any page the REST API
 * returns with `body.storage` (Confluence itself caps page bodies at a few MB); a larger answer is
 * refused as `bad_response` instead of being buffered and parsed.
 */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
const TIMEOUT = Symbol('timeout');

function flattenHeaders(headers: Record<string, string | string[] | undefined>) {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function parseJson(raw: RawResponse): unknown {
  const type = raw.headers['content-type'] ?? '';
  const looksJson = /json/i.test(type) || /^\s*[{[]/.test(raw.bodyText);
  if (!looksJson) return undefined;
  try {
    return JSON.parse(raw.bodyText);
  } catch {
    return undefined;
  }
}

function tooLarge(bytes: string): AppError {
  return badResponse(
    `an answer larger than ${MAX_RESPONSE_BYTES / (1024 * 1024)} MB (${bytes}); it was not read.`,
  );
}

/**
 * Reads a response body as UTF-8, refusing it early when `content-length` announces more than
 * {@link MAX_RESPONSE_BYTES} and stopping the stream once that many bytes have arrived.
 */
async function readCapped(
  body: Dispatcher.ResponseData['body'],
  contentLength: string | string[] | undefined,
): Promise<string> {
  const announced = Number(Array.isArray(contentLength) ? contentLength[0] : contentLength);
  if (announced > MAX_RESPONSE_BYTES) {
    body.destroy();
    throw tooLarge(`${announced} bytes announced`);
  }
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > MAX_RESPONSE_BYTES) {
      body.destroy();
      throw tooLarge(`more than ${MAX_RESPONSE_BYTES} bytes sent`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** An AppError somewhere in a thrown error's cause chain (undici wraps connector errors). */
function findAppError(error: unknown): AppError | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof AppError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** One per client (one connection + credentials); built by `createConfluenceClientFactory`. */
export class ConfluenceHttp {
  private readonly base: URL;
  private readonly retryBudgetMs: number;
  private readonly maxAttempts: number;
  private readonly random: () => number;
  private readonly sanitise: ConfluenceTextSanitiser;

  constructor(private readonly options: HttpOptions) {
    this.base = new URL(options.baseUrl);
    this.retryBudgetMs = options.retryBudgetMs ?? 120_000;
    this.maxAttempts = options.maxAttempts ?? 6;
    this.random = options.random ?? Math.random;
    this.sanitise = createTextSanitiser(options.authorization);
  }

  /** The absolute URL for a REST path (`/rest/api/...`) or a link relative to the base URL. */
  url(path: string, query: Record<string, string | number | undefined> = {}): string {
    const url = new URL(`${this.options.baseUrl}${path}`);
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    return url.toString();
  }

  /**
   * GETs `url` and returns its JSON body (2xx only). Retries 429, 5xx, timeouts and network
   * errors that may pass (not DNS "no such host", TLS mismatches or untrusted certificates, see
   * `unreachable.ts`); maps everything else through `errors.ts`.
   */
  async getJson(url: string, subject: RequestSubject, signal?: AbortSignal): Promise<unknown> {
    const started = this.options.clock();
    for (let attempt = 1; ; attempt++) {
      const canRetry = (delay: number) =>
        attempt < this.maxAttempts &&
        this.options.clock() + delay - started <= this.retryBudgetMs &&
        !signal?.aborted;

      // Network failures and timeouts: back off and try again while the budget lasts.
      let raw: RawResponse;
      try {
        raw = await this.options.limiter.schedule(
          () => this.fetchFollowingRedirects(url, signal),
          signal,
        );
      } catch (error) {
        const failure = this.toRequestError(error, signal);
        const delay = backoffDelay(attempt, this.random);
        if (!failure.retryable || !canRetry(delay)) throw failure;
        this.options.logger.warn(
          { attempt, code: failure.code, delayMs: delay },
          'Confluence request failed; retrying',
        );
        await this.options.sleep(delay, signal);
        continue;
      }

      const now = this.options.clock();
      const retryAfter = parseRetryAfter(raw.headers['retry-after'], now);

      // 429: pause the whole host, slow the limiter down, then try again.
      if (raw.status === 429) {
        const delay = retryAfter ?? backoffDelay(attempt, this.random);
        this.options.limiter.slowDown(delay);
        if (!canRetry(delay)) throw rateLimited(retryAfter);
        this.options.logger.warn(
          { attempt, delayMs: delay },
          'Confluence rate limit (429); waiting',
        );
        continue;
      }

      // 5xx: back off (Retry-After when given) and try again.
      if (raw.status >= 500) {
        const delay = retryAfter ?? backoffDelay(attempt, this.random);
        const said = envelopeMessage(parseJson(raw), this.sanitise);
        if (!canRetry(delay)) throw serverError(raw.status, said);
        this.options.logger.warn(
          { attempt, status: raw.status, delayMs: delay },
          'Confluence server error; retrying',
        );
        await this.options.sleep(delay, signal);
        continue;
      }

      return this.interpret(raw, subject);
    }
  }

  /** A 2xx/3xx/4xx answer: JSON for successes, an AppError for the rest. */
  private interpret(raw: RawResponse, subject: RequestSubject): unknown {
    const json = parseJson(raw);
    const facts = {
      ...raw,
      json,
      deployment: this.options.deployment,
      subject,
      sanitise: this.sanitise,
    };
    if (
      raw.status >= 200 &&
      raw.status < 300 &&
      json !== undefined &&
      !raw.headers['x-seraph-loginreason']?.startsWith('AUTHENTICAT')
    ) {
      this.options.limiter.recover();
      return json;
    }
    throw errorFromResponse(facts);
  }

  private toRequestError(error: unknown, signal?: AbortSignal): AppError {
    if (signal?.aborted) throw signal.reason;
    if (error === TIMEOUT) return timedOut(this.options.timeoutMs);
    return findAppError(error) ?? unreachable(this.base, error);
  }

  /**
   * One attempt: follows up to three redirects on the base URL's own scheme, host and port, each
   * checked by the guard before the Authorization header is sent to it.
   */
  private async fetchFollowingRedirects(start: string, signal?: AbortSignal): Promise<RawResponse> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(TIMEOUT), this.options.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
    try {
      let current = new URL(start);
      for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
        checkRequestUrl(current, this.base, this.options.policy);
        const raw = await this.fetchOnce(current, combined);
        const location = raw.headers.location;
        if (raw.status < 300 || raw.status >= 400 || location === undefined) return raw;
        current = new URL(location, current);
        this.options.logger.debug({ to: current.pathname }, 'Confluence redirected');
      }
      throw badResponse(`more than ${MAX_REDIRECTS} redirects.`);
    } catch (error) {
      if (timeout.signal.aborted && !signal?.aborted) throw TIMEOUT;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private async fetchOnce(url: URL, signal: AbortSignal): Promise<RawResponse> {
    const response = await request(url, {
      method: 'GET',
      dispatcher: this.options.dispatcher,
      signal,
      headers: {
        authorization: this.options.authorization,
        accept: 'application/json',
        'user-agent': 'datasource-bot',
      },
    });
    const bodyText = await readCapped(response.body, response.headers['content-length']);
    this.options.logger.debug(
      { path: url.pathname, status: response.statusCode },
      'Confluence answered',
    );
    return { status: response.statusCode, headers: flattenHeaders(response.headers), bodyText };
  }
}
