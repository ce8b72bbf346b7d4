/**
 * Everything a user journey needs: the Slack app over HTTP against the fake Web API, the fake
 * Confluence (Data Center, seeded), storage, and the real job runner (Agenda on the development
 * store's wire protocol) reporting through the app's reporter. `close()` stops it all.
 */
import { MongoClient } from 'mongodb';
import { startDevStore } from '../../../src/devstore';
import { pageToChunks } from '../../../src/convert/page-to-chunks';
import type { Integration } from '../../../src/domain/models';
import { createJobRunner, type JobRunner } from '../../../src/jobs/runner';
import { silentLogger } from '../../../src/logging/logger';
import { sealedSecretResolver } from '../../../src/runtime/connection-resolvers';
import { secretHint } from '../../../src/security/secret-box';
import type { SlackTimings } from '../../../src/slack/deps';
import { startFakeConfluence, type FakeConfluence } from '../../fakes/confluence/server';
import type { Actor } from '../../fakes/slack/driver';
import type { StoredView } from '../../fakes/slack/web-api';
import { loopbackConfluenceFactory, startSlackHarness, type SlackHarness } from './harness';
import { memoryStore } from './memory-store';

export const ALICE: Actor = { userId: 'UALICE', channelId: 'C0GENERAL' };
export const BOB: Actor = { userId: 'UBOB', channelId: 'C0GENERAL' };
export const ADMIN: Actor = { userId: 'UADMIN', channelId: 'C0GENERAL' };

export interface Journey extends SlackHarness {
  confluence: FakeConfluence;
  store: ReturnType<typeof memoryStore>;
  runner: JobRunner;
  /** The fake Confluence's working Data Center token (user alice). */
  token: string;
  /** Saves an integration for `owner` directly in storage, sealed like the form does. */
  addIntegration(owner: string, overrides?: Partial<Integration>): Promise<Integration>;
  /** Runs `/datasource <text>` and waits for the modal it opens to be filled in. */
  openModal(text: string, actor: Actor): Promise<StoredView>;
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

export async function startJourney(options: { timings?: SlackTimings } = {}): Promise<Journey> {
  const devStore = await startDevStore();
  const mongo = new MongoClient(devStore.uri);
  await mongo.connect();
  const confluence = await startFakeConfluence({ mode: 'datacenter' });
  const token = (confluence.auth as { token: string }).token;
  const store = memoryStore();
  const factory = loopbackConfluenceFactory();
  let runner!: JobRunner;

  const harness = await startSlackHarness({
    repos: store,
    search: store.search,
    confluence: factory,
    timings: { ...JOURNEY_TIMINGS, ...options.timings },
    jobs: async (reporting, secretBox) => {
      runner = await createJobRunner({
        db: mongo.db('slack_journeys'),
        dataSources: store.dataSources,
        runs: store.runs,
        documents: store.documents,
        integrations: store.integrations,
        clientFactory: factory,
        resolveConnection: sealedSecretResolver(secretBox),
        convert: pageToChunks,
        chunking: { size: 1500, overlap: 100 },
        concurrency: 2,
        logger: silentLogger(),
        reporter: reporting.reporter,
        options: {
          processEveryMs: 50,
          lockLifetimeMs: 5000,
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
    async addIntegration(owner, overrides = {}) {
      return store.integrations.create({
        teamId: 'T0001',
        ownerId: owner,
        alias: `${owner} wiki`,
        deployment: 'datacenter',
        baseUrl: confluence.baseUrl,
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
    waitForView(id, predicate, what) {
      return harness.slack.waitFor(() => {
        const view = harness.slack.views.get(id);
        return view && predicate(view) ? view : undefined;
      }, what);
    },
    async close() {
      await harness.close();
      await runner?.stop();
      await mongo.close();
      await devStore.close();
      await confluence.close();
    },
  };
  return journey;
}
