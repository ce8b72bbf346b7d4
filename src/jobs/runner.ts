/**
 * The job runner: the one object the Slack app, the command line and the worker use to get data
 * sources indexed. It queues index runs as Agenda jobs (coalescing requests so a data source never
 * has two runs at once), executes runs in the foreground for the `index` command, keeps schedules,
 * and, once started, processes jobs as a worker. Built by `createServices` in `src/runtime/`.
 */
import { hostname } from 'node:os';
import type { Agenda } from 'agenda';
import type { Db } from 'mongodb';
import { AppError, isAppError } from '../errors';
import type { DataSource, IndexRun, RunTrigger } from '../domain/models';
import type { ConfluenceClientFactory, ConnectionResolver, RunReporter } from '../domain/ports';
import type { ChunkingOptions, PageConverter } from '../indexing/index-listed-batch';
import { RunInterrupted, RunTakenOver } from '../indexing/interruptions';
import { indexingOptions, type IndexingOptions } from '../indexing/options';
import { ZERO_COUNTS } from '../indexing/run-checkpoint';
import { chooseRunMode } from '../indexing/run-mode';
import type { Logger } from '../logging/logger';
import { createAgenda } from './agenda';
import { executeRun, type JobRepositories, type RunExecutionDeps } from './execute-run';
import { InFlightRuns } from './in-flight';
import {
  defineIndexDatasourceJob,
  enqueueIndexJob,
  INDEX_DATASOURCE_JOB,
  INDEX_JOB_DEFAULTS,
} from './index-datasource.job';
import { nextScheduledRun } from './schedule';
import {
  defineScheduleDatasourcesJob,
  SCHEDULE_SWEEP_DEFAULTS,
  scheduleSweep,
  type ScheduleSweepSettings,
} from './schedule-datasources.job';

export interface JobRunnerOptions {
  /** Names this process on the jobs it locks. Default `<host>:<pid>`. */
  workerName: string;
  /** How often a started runner looks for due jobs, in ms. Default 5000. */
  processEveryMs: number;
  /** Lock lifetime of index jobs, in ms (see `IndexJobSettings`). Default 10 minutes. */
  lockLifetimeMs: number;
  /** The schedule sweep's interval and lock lifetime. Default every minute. */
  sweep: ScheduleSweepSettings;
  /**
   * A running run whose heartbeat is older than this, in ms, is treated as abandoned when a new
   * run is requested: it is ended as failed and a new one starts. Default three lock lifetimes.
   */
  staleRunAfterMs: number;
  /**
   * How often a run executed by `runNow` (the `index` command, trigger `cli`) writes its
   * heartbeat, in ms, whether or not it makes progress. Default 30 000.
   */
  foregroundHeartbeatMs: number;
  /**
   * A `cli` run whose heartbeat is older than this, in ms, is treated as abandoned: its process
   * died (kill -9, a closed terminal). Much shorter than `staleRunAfterMs` because such a run beats
   * every `foregroundHeartbeatMs` while its process lives. Default 2 minutes.
   */
  staleForegroundRunAfterMs: number;
  /** How long `stop()` waits for runs in flight to hand back, in ms. Default 10 000. */
  shutdownGraceMs: number;
  /** Tuning of index runs (batch sizes, progress intervals, incremental windows). */
  indexing: Partial<IndexingOptions>;
}

export interface JobRunnerDeps extends JobRepositories {
  /** The store's database; Agenda keeps its jobs there (collection `agendaJobs`). */
  db: Db;
  clientFactory: ConfluenceClientFactory;
  /** Turns a data source's integration into credentials (decrypts, or uses the CLI's token). */
  resolveConnection: ConnectionResolver;
  /** `pageToChunks` from `src/convert/`. */
  convert: PageConverter;
  /** Config `CHUNK_SIZE` / `CHUNK_OVERLAP`. */
  chunking: ChunkingOptions;
  /** Index runs at once in this process, config `INDEX_CONCURRENCY`. */
  concurrency: number;
  logger: Logger;
  /** Told about runs executed in this process (the Slack app posts them). Optional. */
  reporter?: RunReporter;
  options?: Partial<JobRunnerOptions>;
  /** Default `() => new Date()`. */
  now?: () => Date;
}

export interface RunNowOptions {
  /** Stops the run; it is then ended as `cancelled`. */
  signal?: AbortSignal;
  /** Called after each progress write (a progress bar). */
  onProgress?: (run: IndexRun) => void;
}

export interface RunnerHealth {
  /** Whether this process is processing jobs (`start()` called, `stop()` not). */
  processing: boolean;
  /** Index runs executing in this process right now. */
  runningHere: number;
  /** Index jobs across all workers, from Agenda's overview; null when the database did not answer. */
  jobs: { running: number; queued: number; failed: number } | null;
}

