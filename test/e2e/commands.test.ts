/**
 * The `index`, `search` and `worker` commands end to end: the fake Confluence with the real
 * fixture pages, the store on the test database (shared between commands through its URI).
 */
import { randomBytes } from 'node:crypto';
import { buildProgram } from '../../src/cli/main';
import { runIndexCommand, type IndexCommandDeps } from '../../src/cli/commands/index-datasource';
import { runSearchCommand, type SearchCommandDeps } from '../../src/cli/commands/search';
import { runWorker } from '../../src/cli/commands/worker';
import { createJobRunner } from '../../src/jobs/runner';
import { EXIT } from '../../src/cli/exit-codes';
import { silentLogger } from '../../src/logging/logger';
import { createSecretBox } from '../../src/security/secret-box';
import { openStore } from '../../src/store';
import { startFakeConfluence, type FakeConfluence } from '../fakes/confluence/server';
import { useTestDatabase } from '../support/mongo';
import { eventually, FAST_RUNNER } from './support/e2e-harness';

const mongo = useTestDatabase();

interface Captured {
  stdout: string;
  stderr: string;
}

function environment(fake: FakeConfluence, extra: Record<string, string> = {}) {
  return {
    MONGODB_URI: mongo.uri,
    MONGODB_DB: mongo.dbName,
    LOG_LEVEL: 'silent',
    CONFLUENCE_ALLOW_HTTP: 'true',
    CONFLUENCE_ALLOWED_PRIVATE: '127.0.0.0/8',
    CONFLUENCE_TOKEN: fake.auth.token,
    ...extra,
  };
}

function capture(env: Record<string, string | undefined>) {
  const out: Captured = { stdout: '', stderr: '' };
  const deps: IndexCommandDeps & SearchCommandDeps = {
    env,
    stdout: (text) => (out.stdout += text),
    stderr: (text) => (out.stderr += text),
    isTTY: false,
    onInterrupt: () => () => undefined,
  };
  return { out, deps };
}

/** Ids of the current pages and blog posts of a space that alice can see. */
function visibleIn(fake: FakeConfluence, spaceKey: string): string[] {
  const alice = [...fake.store.users.values()].find((u) => u.username === 'alice')!;
  return fake.store
    .visibleContent({ kind: 'user', user: alice })
    .filter((c) => c.spaceKey === spaceKey && (c.type === 'page' || c.type === 'blogpost'))
    .map((c) => c.id);
}

