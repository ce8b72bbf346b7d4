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
 * The run is no longer this execution's: another worker took it over after this one's lock
 * expired, or it was cancelled or deleted meanwhile. This execution must stop writing.
 */
export class RunTakenOver extends Error {
  constructor(
    readonly runId: string,
    readonly why: string,
  ) {
    super(`Index run ${runId} is no longer held by this worker: ${why}`);
    this.name = 'RunTakenOver';
  }
}
