/**
 * Runs the real Bolt app over HTTP on 127.0.0.1 against the fake Slack Web API, with signed
 * requests from the driver. Everything the app needs from the rest of the product comes from
 * `parts` (the real store and job runner in journey tests). `close()` stops what was started.
 */
import { randomBytes } from 'node:crypto';
import { createConfluenceClientFactory } from '../../../src/confluence/client-factory';
import type { ConfluenceClientFactory, SearchIndex } from '../../../src/domain/ports';
import { silentLogger, type Logger } from '../../../src/logging/logger';
import { sealedSecretResolver } from '../../../src/runtime/connection-resolvers';
import { createSecretBox, type SecretBox } from '../../../src/security/secret-box';
import { createSlackApp, type SlackApp } from '../../../src/slack/app';
import type { JobControl, Repositories, SlackTimings } from '../../../src/slack/deps';
import { createSlackReporting, type SlackReporting } from '../../../src/slack/reporting';
import type { HealthCheckResult } from '../../../src/http/healthz';
import { createSlackDriver, type SlackDriver } from '../../fakes/slack/driver';
import { startFakeSlackWebApi, type FakeSlackWebApi } from '../../fakes/slack/web-api';

export const SIGNING_SECRET = 'a'.repeat(32);
export const BOT_TOKEN = 'xoxb-test-token';

export interface HarnessParts {
  repos: Repositories;
  search: SearchIndex;
  /** The job runner, made once the reporter exists (the runner reports through it). */
  jobs: JobControl | ((reporting: SlackReporting, secretBox: SecretBox) => Promise<JobControl>);
  health?: () => Promise<HealthCheckResult>;
  confluence?: ConfluenceClientFactory;
  secretBox?: SecretBox;
  timings?: SlackTimings;
  logger?: Logger;
}

export interface SlackHarness {
  slack: FakeSlackWebApi;
  driver: SlackDriver;
  app: SlackApp;
  reporting: SlackReporting;
  secretBox: SecretBox;
  eventsUrl: string;
  baseUrl: string;
  close(): Promise<void>;
}

/** A Confluence client factory that may contact the fakes on loopback over http. */
export function loopbackConfluenceFactory(
  logger: Logger = silentLogger(),
): ConfluenceClientFactory {
  return createConfluenceClientFactory({
    timeoutMs: 5000,
    maxConcurrent: 4,
    requestsPerSecond: 1000,
    allowHttp: true,
    allowedPrivate: ['127.0.0.0/8'],
    logger,
    retryBudgetMs: 2000,
    maxAttempts: 2,
  });
}

export async function startSlackHarness(parts: HarnessParts): Promise<SlackHarness> {
  const slack = await startFakeSlackWebApi();
  const logger = parts.logger ?? silentLogger();
  const secretBox = parts.secretBox ?? createSecretBox(randomBytes(32));
  const connection = {
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    apiUrl: slack.apiUrl,
    retries: 0,
  };
  const reporting = createSlackReporting({
    slack: connection,
    repos: parts.repos,
    logger,
    timings: parts.timings,
    // Rate-limit back-off is real but short: tests never wait for Slack's seconds.
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 20))),
  });
  const jobs =
    typeof parts.jobs === 'function' ? await parts.jobs(reporting, secretBox) : parts.jobs;
  const app = createSlackApp({
    slack: connection,
    logger,
    repos: parts.repos,
    search: parts.search,
    jobs,
    confluence: parts.confluence ?? loopbackConfluenceFactory(logger),
    resolveConnection: sealedSecretResolver(secretBox),
    secretBox,
    reporting,
    health: parts.health ?? (async () => ({ ok: true, checks: {} })),
    timings: parts.timings,
    port: 0,
  });
  const port = await app.start();
  const baseUrl = `http://127.0.0.1:${port}`;
  const eventsUrl = `${baseUrl}/slack/events`;
  const driver = createSlackDriver({ eventsUrl, signingSecret: SIGNING_SECRET, slack });
  return {
    slack,
    driver,
    app,
    reporting,
    secretBox,
    eventsUrl,
    baseUrl,
    async close() {
      await app.stop();
      await reporting.reporter.idle();
      await slack.close();
    },
  };
}

/** Repositories for tests that must not touch storage: any call fails the test. */
export function unusedRepos(): Repositories {
  const refuse = (name: string) =>
    new Proxy(
      {},
      {
        get: (_t, method) => () =>
          Promise.reject(new Error(`${name}.${String(method)} was not expected`)),
      },
    );
  return {
    integrations: refuse('integrations'),
    projects: refuse('projects'),
    dataSources: refuse('dataSources'),
    runs: refuse('runs'),
  } as unknown as Repositories;
}
