/**
 * `datasource-bot worker` in Slack: with `SLACK_BOT_TOKEN` (no signing secret, no Bolt receiver)
 * the runs it executes are reported like those of `serve`: the data source's message is edited
 * to the summary, the thread gets the summary reply and App Home is refreshed. Without a bot
 * token it says at start-up that its runs will not be reported.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { runWorker } from '../../src/cli/commands/worker';
import type { DataSource } from '../../src/domain/models';
import { createJobRunner, type JobRunner } from '../../src/jobs/runner';
import { createLogger, silentLogger } from '../../src/logging/logger';
import { createSecretBox } from '../../src/security/secret-box';
import { openStore, type Store } from '../../src/store';
import { eventually, FAST_RUNNER } from '../e2e/support/e2e-harness';
import { startFakeConfluence, type FakeConfluence } from '../fakes/confluence/server';
import { startFakeSlackWebApi, type FakeSlackWebApi } from '../fakes/slack/web-api';
import { useTestDatabase } from '../support/mongo';

const mongo = useTestDatabase();
const key = randomBytes(32);
let confluence: FakeConfluence;
let slack: FakeSlackWebApi;
let store: Store;
let requester: JobRunner;

beforeAll(async () => {
  confluence = await startFakeConfluence({ mode: 'datacenter' });
  slack = await startFakeSlackWebApi();
  store = await openStore({ uri: mongo.uri, dbName: mongo.dbName, logger: silentLogger() });
  // Queues runs as the Slack app would, from another process; it never indexes itself.
  requester = await createJobRunner({
    db: store.db,
    dataSources: store.dataSources,
    runs: store.runs,
    documents: store.documents,
    integrations: store.integrations,
    clientFactory: () => {
      throw new Error('the requester never indexes');
    },
    resolveConnection: async () => {
      throw new Error('the requester never indexes');
    },
    convert: () => [],
    chunking: { size: 1500, overlap: 150 },
    concurrency: 1,
    logger: silentLogger(),
  });
});

afterAll(async () => {
  await requester.stop();
  await store.close();
  await slack.close();
  await confluence.close();
});

function capturedLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

function workerEnv(extra: Record<string, string> = {}) {
  return {
    MONGODB_URI: mongo.uri,
    MONGODB_DB: mongo.dbName,
    ENCRYPTION_KEY: key.toString('hex'),
    CONFLUENCE_ALLOW_HTTP: 'true',
    CONFLUENCE_ALLOWED_PRIVATE: '127.0.0.0/8',
    ...extra,
  };
}

/** A data source announced in C0WORK by the Slack app (its message exists in the fake). */
async function announcedDataSource(name: string): Promise<DataSource> {
  const posted = await fetch(`${slack.apiUrl}chat.postMessage`, {
    method: 'POST',
    body: new URLSearchParams({ channel: 'C0WORK', text: `${name} (announcement)` }),
  });
  const { ts } = (await posted.json()) as { ts: string };
  const integration = await store.integrations.create({
    teamId: 'T0001',
    ownerId: 'UALICE',
    alias: `${name} wiki`,
    deployment: 'datacenter',
    baseUrl: confluence.baseUrl,
    secret: createSecretBox(key).seal(confluence.auth.token),
    secretHint: '…',
  });
  const project =
    (await store.projects.list('T0001')).find((p) => p.name === 'Platform') ??
    (await store.projects.create('T0001', 'Platform', 'UALICE'));
  return store.dataSources.create({
    teamId: 'T0001',
    projectId: project.id,
    name,
    description: '',
    type: 'confluence',
    cql: 'space = KAFKA',
    integrationId: integration.id,
    createdBy: 'UALICE',
    schedule: 'off',
    notify: { channelId: 'C0WORK', messageTs: ts },
  });
}

/** Runs a worker until `work` is done, then stops it; returns its exit code. */
async function withWorker(
  env: Record<string, string>,
  logger: ReturnType<typeof createLogger>,
  work: () => Promise<void>,
): Promise<number> {
  let stop!: (signal: string) => void;
  const stopped = new Promise<string>((resolve) => (stop = resolve));
  const worker = runWorker({ env, stopRequested: () => stopped, runner: FAST_RUNNER, logger });
  try {
    await work();
  } finally {
    stop('SIGTERM');
  }
  return worker;
}

describe('worker reporting in Slack', () => {
  it('with a bot token, reports its runs in the data source message, thread and App Home', async () => {
    const ds = await announcedDataSource('Worker Kafka');
    const { lines, logger } = capturedLogger();
    const env = workerEnv({ SLACK_BOT_TOKEN: 'xoxb-worker-token', SLACK_API_URL: slack.apiUrl });

    const code = await withWorker(env, logger, async () => {
      await requester.requestRun(ds.id, 'manual', 'UALICE');
      await slack.waitFor(
        () => slack.threadOf('C0WORK', ds.notify!.messageTs)[0],
        'the summary reply',
        20_000,
      );
    });

    expect(code).toBe(0);
    const [summary] = slack.threadOf('C0WORK', ds.notify!.messageTs);
    expect(summary.text).toMatch(/by <@UALICE> finished: \d+ pages? indexed/);
    const message = slack.messagesIn('C0WORK').find((m) => m.ts === ds.notify!.messageTs)!;
    expect(message.history.length).toBeGreaterThan(1);
    expect(JSON.stringify(message.blocks)).toContain('Up to date');
    expect(slack.callsTo('views.publish').some((c) => c.args.user_id === 'UALICE')).toBe(true);

    const log = lines.join('');
    expect(log).not.toContain('will not be reported');
    expect(log).not.toContain('xoxb-worker-token');
  });

  it('without a bot token, runs jobs and says at start-up that runs will not be reported', async () => {
    const ds = await announcedDataSource('Quiet Kafka');
    const callsBefore = slack.calls.length;
    const { lines, logger } = capturedLogger();

    const code = await withWorker(workerEnv(), logger, async () => {
      const run = await requester.requestRun(ds.id, 'manual', 'UALICE');
      await eventually(async () => {
        const current = await store.runs.get(run.id);
        return current?.status === 'completed';
      }, 'the worker to finish the run');
    });

    expect(code).toBe(0);
    expect(lines.join('')).toContain('will not be reported in Slack');
    expect(slack.calls.length).toBe(callsBefore);
  });
});
