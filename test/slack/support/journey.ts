/**
 * Everything a user journey needs: the Slack app over HTTP against the fake Web API, the fake
 * Confluence (Data Center by default, or Cloud; seeded), storage, and the real job runner (Agenda on the development
 * store's wire protocol) reporting through the app's reporter. `close()` stops it all.
 */
import { useTestDatabase, type TestDatabase } from '../../support/mongo';
import { pageToChunks } from '../../../src/convert/page-to-chunks';
import type { DataSource, Integration } from '../../../src/domain/models';
import { createJobRunner, type JobRunner } from '../../../src/jobs/runner';
import { silentLogger, type Logger } from '../../../src/logging/logger';
import { sealedSecretResolver } from '../../../src/runtime/connection-resolvers';
import { secretHint } from '../../../src/security/secret-box';
import type { SlackTimings } from '../../../src/slack/deps';
import { startFakeConfluence, type FakeConfluence } from '../../fakes/confluence/server';
import type { Actor } from '../../fakes/slack/driver';
import type { StoredView } from '../../fakes/slack/web-api';
import { loopbackConfluenceFactory, startSlackHarness, type SlackHarness } from './harness';
import { openStore, type Store } from '../../../src/store';

export const ALICE: Actor = { userId: 'UALICE', channelId: 'C0GENERAL' };
export const BOB: Actor = { userId: 'UBOB', channelId: 'C0GENERAL' };
export const ADMIN: Actor = { userId: 'UADMIN', channelId: 'C0GENERAL' };

export interface Journey extends SlackHarness {
  confluence: FakeConfluence;
  store: Store;
  runner: JobRunner;
  /** The fake Confluence's working token of user alice (a PAT, or a Cloud API token). */
  token: string;
  /** Cloud: the account email alice's API token belongs to; undefined on Data Center. */
  email: string | undefined;
  /** Saves an integration for `owner` directly in storage, sealed like the form does. */
  addIntegration(owner: string, overrides?: Partial<Integration>): Promise<Integration>;
  /** Runs `/datasource <text>` and waits for the modal it opens to be filled in. */
  openModal(text: string, actor: Actor): Promise<StoredView>;
  /**
   * Creates a data source through the form, as `actor`, and waits until its first run reported
   * in the thread. The project is picked by name when it exists, else created.
   */
  createDataSource(
    actor: Actor,
    values: { name: string; cql: string; integrationId: string; project?: string },
  ): Promise<DataSource>;
  /** Polls an async check until it returns something other than undefined/false. */
  eventually<T>(check: () => Promise<T | undefined | false>, what: string): Promise<T>;
  /** Waits until the modal with this id has content with `callback_id` (or any title text). */
  waitForView(
    id: string,
    predicate: (view: StoredView) => boolean,
    what: string,
  ): Promise<StoredView>;
}

export const JOURNEY_TIMINGS: SlackTimings = {
  ackBudgetMs: 1500,
  progressIntervalMs: 0,
  homeIntervalMs: 0,
};

/**
 * A journey for a test file: started before its tests on a database of its own, stopped after
 * them (before the database closes). Call at the top level of the file.
 */
export function useJourney(options: JourneyOptions = {}): Journey {
  let journey: Journey | undefined;
  // Declared before useTestDatabase's hooks, so it stops the runner before the database closes.
  afterAll(async () => {
    await journey?.close();
  });
  const mongo = useTestDatabase();
  beforeAll(async () => {
    journey = await startJourney(mongo, options);
  });
  return new Proxy({} as Journey, {
    get: (_target, key) => {
      if (!journey) throw new Error('The journey is only available inside tests and hooks');
      return Reflect.get(journey, key);
    },
  });
}

/** Starts a journey on `mongo`; prefer {@link useJourney}. */
export interface JourneyOptions {
  timings?: SlackTimings;
  /** Logger for the Slack app and the runner; default silent. */
  logger?: Logger;
  /** Which fake Confluence to run. Default `datacenter`. */
  deployment?: 'cloud' | 'datacenter';
}

