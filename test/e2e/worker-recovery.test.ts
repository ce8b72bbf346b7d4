/**
 * A worker process killed mid-run (SIGKILL: no shutdown, its Agenda lock and its run stay as they
 * were) is recovered by another runner once the lock expires: the same run continues from its
 * checkpoint and ends with every page stored once.
 */
import { ObjectId } from 'mongodb';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { IndexRun } from '../../src/domain/models';
import { readCheckpoint } from '../../src/indexing/run-checkpoint';
import { eventually, useE2E, type E2E } from './support/e2e-harness';

const ROOT = path.resolve(__dirname, '../..');
const LOCK_LIFETIME_MS = 1500;

/** Starts `worker-process.ts` on the test database; resolves once it processes jobs. */
async function startWorkerProcess(e2e: E2E): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['-r', './test/e2e/support/register-ts.js', './test/e2e/support/worker-process.ts'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        MONGODB_URI: e2e.mongo.uri,
        MONGODB_DB: e2e.mongo.dbName,
        LOG_LEVEL: 'silent',
        CONFLUENCE_ALLOW_HTTP: 'true',
        CONFLUENCE_ALLOWED_PRIVATE: '127.0.0.0/8',
        // Slow enough that the test sees the run in the middle.
        CONFLUENCE_REQUESTS_PER_SECOND: '5',
        E2E_TOKEN: e2e.token,
        E2E_LOCK_LIFETIME_MS: String(LOCK_LIFETIME_MS),
      },
    },
  );
  let output = '';
  child.stderr?.on('data', (chunk) => (output += String(chunk)));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk) => String(chunk).includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`worker exited (${code}): ${output}`)));
  });
  return child;
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe.each(['cloud', 'datacenter'] as const)('a worker killed mid-run (%s)', (mode) => {
  const e2e = useE2E(mode);
  let child: ChildProcess | null = null;

  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) await killed(child);
    child = null;
  });

  it('is recovered by another runner after its lock expires, without a missing or repeated page', async () => {
    const requester = await e2e.runner();
    const run = await requester.requestRun(e2e.dataSource.id, 'manual');
    child = await startWorkerProcess(e2e);

    // Let it get past its first listing batch, then freeze Confluence and kill it.
    const inTheMiddle = await eventually(async () => {
      const current = await e2e.store.runs.get(run.id);
      const passedFirstBatch = readCheckpoint(current?.checkpoint)?.listing;
      return current && passedFirstBatch && current.counts.indexed >= 4 ? current : undefined;
    }, 'the worker to index a few pages');
    e2e.fake.hang();
    await killed(child);
    const leftBehind = (await e2e.store.runs.get(run.id)) as IndexRun;
    expect(leftBehind.status).toBe('running');
    expect(readCheckpoint(leftBehind.checkpoint)?.listing).not.toBeNull();
    const killedAt = e2e.fake.requests.length;

    e2e.fake.hang(false);
    const rescuer = await e2e.runner({ lockLifetimeMs: LOCK_LIFETIME_MS });
    await rescuer.start();
    const done = await eventually(async () => {
      const current = await e2e.store.runs.get(run.id);
      return current?.status === 'completed' ? current : undefined;
    }, 'the rescuer to finish the run');

    // The same run went on from its checkpoint rather than starting over.
    const visible = e2e.visiblePageIds();
    expect(done.startedAt).toEqual(inTheMiddle.startedAt);
    expect(done.counts.found).toBe(visible.length);
    expect(done.counts.indexed + done.counts.unchanged).toBe(visible.length);
    const resumedListing = e2e.fake.requests
      .slice(killedAt)
      .find((r) => r.query.cql !== undefined && !r.query.cql.startsWith('id in ('));
    expect(resumedListing?.query.start ?? resumedListing?.query.cursor).toBeDefined();

    // Every visible page stored once, with exactly its own chunks.
    expect(await e2e.storedPageIds()).toEqual(visible);
    const chunks = await e2e.store.db
      .collection('chunks')
      .countDocuments({ dataSourceId: new ObjectId(e2e.dataSource.id) });
    expect((await e2e.store.documents.count(e2e.dataSource.id)).chunks).toBe(chunks);
    const perPage = await e2e.store.db
      .collection('documents')
      .find({ dataSourceId: new ObjectId(e2e.dataSource.id) })
      .project({ chunkCount: 1 })
      .toArray();
    expect(perPage.reduce((sum, d) => sum + Number(d.chunkCount), 0)).toBe(chunks);
  });
});
