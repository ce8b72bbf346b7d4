/**
 * `createServices`: the reporter is built from the store the services opened (the Slack reporter
 * needs its repositories), once, and the job runner reports every run it executes through it.
 */
import { Writable } from 'node:stream';
import type { DataSource, IndexRun } from '../../src/domain/models';
import type { RunReporter } from '../../src/domain/ports';
import { loadConfig } from '../../src/config';
import { createLogger, silentLogger } from '../../src/logging/logger';
import { fixedTokenResolver } from '../../src/runtime/connection-resolvers';
import { CLI_DEV_STORE_ADVICE, createServices } from '../../src/runtime/services';
import { DEV_STORE_NOTICE, type Store } from '../../src/store';
import { startFakeConfluence, type FakeConfluence } from '../fakes/confluence/server';
import { useTestDatabase } from '../support/mongo';

const mongo = useTestDatabase();
let confluence: FakeConfluence;

beforeAll(async () => {
  confluence = await startFakeConfluence({ mode: 'datacenter' });
});
afterAll(() => confluence.close());

/** Records what it is told, reading the data source back from the store it was built on. */
function recordingReporter(store: Store) {
  const heard: string[] = [];
  const note = (what: string) => async (dataSource: DataSource, run: IndexRun) => {
    const stored = await store.dataSources.get(dataSource.id);
    heard.push(`${what}:${stored?.name}:${run.status}`);
  };
  const reporter: RunReporter = {
    runStarted: note('started'),
    runProgress: note('progress'),
    runFinished: note('finished'),
  };
  return { heard, reporter };
}

/** A logger that keeps every line it writes, parsed. */
function capturingLogger() {
  const lines: Array<{ level: string; msg: string }> = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines };
}

describe('createServices', () => {
  it('without MONGODB_URI logs one warning about the in-process store, with its advice', async () => {
    const { logger, lines } = capturingLogger();
    const services = await createServices(loadConfig({}), logger, {
      resolveConnection: fixedTokenResolver(confluence.auth.token),
    });
    await services.close();

    const aboutTheStore = lines.filter((line) => /MONGODB_URI/.test(line.msg));
    expect(aboutTheStore).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: `${DEV_STORE_NOTICE} ${CLI_DEV_STORE_ADVICE}`,
      }),
    ]);
  });

  it('builds the reporter once from the opened store, and the runner reports through it', async () => {
    const config = loadConfig({
      MONGODB_URI: mongo.uri,
      MONGODB_DB: mongo.dbName,
      CONFLUENCE_ALLOW_HTTP: 'true',
      CONFLUENCE_ALLOWED_PRIVATE: '127.0.0.0/8',
    });
    const builtWith: Store[] = [];
    let heard: string[] = [];
    const services = await createServices(config, silentLogger(), {
      resolveConnection: fixedTokenResolver(confluence.auth.token),
      reporter: (store) => {
        builtWith.push(store);
        const recording = recordingReporter(store);
        heard = recording.heard;
        return recording.reporter;
      },
    });

    try {
      expect(builtWith).toEqual([services.store]);
      const { store } = services;
      const integration = await store.integrations.create({
        teamId: 'T1',
        ownerId: 'U1',
        alias: 'Fake wiki',
        deployment: 'datacenter',
        baseUrl: confluence.baseUrl,
        secretHint: '…',
      });
      const project = await store.projects.create('T1', 'Team', 'U1');
      const ds = await store.dataSources.create({
        teamId: 'T1',
        projectId: project.id,
        name: 'Kafka',
        description: '',
        type: 'confluence',
        cql: 'space = KAFKA',
        integrationId: integration.id,
        createdBy: 'U1',
        schedule: 'off',
      });

      const run = await services.runner.runNow(ds.id, 'cli');

      expect(run.status).toBe('completed');
      expect(heard[0]).toBe('started:Kafka:running');
      expect(heard.at(-1)).toBe('finished:Kafka:completed');
    } finally {
      await services.close();
    }
  });
});