export interface JobRunner {
  /**
   * Starts processing jobs in this process (index runs up to `concurrency` at once, and the
   * schedule sweep). Called by `serve` and `worker`; the `index` command does not need it.
   */
  start(): Promise<void>;
  /**
   * Stops processing: no new jobs are taken, runs in flight here are interrupted and handed back
   * (due again at once, for another worker), waiting at most `shutdownGraceMs`. Idempotent. Does
   * not close the store.
   */
  stop(): Promise<void>;
  /**
   * Asks for a run of the data source and returns it. When a run is already queued or running,
   * returns that one (coalesced) instead of queueing another. The run is executed by whichever
   * started runner takes its job. Throws `not_found` for an unknown data source.
   */
  requestRun(
    dataSourceId: string,
    trigger: RunTrigger,
    requestedBy?: string | null,
  ): Promise<IndexRun>;
  /**
   * Runs the data source in this process, now, to its end, and returns the ended run (status
   * `cancelled` if `signal` fired). Throws `conflict` when a run is already queued or running.
   * Used by the `index` command.
   */
  runNow(dataSourceId: string, trigger: RunTrigger, options?: RunNowOptions): Promise<IndexRun>;
  /**
   * Sets the data source's next due time from its schedule (now + interval, or none for `off`)
   * and returns it. Call after creating a data source or changing its schedule.
   */
  applySchedule(dataSource: Pick<DataSource, 'id' | 'schedule'>): Promise<Date | null>;
  /**
   * Stops future work for a data source about to be deleted: clears its due time, removes its
   * queued jobs and cancels its queued run. A run already executing ends by itself (it stops at
   * its next write once the data source and its runs are deleted).
   */
  cancelSchedule(dataSourceId: string): Promise<void>;
  health(): Promise<RunnerHealth>;
}

const DEFAULT_OPTIONS = {
  processEveryMs: 5000,
  lockLifetimeMs: INDEX_JOB_DEFAULTS.lockLifetimeMs,
  shutdownGraceMs: 10_000,
  foregroundHeartbeatMs: 30_000,
  staleForegroundRunAfterMs: 2 * 60_000,
};

/** Builds the runner and waits until Agenda is ready on the database. */
export async function createJobRunner(deps: JobRunnerDeps): Promise<JobRunner> {
  const now = deps.now ?? (() => new Date());
  const lockLifetimeMs = deps.options?.lockLifetimeMs ?? DEFAULT_OPTIONS.lockLifetimeMs;
  const options: JobRunnerOptions = {
    workerName: `${hostname()}:${process.pid}`,
    ...DEFAULT_OPTIONS,
    sweep: SCHEDULE_SWEEP_DEFAULTS,
    staleRunAfterMs: 3 * lockLifetimeMs,
    indexing: {},
    ...deps.options,
  };
  const logger = deps.logger.child({ component: 'jobs' });
  const execution: RunExecutionDeps = { ...deps, logger, indexing: options.indexing, now };
  const inFlight = new InFlightRuns();

  const agenda = createAgenda({
    db: deps.db,
    name: options.workerName,
    // One slot more than index runs, so that the schedule sweep is never starved.
    maxConcurrency: deps.concurrency + 1,
    processEveryMs: options.processEveryMs,
    defaultLockLifetimeMs: lockLifetimeMs,
    logger,
  });
  await agenda.ready;

  const runner = new Runner(agenda, deps, execution, options, inFlight, logger);
  defineIndexDatasourceJob(
    agenda,
    execution,
    { concurrency: deps.concurrency, lockLifetimeMs },
    inFlight,
  );
  defineScheduleDatasourcesJob(
    agenda,
    {
      dataSources: deps.dataSources,
      requestRun: (id, trigger) => runner.requestRun(id, trigger),
      logger,
      now,
    },
    options.sweep,
  );
  return runner;
}