describe('datasource-bot index and search', () => {
  let fake: FakeConfluence;

  beforeEach(async () => {
    await mongo.reset();
    fake = await startFakeConfluence({ mode: 'datacenter' });
  });

  afterEach(async () => {
    await fake.close();
  });

  it('indexes a query and prints a JSON summary; a later search process finds the pages', async () => {
    const { out, deps } = capture(environment(fake));

    const code = await runIndexCommand(
      { url: fake.baseUrl, cql: 'space = DOCS', name: 'Docs', json: true },
      deps,
    );

    expect(code).toBe(EXIT.ok);
    const summary = JSON.parse(out.stdout);
    const pages = visibleIn(fake, 'DOCS').length;
    expect(summary).toMatchObject({
      dataSource: 'Docs',
      status: 'completed',
      pagesFound: pages,
      indexed: pages,
      unchanged: 0,
      removed: 0,
      failed: 0,
      error: null,
    });
    expect(summary.chunks).toBeGreaterThan(0);
    expect(typeof summary.elapsedMs).toBe('number');

    const search = capture(environment(fake));
    const found = await runSearchCommand(
      'documentation home',
      { datasource: 'Docs', json: true },
      search.deps,
    );
    expect(found).toBe(EXIT.ok);
    const { hits } = JSON.parse(search.out.stdout);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]).toEqual(
      expect.objectContaining({
        title: 'Documentation Home',
        spaceKey: 'DOCS',
      }),
    );
  });

  it('prints a one-line summary and plain progress when not on a terminal', async () => {
    const { out, deps } = capture(environment(fake));

    const code = await runIndexCommand({ url: fake.baseUrl, cql: 'space = KAFKA' }, deps);

    expect(code).toBe(EXIT.ok);
    const pages = visibleIn(fake, 'KAFKA').length;
    expect(out.stdout).toMatch(
      new RegExp(`^Indexed "space = KAFKA": ${pages} pages found, ${pages} indexed, 0 unchanged`),
    );
    expect(out.stdout.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).toMatch(/progress: \d+ of \d+ pages/);
  });

  it('reuses the data source on a second run and leaves unchanged pages alone', async () => {
    const first = capture(environment(fake));
    await runIndexCommand({ url: fake.baseUrl, cql: 'space = DOCS', json: true }, first.deps);
    const { out, deps } = capture(environment(fake));

    await runIndexCommand({ url: fake.baseUrl, cql: 'space = DOCS', json: true }, deps);

    const pages = visibleIn(fake, 'DOCS').length;
    expect(JSON.parse(out.stdout)).toMatchObject({ indexed: 0, unchanged: pages, chunks: 0 });
    expect(JSON.parse(out.stdout).dataSourceId).toBe(JSON.parse(first.out.stdout).dataSourceId);
  });

  it('indexes a Cloud site with --email (email and API token as Basic)', async () => {
    const cloud = await startFakeConfluence({ mode: 'cloud' });
    try {
      const auth = cloud.auth as { email: string; token: string };
      const { out, deps } = capture(environment(cloud));

      const code = await runIndexCommand(
        { url: cloud.origin, email: auth.email, cql: 'space = KAFKA', json: true },
        deps,
      );

      expect(code).toBe(EXIT.ok);
      expect(JSON.parse(out.stdout).indexed).toBe(visibleIn(cloud, 'KAFKA').length);
      expect(cloud.requests.length).toBeGreaterThan(0);
      expect(cloud.requests.every((r) => r.auth === 'basic')).toBe(true);
    } finally {
      await cloud.close();
    }
  });

  it('exits 3 when some pages fail, listing them', async () => {
    const huge = fake.addPage({
      title: 'Enormous export',
      spaceKey: 'DOCS',
      body: `<p>${'x'.repeat(2_100_000)}</p>`,
    });
    const { out, deps } = capture(environment(fake));

    const code = await runIndexCommand(
      { url: fake.baseUrl, cql: 'space = DOCS', json: true },
      deps,
    );

    expect(code).toBe(EXIT.partial);
    const summary = JSON.parse(out.stdout);
    expect(summary).toMatchObject({ status: 'completed_with_failures', failed: 1 });
    expect(summary.failures[0]).toMatchObject({ pageId: huge.id, title: 'Enormous export' });
  });

  it('exits 1 with the authentication error when the token is revoked', async () => {
    fake.revokeToken(fake.auth.token);
    const { out, deps } = capture(environment(fake));

    const code = await runIndexCommand({ url: fake.baseUrl, cql: 'space = DOCS' }, deps);

    expect(code).toBe(EXIT.failure);
    expect(out.stdout).toMatch(/^Run failed: "space = DOCS": 0 pages found/);
    expect(out.stderr).toMatch(/error: .*credentials/);
    expect(out.stderr).not.toContain(fake.auth.token);
  });

  it('checks the query locally first and contacts nobody when it is invalid', async () => {
    const { out, deps } = capture(environment(fake));

    const code = await runIndexCommand({ url: fake.baseUrl, cql: 'space = DOCS AND (' }, deps);

    expect(code).toBe(EXIT.failure);
    expect(out.stderr).toMatch(/error: /);
    expect(out.stderr).toContain('^');
    expect(fake.requests).toHaveLength(0);
  });

  it('exits 2 without a token', async () => {
    const { out, deps } = capture({ ...environment(fake), CONFLUENCE_TOKEN: undefined });

    const code = await runIndexCommand({ url: fake.baseUrl, cql: 'space = DOCS' }, deps);

    expect(code).toBe(EXIT.usage);
    expect(out.stderr).toMatch(/CONFLUENCE_TOKEN/);
  });

  it('says when nothing matches a search, and names the data sources for an unknown one', async () => {
    const index = capture(environment(fake));
    await runIndexCommand({ url: fake.baseUrl, cql: 'space = KAFKA', name: 'Kafka' }, index.deps);
    const none = capture(environment(fake));
    const unknown = capture(environment(fake));

    const noneCode = await runSearchCommand('xylophonequartz', {}, none.deps);
    const unknownCode = await runSearchCommand('kafka', { datasource: 'Nope' }, unknown.deps);

    expect(noneCode).toBe(EXIT.ok);
    expect(none.out.stdout).toMatch(/No indexed page matches "xylophonequartz"/);
    expect(unknownCode).toBe(EXIT.failure);
    expect(unknown.out.stderr).toMatch(/No data source is named "Nope"/);
    expect(unknown.out.stderr).toMatch(/"Kafka"/);
  });

  it('runs through the program as `datasource-bot index ... --json`', async () => {
    const saved = { ...process.env };
    const written: string[] = [];
    const write = jest
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    Object.assign(process.env, environment(fake));
    try {
      await buildProgram().parseAsync(
        ['index', '--url', fake.baseUrl, '--cql', 'space = KAFKA', '--json'],
        { from: 'user' },
      );
    } finally {
      write.mockRestore();
      process.env = saved;
    }

    expect(process.exitCode).toBe(EXIT.ok);
    process.exitCode = undefined;
    expect(JSON.parse(written.join('')).indexed).toBe(visibleIn(fake, 'KAFKA').length);
  });
});

