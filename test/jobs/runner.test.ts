import { type AppError, isAppError } from '../../src/errors';
import type { IndexRun, RunTrigger } from '../../src/domain/models';
import { INDEX_DATASOURCE_JOB } from '../../src/jobs/index-datasource.job';
import { readCheckpoint, ZERO_COUNTS } from '../../src/indexing/run-checkpoint';
import { eventually, FAST_RUNNER, startHarness, type Harness } from './harness';

const ENDED = ['completed', 'completed_with_failures', 'failed', 'cancelled'];

async function ended(h: Harness, runId: string): Promise<IndexRun> {
  return eventually(async () => {
    const run = await h.runs.get(runId);
    return run && ENDED.includes(run.status) ? run : undefined;
  }, `run ${runId} to end`);
}

/** Ids of the pages and blog posts of DOCS that alice can see. */
function docsPageIds(h: Harness): string[] {
  return [...h.fake.store.content.values()]
    .filter((c) => c.spaceKey === 'DOCS' && (c.type === 'page' || c.type === 'blogpost'))
    .filter((c) => c.status === 'current' && !isRestrictedForAlice(h, c.id))
    .map((c) => c.id)
    .sort();
}

function isRestrictedForAlice(h: Harness, id: string): boolean {
  for (let c = h.fake.store.content.get(id); c; c = h.fake.store.content.get(c.parentId ?? '')) {
    if (c.restrictedTo && !c.restrictedTo.includes('alice')) return true;
    if (c.parentId === null) break;
  }
  return false;
}