class Runner implements JobRunner {
  private processing = false;
  private stopping: Promise<void> | null = null;
  /** Per data source, the tail of the requests being handled, so they do not race here. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly agenda: Agenda,
    private readonly deps: JobRunnerDeps,
    private readonly execution: RunExecutionDeps,
    private readonly options: JobRunnerOptions,
    private readonly inFlight: InFlightRuns,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    this.stopping = null;
    await this.agenda.start();
    await scheduleSweep(this.agenda, this.options.sweep);
    this.logger.info({ worker: this.options.workerName }, 'job processing started');
  }

  stop(): Promise<void> {
    this.stopping ??= this.stopNow();
    return this.stopping;
  }

  private async stopNow(): Promise<void> {
    const wasProcessing = this.processing;
    this.processing = false;
    await this.agenda.stop();
    this.inFlight.abortAll(new Error('The worker is shutting down.'));
    const ended = await this.inFlight.settled(this.options.shutdownGraceMs);
    if (!ended) {
      this.logger.warn(
        'some index runs did not stop in time; another worker continues them once their lock expires',
      );
    }
    if (wasProcessing) this.logger.info('job processing stopped');
  }

  requestRun(
    dataSourceId: string,
    trigger: RunTrigger,
    requestedBy: string | null = null,
  ): Promise<IndexRun> {
    return this.serialized(dataSourceId, async () => {
      const active = await this.activeRun(dataSourceId);
      if (active) return active;
      const { run, created } = await this.createRun(dataSourceId, trigger, requestedBy);
      if (!created) return run;
      await enqueueIndexJob(this.agenda, { dataSourceId, runId: run.id }, trigger);
      this.logger.info({ dataSourceId, runId: run.id, trigger }, 'index run requested');
      return run;
    });
  }

  async runNow(
    dataSourceId: string,
    trigger: RunTrigger,
    options: RunNowOptions = {},
  ): Promise<IndexRun> {
    const run = await this.serialized(dataSourceId, async () => {
      const active = await this.activeRun(dataSourceId);
      if (active) throw this.runInProgress(active);
      const { run: created, created: isNew } = await this.createRun(dataSourceId, trigger, null);
      if (!isNew) throw this.runInProgress(created);
      return created;
    });

    const execution = { foregroundRunId: run.id };
    const stop = this.inFlight.begin(execution);
    const signal = options.signal ? AbortSignal.any([stop, options.signal]) : stop;
    const stopBeating = this.beatWhileRunning(run.id);
    try {
      const ended = await executeRun(run.id, this.execution, {
        signal,
        onProgress: options.onProgress,
      });
      return ended ?? run;
    } catch (error) {
      if (error instanceof RunInterrupted) return this.cancel(run);
      if (error instanceof RunTakenOver) return (await this.deps.runs.get(run.id)) ?? run;
      throw error;
    } finally {
      stopBeating();
      this.inFlight.end(execution);
    }
  }

  /**
   * Writes the heartbeat of a foreground run every `foregroundHeartbeatMs`, also while it waits
   * on Confluence, so that its death is noticed after `staleForegroundRunAfterMs`. Returns the
   * function that stops it.
   */
  private beatWhileRunning(runId: string): () => void {
    const timer = setInterval(() => {
      this.deps.runs.update(runId, { heartbeatAt: this.execution.now() }).catch((error) => {
        this.logger.warn({ runId, err: error }, 'foreground run heartbeat not written');
      });
    }, this.options.foregroundHeartbeatMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  async applySchedule(dataSource: Pick<DataSource, 'id' | 'schedule'>): Promise<Date | null> {
    const next = nextScheduledRun(dataSource.schedule, this.execution.now());
    await this.deps.dataSources.update(dataSource.id, { nextRunAt: next });
    return next;
  }

  async cancelSchedule(dataSourceId: string): Promise<void> {
    await this.serialized(dataSourceId, async () => {
      await this.deps.dataSources.update(dataSourceId, { nextRunAt: null });
      await this.agenda.cancel({ name: INDEX_DATASOURCE_JOB, data: { dataSourceId } });
      const active = await this.deps.runs.findActive(dataSourceId);
      if (active?.status === 'queued') await this.cancel(active);
    });
  }

  async health(): Promise<RunnerHealth> {
    let jobs: RunnerHealth['jobs'] = null;
    try {
      const overview = await this.agenda.getJobsOverview();
      const index = overview.find((o) => o.name === INDEX_DATASOURCE_JOB);
      jobs = {
        running: index?.running ?? 0,
        queued: index?.queued ?? 0,
        failed: index?.failed ?? 0,
      };
    } catch (error) {
      this.logger.warn({ err: error }, 'job overview unavailable');
    }
    return { processing: this.processing, runningHere: this.inFlight.size, jobs };
  }

  /** The queued or running run of the data source; an abandoned one is ended first. */
  private async activeRun(dataSourceId: string): Promise<IndexRun | null> {
    const active = await this.deps.runs.findActive(dataSourceId);
    if (active === null || !this.isAbandoned(active)) return active;

    const abandoned = new AppError(
      'internal',
      active.trigger === 'cli'
        ? 'The `datasource-bot index` command running this index stopped before it finished.'
        : 'The worker running this index stopped answering before it finished.',
      { remedies: ['Run the data source again.'] },
    );
    await this.deps.runs.finish(active.id, 'failed', abandoned.toJSON(), this.execution.now());
    this.logger.warn({ dataSourceId, runId: active.id }, 'abandoned index run ended as failed');
    return null;
  }

  /**
   * A running run whose heartbeat is too old. A `cli` run also while queued: no worker takes it,
   * so a queued one was left by a process that died before starting it.
   */
  private isAbandoned(run: IndexRun): boolean {
    if (run.status !== 'running' && run.trigger !== 'cli') return false;
    return this.execution.now().getTime() > this.abandonedAt(run).getTime();
  }

  /** When the run counts as abandoned if its heartbeat does not move until then. */
  private abandonedAt(run: IndexRun): Date {
    const last = run.heartbeatAt ?? run.startedAt ?? run.queuedAt;
    const staleAfter =
      run.trigger === 'cli' ? this.options.staleForegroundRunAfterMs : this.options.staleRunAfterMs;
    return new Date(last.getTime() + staleAfter);
  }

  /** Creates a queued run; when the store says one exists already, returns that one instead. */
  private async createRun(
    dataSourceId: string,
    trigger: RunTrigger,
    requestedBy: string | null,
  ): Promise<{ run: IndexRun; created: boolean }> {
    const dataSource = await this.deps.dataSources.get(dataSourceId);
    if (dataSource === null) {
      throw new AppError('not_found', 'This data source does not exist any more.', {
        remedies: ['Refresh the list of data sources.'],
      });
    }
    const at = this.execution.now();
    const full = indexingOptions(this.options.indexing);
    let run: IndexRun;
    try {
      run = await this.deps.runs.create({
        dataSourceId,
        trigger,
        requestedBy,
        mode: chooseRunMode(dataSource, trigger, at, full),
        status: 'queued',
        counts: { ...ZERO_COUNTS },
        failures: [],
        error: null,
        checkpoint: null,
        listingComplete: false,
        queuedAt: at,
      });
    } catch (error) {
      const existing = isAppError(error, 'conflict')
        ? await this.deps.runs.findActive(dataSourceId)
        : null;
      if (existing) return { run: existing, created: false };
      throw error;
    }
    await this.deps.dataSources.update(dataSourceId, { status: 'queued', lastRunId: run.id });
    return { run, created: true };
  }

  private async cancel(run: IndexRun): Promise<IndexRun> {
    const cancelled = await this.deps.runs.finish(run.id, 'cancelled', null, this.execution.now());
    await this.deps.dataSources.update(run.dataSourceId, { status: 'cancelled' });
    this.logger.info({ runId: run.id }, 'index run cancelled');
    return cancelled ?? { ...run, status: 'cancelled' };
  }

  /**
   * The `conflict` for a run already active: when it counts as abandoned (UTC, to the second)
   * and what to do until then, for the `index` command's runs or a worker's.
   */
  private runInProgress(active: IndexRun): AppError {
    const at = this.abandonedAt(active);
    const minutes = Math.max(
      1,
      Math.ceil((at.getTime() - this.execution.now().getTime()) / 60_000),
    );
    const when =
      `${at.toISOString().replace(/\.\d{3}Z$/, 'Z')} (UTC, in about ${minutes} ` +
      `minute${minutes === 1 ? '' : 's'})`;
    const details = { runId: active.id, status: active.status, abandonedAt: at.toISOString() };
    if (active.trigger === 'cli') {
      return new AppError(
        'conflict',
        `This data source already has a run ${active.status}, started by \`datasource-bot index\`.`,
        {
          remedies: [
            'If that command is still running, let it finish or stop it with Ctrl-C.',
            `If its process was killed, the run counts as abandoned at ${when} unless it shows ` +
              'a sign of life before: run the command again after that time.',
          ],
          details,
        },
      );
    }
    const remedies = ['Wait for that run to end, then run the command again.'];
    if (active.status === 'queued') {
      remedies.push('If no worker is running, start one with `datasource-bot worker`.');
    } else {
      remedies.push(
        `If the worker running it died, the run counts as abandoned at ${when} unless it makes ` +
          'progress before: run the command again after that time.',
      );
    }
    return new AppError('conflict', `This data source already has a run ${active.status}.`, {
      remedies,
      details,
    });
  }

  /** Runs `work` after the earlier work for the same data source in this process has settled. */
  private serialized<T>(dataSourceId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(dataSourceId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.queues.set(dataSourceId, tail);
    void tail.then(() => {
      if (this.queues.get(dataSourceId) === tail) this.queues.delete(dataSourceId);
    });
    return next;
  }
}