describe('datasource-bot worker', () => {
  let fake: FakeConfluence;

  beforeEach(async () => {
    await mongo.reset();
    fake = await startFakeConfluence({ mode: 'datacenter' });
  });

  afterEach(async () => {
    await fake.close();
  });

  it('runs queued jobs with the sealed token and stops cleanly when asked', async () => {
    const key = randomBytes(32);
    const store = await openStore({ uri: mongo.uri, dbName: mongo.dbName, logger: silentLogger() });
    let stop!: (signal: string) => void;
    try {
      const integration = await store.integrations.create({
        teamId: 'T1',
        ownerId: 'U1',
        alias: 'Fake wiki',
        deployment: 'datacenter',
        baseUrl: fake.baseUrl,
        secret: createSecretBox(key).seal(fake.auth.token),
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
      const stopped = new Promise<string>((resolve) => (stop = resolve));
      const worker = runWorker({
        env: environment(fake, { ENCRYPTION_KEY: key.toString('hex') }),
        stopRequested: () => stopped,
        runner: FAST_RUNNER,
        logger: silentLogger(),
      });

      // Queue a run as the Slack app would, from another process's point of view.
      const requester = await createJobRunner({
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
      const run = await requester.requestRun(ds.id, 'manual', 'U1');
      const done = await eventually(async () => {
        const current = await store.runs.get(run.id);
        return current?.status === 'completed' ? current : undefined;
      }, 'the worker to run the job');
      stop('SIGTERM');

      expect(await worker).toBe(EXIT.ok);
      expect(done.counts.indexed).toBe(visibleIn(fake, 'KAFKA').length);
      await requester.stop();
    } finally {
      stop?.('SIGTERM');
      await store.close();
    }
  });

  it('refuses to start without ENCRYPTION_KEY', async () => {
    await expect(
      runWorker({ env: environment(fake), stopRequested: () => new Promise(() => undefined) }),
    ).rejects.toMatchObject({ code: 'config_invalid' });
  });
});
