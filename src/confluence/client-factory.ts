/**
 * Builds Confluence clients. One factory per process (made at start-up from `Config['confluence']`);
 * the clients it builds share one guarded connection pool and one rate limiter per host.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { ConfluenceClientFactory, ConfluenceConnection } from '../domain/ports';
import type { Logger } from '../logging/logger';
import { type AddressLookup, createGuardedAgent } from './address-guard';
import { ConfluenceRestClient, authorizationHeader } from './client';
import { ConfluenceHttp } from './http';
import { LimiterRegistry } from './host-limiter';

export interface ConfluenceClientFactoryOptions {
  /** Per request attempt, in ms. Config `CONFLUENCE_TIMEOUT_MS` (default 30 000). */
  timeoutMs: number;
  /** Requests in flight per host. Config `CONFLUENCE_MAX_CONCURRENT` (default 4). */
  maxConcurrent: number;
  /** Request starts per second per host. Config `CONFLUENCE_REQUESTS_PER_SECOND` (default 10). */
  requestsPerSecond: number;
  /** Allow `http://` URLs. Config `CONFLUENCE_ALLOW_HTTP` (default false). */
  allowHttp: boolean;
  /** CIDRs, addresses or host names allowed although private. `CONFLUENCE_ALLOWED_PRIVATE`. */
  allowedPrivate: string[];
  logger: Logger;
  /** Milliseconds since the epoch. Default `Date.now`. */
  clock?: () => number;
  /** Waits before retries and during 429 pauses. Default a real timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Total time one call may spend retrying, in ms. Default 120 000. */
  retryBudgetMs?: number;
  /** Attempts per call including the first. Default 6. */
  maxAttempts?: number;
  /** DNS resolution used by the address guard. Default `dns.lookup`. */
  lookup?: AddressLookup;
  /** Jitter source in [0, 1). Default `Math.random`. */
  random?: () => number;
}

const realSleep = (ms: number, signal?: AbortSignal) =>
  delay(ms, undefined, signal ? { signal } : undefined);

export function createConfluenceClientFactory(
  options: ConfluenceClientFactoryOptions,
): ConfluenceClientFactory {
  const clock = options.clock ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const policy = { allowHttp: options.allowHttp, allowedPrivate: options.allowedPrivate };
  const dispatcher = createGuardedAgent(policy, {
    lookup: options.lookup,
    connectTimeoutMs: options.timeoutMs,
  });
  const limiters = new LimiterRegistry({
    maxConcurrent: options.maxConcurrent,
    requestsPerSecond: options.requestsPerSecond,
    clock,
    sleep,
  });

  return (connection: ConfluenceConnection) => {
    const host = new URL(connection.baseUrl).host;
    const logger = options.logger.child({ component: 'confluence', host });
    const http = new ConfluenceHttp({
      baseUrl: connection.baseUrl,
      deployment: connection.deployment,
      authorization: authorizationHeader(connection.auth),
      timeoutMs: options.timeoutMs,
      retryBudgetMs: options.retryBudgetMs,
      maxAttempts: options.maxAttempts,
      policy,
      dispatcher,
      limiter: limiters.forHost(host),
      logger,
      clock,
      sleep,
      random: options.random,
    });
    return new ConfluenceRestClient({ connection, http, logger });
  };
}
