/**
 * Keeps an Agenda job's lock alive while its handler runs, whether or not the handler makes
 * progress. Agenda treats a job whose lock was not touched for its lock lifetime as abandoned:
 * it cancels the execution's bookkeeping and starts the job again, here or in another worker,
 * while the first handler may still be running. Used by the `index-datasource` job; the run's
 * lease (`RunTakenOver`) still stops an execution that lost its run all the same.
 */
import type { Logger } from '../logging/logger';

/** What the keeper needs of an Agenda `Job`. */
export interface TouchableJob {
  /** Moves the job's `lockedAt` to now; throws when the job was cancelled or not saved. */
  touch(): Promise<void>;
}

/**
 * Touches `job` every `everyMs` (a fraction of the lock lifetime, e.g. a third) until the
 * returned function is called. A failed touch is logged as a warning and tried again on the next
 * tick; touches never overlap. The timer does not keep the process alive.
 */
export function keepLockAlive(job: TouchableJob, everyMs: number, logger: Logger): () => void {
  let touching = false;
  const timer = setInterval(() => {
    if (touching) return;
    touching = true;
    job
      .touch()
      .catch((error: unknown) => logger.warn({ err: error }, 'index job lock not renewed'))
      .finally(() => (touching = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
