/**
 * `index-datasource`: runs one index run in a worker. One Agenda job per requested run (unique on
 * the run id), removed once it ends. While it runs, the job's lock is touched at each progress
 * write and every third of `lockLifetimeMs` (`lock-keeper.ts`), so a healthy run is never started
 * twice; when a worker dies, its lock expires after `lockLifetimeMs` and another worker picks the
 * job up and continues the same run from its checkpoint. On shutdown the run is handed back at
 * once.
 */
import { exponential, type Agenda, type BackoffStrategy, type Job } from 'agenda';
import { z } from 'zod';
import type { RunTrigger } from '../domain/models';
import { RunInterrupted, RunTakenOver } from '../indexing/interruptions';
import { executeRun, type RunExecutionDeps } from './execute-run';
import type { InFlightRuns } from './in-flight';
import { keepLockAlive } from './lock-keeper';

export const INDEX_DATASOURCE_JOB = 'index-datasource';

const jobDataSchema = z.object({ dataSourceId: z.string().min(1), runId: z.string().min(1) });
export type IndexJobData = z.infer<typeof jobDataSchema>;

export interface IndexJobSettings {
  /** Index runs at once in one process (config `INDEX_CONCURRENCY`). */
  concurrency: number;
  /**
   * How long a worker's lock lasts without being touched, in ms; then another worker takes the
   * run over. A running job touches it every third of this, progress or not, so this bounds how
   * long the run of a dead worker waits. Default 10 minutes.
   */
  lockLifetimeMs: number;
}

export const INDEX_JOB_DEFAULTS = { lockLifetimeMs: 10 * 60 * 1000 } as const;

/** How often a running index job touches its lock: three times per lock lifetime. */
export function lockRenewalInterval(settings: Pick<IndexJobSettings, 'lockLifetimeMs'>): number {
  return Math.max(1, Math.floor(settings.lockLifetimeMs / 3));
}

/**
 * Retries when the handler itself fails, i.e. the store could not be written while ending a run
 * (client errors end the run as failed and are not retried): 30 s, 1 min, 2 min, 4 min, 8 min.
 * Never for a run another worker may be executing: the retry would compete with it.
 */
const storeRetries = exponential({ delay: 30_000, factor: 2, maxRetries: 5 });
const RETRY_WHEN_STORE_FAILS: BackoffStrategy = (context) =>
  context.error instanceof RunTakenOver ? null : storeRetries(context);

/** Scheduled runs yield to runs a person asked for. */
const PRIORITY_BY_TRIGGER: Record<RunTrigger, 'normal' | 'high'> = {
  schedule: 'normal',
  create: 'high',
  manual: 'high',
  cli: 'high',
  retry: 'high',
};

export function defineIndexDatasourceJob(
  agenda: Agenda,
  deps: RunExecutionDeps,
  settings: IndexJobSettings,
  inFlight: InFlightRuns,
): void {
  agenda.define<IndexJobData>(
    INDEX_DATASOURCE_JOB,
    async (job) => {
      const data = jobDataSchema.parse(job.attrs.data);
      const signal = inFlight.begin(job);

      // Progress writes touch the lock too; the keeper covers long silent stretches (a slow
      // Confluence). It also moves the run's heartbeat, so a live run is never judged abandoned.
      const alive = {
        touch: async () => {
          await job.touch();
          await deps.runs.update(data.runId, { heartbeatAt: deps.now() });
        },
      };
      const stopKeeping = keepLockAlive(alive, lockRenewalInterval(settings), deps.logger);
      try {
        await executeRun(data.runId, deps, { signal, heartbeat: () => job.touch() });
      } catch (error) {
        if (!handOver(job, error, deps)) throw error;
      } finally {
        stopKeeping();
      }
    },
    {
      concurrency: settings.concurrency,
      lockLimit: settings.concurrency,
      lockLifetime: settings.lockLifetimeMs,
      removeOnComplete: true,
      backoff: RETRY_WHEN_STORE_FAILS,
    },
  );
  // The execution ends when Agenda has saved the job's state, after the handler returned.
  agenda.on(`complete:${INDEX_DATASOURCE_JOB}`, (job: Job) => inFlight.end(job));
}

/**
 * Whether the error leaves the run as it was, for someone else; false means Agenda should treat
 * it as a failure of the job. Interrupted here: due again now, for any worker. Held elsewhere:
 * the job fails (no retry) so that Agenda does not delete the job the other worker is running.
 */
function handOver(job: Job<IndexJobData>, error: unknown, deps: RunExecutionDeps): boolean {
  if (error instanceof RunInterrupted) {
    job.schedule(new Date());
    deps.logger.info({ runId: error.runId }, 'index run handed back for another worker');
    return true;
  }
  if (error instanceof RunTakenOver) {
    deps.logger.warn({ runId: error.runId, reason: error.reason }, 'index run stopped here');
    return !error.mayBeRunningElsewhere;
  }
  return false;
}

/** Queues the job of a run, unless it is queued already (insert-only, unique on the run id). */
export async function enqueueIndexJob(
  agenda: Agenda,
  data: IndexJobData,
  trigger: RunTrigger,
): Promise<void> {
  const job = agenda.create(INDEX_DATASOURCE_JOB, data);
  job.unique({ 'data.runId': data.runId }, { insertOnly: true });
  job.priority(PRIORITY_BY_TRIGGER[trigger]);
  job.schedule(new Date());
  await job.save();
}
