/**
 * A `ConfluenceHttp` for https://wiki.example.com whose requests are answered by undici's
 * MockAgent (network connections disabled), so nothing leaves the process. For tests of the HTTP
 * layer itself: redirects, response sizes.
 */
import { MockAgent } from 'undici';
import { LimiterRegistry } from '../../src/confluence/host-limiter';
import { ConfluenceHttp, type HttpOptions } from '../../src/confluence/http';
import { silentLogger } from '../../src/logging/logger';

export const MOCK_BASE_URL = 'https://wiki.example.com';
export const MOCK_AUTHORIZATION = 'Bearer secret-pat-0123456789';

export function mockAgent(): MockAgent {
  const agent = new MockAgent();
  agent.disableNetConnect();
  return agent;
}

/** One attempt per call, no waiting; `overrides` change any option. */
export function httpOver(agent: MockAgent, overrides: Partial<HttpOptions> = {}): ConfluenceHttp {
  const limiters = new LimiterRegistry({
    maxConcurrent: 1,
    requestsPerSecond: 1000,
    clock: Date.now,
    sleep: async () => {},
  });
  return new ConfluenceHttp({
    baseUrl: MOCK_BASE_URL,
    deployment: 'datacenter',
    authorization: MOCK_AUTHORIZATION,
    timeoutMs: 20_000,
    maxAttempts: 1,
    policy: { allowHttp: false, allowedPrivate: [] },
    dispatcher: agent,
    limiter: limiters.forHost(new URL(MOCK_BASE_URL).host),
    logger: silentLogger(),
    clock: Date.now,
    sleep: async () => {},
    ...overrides,
  });
}