describe('job runner', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });

  afterEach(async () => {
    await h.close();
  });

  describe('requestRun', () => {
    it('queues a run that a started runner executes to its end', async () => {
      const runner = await h.newRunner();
      await runner.start();

      const run = await runner.requestRun('ds1', 'manual', 'U1');

      expect(run).toMatchObject({
        status: 'queued',
        trigger: 'manual',
        requestedBy: 'U1',
        mode: 'full',
      });
      const done = await ended(h, run.id);
      expect(done.status).toBe('completed');
      expect(h.documents.storedIds()).toEqual(docsPageIds(h));
      expect((await h.dataSources.get('ds1'))?.status).toBe('completed');
    });

    it('coalesces concurrent requests into one run and one job', async () => {
      const runner = await h.newRunner();

      const runs = await Promise.all([
        runner.requestRun('ds1', 'manual', 'U1'),
        runner.requestRun('ds1', 'manual', 'U2'),
        runner.requestRun('ds1', 'schedule'),
      ]);

      expect(new Set(runs.map((r) => r.id)).size).toBe(1);
      expect(h.runs.records.size).toBe(1);
      const jobs = await h.db
        .collection('agendaJobs')
        .countDocuments({ name: INDEX_DATASOURCE_JOB });
      expect(jobs).toBe(1);
    });

    it('returns the running run while it runs, and a new one after it ended', async () => {
      const runner = await h.newRunner();
      const first = await runner.requestRun('ds1', 'manual');
      await runner.start();
      await ended(h, first.id);

      const second = await runner.requestRun('ds1', 'manual');

      expect(second.id).not.toBe(first.id);
    });

    it('throws not_found for a data source that does not exist', async () => {
      const runner = await h.newRunner();

      await expect(runner.requestRun('nope', 'manual')).rejects.toMatchObject({
        code: 'not_found',
      });
    });

    it('ends an abandoned running run and queues a new one', async () => {
      const runner = await h.newRunner();
      const stale = await h.runs.create({
        dataSourceId: 'ds1',
        trigger: 'manual',
        mode: 'full',
        status: 'running',
        counts: (await runner.requestRun('ds1', 'manual')).counts,
        failures: [],
        listingComplete: false,
        queuedAt: new Date(Date.now() - 60_000),
        heartbeatAt: new Date(Date.now() - 60_000),
      });
      // Drop the queued run made above: only the stale running one is active.
      h.runs.records.forEach((r) => r.id !== stale.id && (r.status = 'cancelled'));

      const fresh = await runner.requestRun('ds1', 'manual');

      expect(fresh.id).not.toBe(stale.id);
      const old = await h.runs.get(stale.id);
      expect(old).toMatchObject({ status: 'failed', error: { code: 'internal' } });
    });
  });

  describe('runNow', () => {
    it('runs in the foreground without a started runner and returns the ended run', async () => {
      const runner = await h.newRunner();
      const progress: number[] = [];

      const run = await runner.runNow('ds1', 'cli', {
        onProgress: (r) => progress.push(r.counts.processed),
      });

      expect(run.status).toBe('completed');
      expect(run.counts.found).toBe(docsPageIds(h).length);
      expect(progress.length).toBeGreaterThan(0);
      const jobs = await h.db
        .collection('agendaJobs')
        .countDocuments({ name: INDEX_DATASOURCE_JOB });
      expect(jobs).toBe(0);
    });

    it('refuses with conflict while another run is active', async () => {
      const runner = await h.newRunner();
      await runner.requestRun('ds1', 'manual');

      const error = await runner.runNow('ds1', 'cli').catch((e: unknown) => e);

      expect(isAppError(error, 'conflict')).toBe(true);
    });

    it('cancels the run when the signal fires', async () => {
      const runner = await h.newRunner();
      const controller = new AbortController();
      h.onGetPages = (call) => {
        if (call === 1) controller.abort();
      };

      const run = await runner.runNow('ds1', 'cli', { signal: controller.signal });

      expect(run.status).toBe('cancelled');
      expect((await h.dataSources.get('ds1'))?.status).toBe('cancelled');
    });
  });

  describe('runs of the index command (trigger cli)', () => {
    const MINUTE = 60_000;
    /** Long worker staleness, so that only the foreground rule can end a run here. */
    const SLOW_STALE = { ...FAST_RUNNER, staleRunAfterMs: 30 * MINUTE };

    /** An active run of ds1 whose last sign of life was `silentForMs` ago. */
    function activeRun(trigger: RunTrigger, status: 'queued' | 'running', silentForMs: number) {
      const at = new Date(Date.now() - silentForMs);
      return h.runs.create({
        dataSourceId: 'ds1',
        trigger,
        mode: 'full',
        status,
        counts: { ...ZERO_COUNTS },
        failures: [],
        listingComplete: false,
        queuedAt: at,
        ...(status === 'running' ? { startedAt: at, heartbeatAt: at } : {}),
      });
    }

    it('writes the heartbeat while the run waits on Confluence without progress', async () => {
      const runner = await h.newRunner({ options: { ...FAST_RUNNER, foregroundHeartbeatMs: 20 } });
      const controller = new AbortController();
      h.onGetPages = (call) => call === 0 && h.fake.hang();
      const pending = runner.runNow('ds1', 'cli', { signal: controller.signal });
      await eventually(() => h.fake.requests.some((r) => r.status === undefined), 'a hung request');
      const run = (await h.runs.latest('ds1'))!;
      const before = run.heartbeatAt!.getTime();

      const later = await eventually(async () => {
        const beat = (await h.runs.get(run.id))?.heartbeatAt?.getTime() ?? 0;
        return beat > before ? beat : undefined;
      }, 'a heartbeat without progress');

      expect(later).toBeGreaterThan(before);
      expect((await h.runs.get(run.id))?.counts.processed).toBe(0);
      controller.abort();
      expect((await pending).status).toBe('cancelled');
    });

    it('ends a cli run silent for more than two minutes and runs again', async () => {
      const runner = await h.newRunner({ options: SLOW_STALE });
      const dead = await activeRun('cli', 'running', 2 * MINUTE + 5000);

      const run = await runner.runNow('ds1', 'cli');

      expect(run.status).toBe('completed');
      expect(await h.runs.get(dead.id)).toMatchObject({
        status: 'failed',
        error: { message: expect.stringContaining('`datasource-bot index` command') },
      });
    });

    it('ends a cli run left queued by a process that died before starting it', async () => {
      const runner = await h.newRunner({ options: SLOW_STALE });
      const dead = await activeRun('cli', 'queued', 2 * MINUTE + 5000);

      const run = await runner.runNow('ds1', 'cli');

      expect(run.status).toBe('completed');
      expect((await h.runs.get(dead.id))?.status).toBe('failed');
    });

    it('refuses while a cli run beat recently, saying when it counts as abandoned', async () => {
      const runner = await h.newRunner({ options: SLOW_STALE });
      const live = await activeRun('cli', 'running', 30_000);
      const abandonedAt = new Date(live.heartbeatAt!.getTime() + 2 * MINUTE);

      const error = await runner.runNow('ds1', 'cli').catch((e: unknown) => e);

      expect(isAppError(error, 'conflict')).toBe(true);
      const conflict = error as AppError;
      expect(conflict.message).toContain('started by `datasource-bot index`');
      expect(conflict.details.abandonedAt).toBe(abandonedAt.toISOString());
      const when = abandonedAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
      expect(conflict.remedies.join(' ')).toContain(
        `counts as abandoned at ${when} (UTC, in about 2 minutes)`,
      );
      expect(conflict.remedies.join(' ')).not.toContain('worker');
    });

    it('keeps the longer staleness for a worker run silent as long', async () => {
      const runner = await h.newRunner({ options: SLOW_STALE });
      const working = await activeRun('manual', 'running', 2 * MINUTE + 5000);

      const error = await runner.runNow('ds1', 'cli').catch((e: unknown) => e);

      expect(isAppError(error, 'conflict')).toBe(true);
      expect((error as AppError).details.abandonedAt).toBe(
        new Date(working.heartbeatAt!.getTime() + 30 * MINUTE).toISOString(),
      );
      expect((await h.runs.get(working.id))?.status).toBe('running');
    });
  });

  describe('stop', () => {
    it('hands a run in flight back so that another runner continues it without repeats', async () => {
      const first = await h.newRunner();
      h.onGetPages = (call) => {
        if (call === 2) h.fake.hang();
      };
      const run = await first.requestRun('ds1', 'manual');
      await first.start();
      await eventually(() => h.fake.requests.some((r) => r.status === undefined), 'a hung request');

      await first.stop();

      const left = (await h.runs.get(run.id))!;
      expect(left.status).toBe('running');
      expect(readCheckpoint(left.checkpoint)).not.toBeNull();
      const job = await h.db.collection('agendaJobs').findOne({ name: INDEX_DATASOURCE_JOB });
      expect(job).toMatchObject({ lockedAt: null });
      expect(job?.nextRunAt).toBeInstanceOf(Date);

      h.fake.hang(false);
      h.onGetPages = null;
      const second = await h.newRunner();
      await second.start();
      const done = await ended(h, run.id);

      expect(done.status).toBe('completed');
      expect(done.counts.found).toBe(docsPageIds(h).length);
      expect(h.documents.storedIds()).toEqual(docsPageIds(h));
      expect(new Set(h.documents.replaced).size).toBe(h.documents.replaced.length);
    });

    it('is idempotent', async () => {
      const runner = await h.newRunner();
      await runner.start();

      await Promise.all([runner.stop(), runner.stop()]);

      expect((await runner.health()).processing).toBe(false);
    });
  });

  describe('a run silent for longer than the lock lifetime', () => {
    it('keeps its job locked and its heartbeat fresh, and is executed once, counted as running here', async () => {
      let executions = 0;
      const runner = await h.newRunner({
        resolveConnection: async (integration) => {
          executions++;
          return {
            deployment: integration.deployment,
            baseUrl: integration.baseUrl,
            auth: h.fake.auth,
          };
        },
      });
      h.onGetPages = (call) => call === 0 && h.fake.hang();
      const run = await runner.requestRun('ds1', 'manual');
      await runner.start();
      await eventually(() => h.fake.requests.some((r) => r.status === undefined), 'a hung request');
      const jobs = h.db.collection('agendaJobs');
      const lockedAt = async () =>
        ((await jobs.findOne({ name: INDEX_DATASOURCE_JOB }))?.lockedAt as Date | null) ?? null;
      const firstLock = (await lockedAt())!.getTime();

      // Still locked two lock lifetimes after it was first locked, with no progress meanwhile.
      await eventually(async () => {
        const latest = await lockedAt();
        return latest !== null && latest.getTime() > firstLock + 2 * FAST_RUNNER.lockLifetimeMs;
      }, 'the lock to be renewed past two lock lifetimes');

      expect(executions).toBe(1);
      expect((await runner.health()).runningHere).toBe(1);
      const silent = await h.runs.get(run.id);
      expect(silent?.counts.processed).toBe(0);
      // The run's heartbeat moved with the lock, so no one can judge the live run abandoned.
      expect(silent?.heartbeatAt?.getTime()).toBeGreaterThan(
        firstLock + FAST_RUNNER.lockLifetimeMs,
      );
      h.fake.hang(false);
      await runner.stop();
    });
  });

  describe("a run that stops being this worker's", () => {
    async function jobDocument() {
      return h.db.collection('agendaJobs').findOne({ name: INDEX_DATASOURCE_JOB });
    }

    it('leaves the job in place, unscheduled, when another worker resumed the run', async () => {
      const runner = await h.newRunner();
      const run = await runner.requestRun('ds1', 'manual');
      h.onGetPages = (call) => {
        if (call !== 1) return;
        const record = h.runs.records.get(run.id)!;
        record.checkpoint = { ...record.checkpoint, lease: 'another-worker' };
      };
      await runner.start();

      const job = await eventually(async () => {
        const doc = await jobDocument();
        return doc?.failReason ? doc : undefined;
      }, 'the job to be given up here');

      expect(job).toMatchObject({ nextRunAt: null, lockedAt: null });
      const left = (await h.runs.get(run.id))!;
      expect(left.status).toBe('running');
      expect(readCheckpoint(left.checkpoint)?.lease).toBe('another-worker');
    });

    it('drops the job when the run was cancelled meanwhile', async () => {
      const runner = await h.newRunner();
      const run = await runner.requestRun('ds1', 'manual');
      h.onGetPages = (call) => {
        if (call === 1) h.runs.records.get(run.id)!.status = 'cancelled';
      };
      await runner.start();

      await eventually(async () => (await jobDocument()) === null, 'the job to be removed');

      expect((await h.runs.get(run.id))?.status).toBe('cancelled');
    });
  });

  describe('schedules', () => {
    it('applySchedule sets the next due time one interval ahead, or none when off', async () => {
      const runner = await h.newRunner();

      const hourly = await runner.applySchedule({ id: 'ds1', schedule: 'hourly' });
      const off = await runner.applySchedule({ id: 'ds1', schedule: 'off' });

      expect(hourly!.getTime() - Date.now()).toBeGreaterThan(59 * 60 * 1000);
      expect(off).toBeNull();
      expect((await h.dataSources.get('ds1'))?.nextRunAt).toBeNull();
    });

    it('requests a scheduled run when the due time has come and moves it on', async () => {
      await h.dataSources.update('ds1', {
        schedule: 'daily',
        nextRunAt: new Date(Date.now() - 1000),
      });
      const runner = await h.newRunner();
      await runner.start();

      const nextRunAt = await eventually(async () => {
        const next = (await h.dataSources.get('ds1'))?.nextRunAt;
        return next && next.getTime() > Date.now() ? next : undefined;
      }, 'the due time to move on');

      expect(nextRunAt.getTime()).toBeGreaterThan(Date.now() + 23 * 60 * 60 * 1000);
      const run = await h.runs.latest('ds1');
      expect(run?.trigger).toBe('schedule');
    });

    it('cancelSchedule clears the due time and cancels a queued run and its job', async () => {
      const runner = await h.newRunner();
      await h.dataSources.update('ds1', { schedule: 'hourly', nextRunAt: new Date() });
      const queued = await runner.requestRun('ds1', 'schedule');

      await runner.cancelSchedule('ds1');

      expect((await h.runs.get(queued.id))?.status).toBe('cancelled');
      expect((await h.dataSources.get('ds1'))?.nextRunAt).toBeNull();
      const jobs = await h.db
        .collection('agendaJobs')
        .countDocuments({ name: INDEX_DATASOURCE_JOB });
      expect(jobs).toBe(0);
    });
  });

  describe('health', () => {
    it('says whether this process processes jobs and counts queued index jobs', async () => {
      const runner = await h.newRunner();
      await runner.requestRun('ds1', 'manual');

      const health = await runner.health();

      expect(health).toEqual({
        processing: false,
        runningHere: 0,
        jobs: { running: 0, queued: 1, failed: 0 },
      });
    });
  });
});