export async function startJourney(
  mongo: TestDatabase,
  options: JourneyOptions = {},
): Promise<Journey> {
  const logger = options.logger ?? silentLogger();
  const deployment = options.deployment ?? 'datacenter';
  const confluence = await startFakeConfluence({ mode: deployment });
  const { auth } = confluence;
  const token = auth.token;
  const email = auth.kind === 'basic' ? auth.email : undefined;
  const store = await openStore({ uri: mongo.uri, dbName: mongo.dbName, logger: silentLogger() });
  const factory = loopbackConfluenceFactory();
  let runner!: JobRunner;

  const harness = await startSlackHarness({
    repos: store,
    search: store.search,
    confluence: factory,
    timings: { ...JOURNEY_TIMINGS, ...options.timings },
    logger,
    jobs: async (reporting, secretBox) => {
      runner = await createJobRunner({
        db: store.db,
        dataSources: store.dataSources,
        runs: store.runs,
        documents: store.documents,
        integrations: store.integrations,
        clientFactory: factory,
        resolveConnection: sealedSecretResolver(secretBox),
        convert: pageToChunks,
        chunking: { size: 1500, overlap: 100 },
        concurrency: 2,
        logger,
        reporter: reporting.reporter,
        options: {
          processEveryMs: 50,
          lockLifetimeMs: 1000,
          shutdownGraceMs: 3000,
          sweep: { everyMs: 200, lockLifetimeMs: 1000 },
          indexing: { progressIntervalMs: 0 },
        },
      });
      await runner.start();
      return runner;
    },
  });

  const journey: Journey = {
    ...harness,
    confluence,
    store,
    get runner() {
      return runner;
    },
    token,
    email,
    async addIntegration(owner, overrides = {}) {
      return store.integrations.create({
        teamId: 'T0001',
        ownerId: owner,
        alias: `${owner} wiki`,
        deployment,
        baseUrl: confluence.baseUrl,
        ...(email ? { email } : {}),
        secret: harness.secretBox.seal(token),
        secretHint: secretHint(token),
        sharedWithProjectId: null,
        ...overrides,
      });
    },
    async openModal(text, actor) {
      const before = harness.slack.modals().length;
      const answer = await harness.driver.command(text, actor);
      if (answer.status !== 200) throw new Error(`command answered ${answer.status}`);
      const opened = await harness.slack.waitFor(
        () => harness.slack.modals()[before],
        'a modal to open',
      );
      return journey.waitForView(
        opened.id,
        (v) => !JSON.stringify(v.view.blocks).includes('Loading…'),
        'the modal to fill in',
      );
    },
    async createDataSource(actor, values) {
      const view = await journey.openModal('create', actor);
      const blocks = view.view.blocks as Array<Record<string, unknown>>;
      const select = blocks.find((b) => b.block_id === 'ds_project');
      const options =
        (select?.element as { options?: Array<{ text: { text: string }; value: string }> })
          ?.options ?? [];
      const project = values.project ?? 'Platform';
      const existing = options.find((o) => o.text.text === project);
      const answer = await harness.driver.submit(view, actor, {
        ...(existing ? { ds_project: existing.value } : { ds_project_new: project }),
        ds_name: values.name,
        ds_cql: values.cql,
        ds_integration: values.integrationId,
      });
      if (answer.text !== '') throw new Error(`The form was refused: ${answer.text}`);
      return journey.eventually(async () => {
        const found = (await store.dataSources.findByName('T0001', values.name)).find(
          (d) => d.createdBy === actor.userId && d.notify,
        );
        if (!found?.notify) return undefined;
        const replies = harness.slack.threadOf(found.notify.channelId, found.notify.messageTs);
        return replies.length > 0
          ? ((await store.dataSources.get(found.id)) ?? undefined)
          : undefined;
      }, `the first run of ${values.name}`);
    },
    async eventually(check, what) {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const value = await check();
        if (value !== undefined && value !== false) return value;
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    waitForView(id, predicate, what) {
      return harness.slack.waitFor(() => {
        const view = harness.slack.views.get(id);
        return view && predicate(view) ? view : undefined;
      }, what);
    },
    async close() {
      await harness.close();
      await runner?.stop();
      await store.close();
      await confluence.close();
    },
  };
  return journey;
}
