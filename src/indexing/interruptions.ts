/**
 * Two ways an index run stops without ending. Neither is a failure of the run: the job catches
 * them and leaves the run for another worker (or the person who stopped it) to deal with.
 */

/** The caller's signal fired (worker shutdown, Ctrl-C); the run was left as it was, resumable. */
export class RunInterrupted extends Error {
  constructor(readonly runId: string) {
    super(`Index run ${runId} was interrupted before it ended.`);
    this.name = 'RunInterrupted';
  }
}

/**
 * Why an execution no longer holds its run:
 * - `deleted`: the run (or its data source) was deleted;
 * - `ended`: the run was ended meanwhile (cancelled, or finished by another worker);
 * - `resumed_elsewhere`: another worker resumed it after this one's lock expired;
 * - `lock_lost`: the job's lock could not be renewed (it expired, or the job is gone).
 */
export type TakeOverReason = 'deleted' | 'ended' | 'resumed_elsewhere' | 'lock_lost';

/**
 * The run is no longer this execution's: another worker took it over after this one's lock
 * expired, or it was cancelled or deleted meanwhile. This execution must stop writing.
 */
export class RunTakenOver extends Error {
  constructor(
    readonly runId: string,
    readonly reason: TakeOverReason,
  ) {
    super(`Index run ${runId} is no longer held by this worker (${reason}).`);
    this.name = 'RunTakenOver';
  }

  /** Whether another execution may still be working on the run. */
  get mayBeRunningElsewhere(): boolean {
    return this.reason === 'resumed_elsewhere' || this.reason === 'lock_lost';
  }
}
