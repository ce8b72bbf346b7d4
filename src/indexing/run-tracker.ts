/**
 * Keeps the counts and failures of one index run in memory and writes them to the index run:
 * throttled while pages are processed, always at a checkpoint and at the end. Before each write it
 * checks that the run is still held by this execution (see `RunTakenOver`), touches the job's lock
 * and, now and then, tells the reporter. Used only by `runIndexing`.
 */
import type { DataSource, IndexRun, PageFailure, RunCounts } from '../domain/models';
import type { IndexRunRepository, RunReporter } from '../domain/ports';
import type { Logger } from '../logging/logger';
import { RunTakenOver } from './interruptions';
import { readCheckpoint, type RunCheckpoint } from './run-checkpoint';
import { createThrottle, type Throttle } from './throttle';

/** The run keeps the first failures only; `counts.failed` has the total. */
export const MAX_STORED_FAILURES = 200;

const TERMINAL: ReadonlySet<IndexRun['status']> = new Set([
  'completed',
  'completed_with_failures',
  'failed',
  'cancelled',
]);

/** Whether the run has ended (completed, failed or cancelled); also used by `executeRun`. */
export function isTerminal(run: Pick<IndexRun, 'status'>): boolean {
  return TERMINAL.has(run.status);
}

export interface RunTrackerDeps {
  runs: IndexRunRepository;
  logger: Logger;
  now: () => Date;
  progressIntervalMs: number;
  reportIntervalMs: number;
  reporter?: RunReporter;
  /** Keeps the job's lock alive; a throw means the lock is lost. */
  heartbeat?: () => Promise<void>;
  /** Told about every write, e.g. to move a progress bar. */
  onProgress?: (run: IndexRun) => void;
}

export class RunTracker {
  readonly counts: RunCounts;
  private readonly failures: PageFailure[];
  private readonly writes: Throttle;
  private readonly reports: Throttle;
  private writing: Promise<unknown> = Promise.resolve();
  private pendingWrites = 0;
  private latest: IndexRun;

  constructor(
    run: IndexRun,
    private readonly dataSource: DataSource,
    private checkpoint: RunCheckpoint,
    private readonly deps: RunTrackerDeps,
  ) {
    this.latest = run;
    this.counts = { ...checkpoint.counts };
    this.failures = run.failures.slice(0, checkpoint.failuresKept);
    this.writes = createThrottle(deps.progressIntervalMs, deps.now);
    this.reports = createThrottle(deps.reportIntervalMs, deps.now);
    this.writes.mark();
    this.reports.mark();
  }

  /** The run as last written. */
  get run(): IndexRun {
    return this.latest;
  }

  get lease(): string {
    return this.checkpoint.lease;
  }

  add(delta: Partial<RunCounts>): void {
    for (const [key, value] of Object.entries(delta) as Array<[keyof RunCounts, number]>) {
      this.counts[key] += value;
    }
  }

  /** Counts a page as processed and failed, keeping its details while there is room. */
  fail(failure: PageFailure): void {
    this.add({ failed: 1, processed: 1 });
    if (this.failures.length < MAX_STORED_FAILURES) this.failures.push(failure);
    this.deps.logger.debug(
      { runId: this.latest.id, pageId: failure.pageId, reason: failure.reason },
      'page failed',
    );
  }

  /** Writes progress when the throttle allows and no write is already under way. */
  async tick(): Promise<void> {
    if (this.pendingWrites > 0 || !this.writes.due()) return;
    await this.write({});
  }

  /** Saves where the listing resumes, with the counts as they are now (nothing is in flight). */
  async saveCheckpoint(changes: Partial<Omit<RunCheckpoint, 'lease'>>): Promise<void> {
    this.checkpoint = {
      ...this.checkpoint,
      ...changes,
      counts: { ...this.counts },
      failuresKept: this.failures.length,
    };
    await this.write({ checkpoint: this.checkpoint });
  }

  /** Writes counts, failures and `extra` now; `checkpoint: null` in `extra` ends resumability. */
  async write(extra: Partial<IndexRun>): Promise<IndexRun> {
    this.pendingWrites += 1;
    const next = this.writing.then(() => this.writeNow(extra));
    this.writing = next.catch(() => undefined);
    try {
      return await next;
    } finally {
      this.pendingWrites -= 1;
    }
  }

  private async writeNow(extra: Partial<IndexRun>): Promise<IndexRun> {
    await this.ensureStillHeld();
    const at = this.deps.now();
    const changes: Partial<IndexRun> = {
      counts: { ...this.counts },
      failures: [...this.failures],
      heartbeatAt: at,
      ...extra,
    };
    const updated = await this.deps.runs.update(this.latest.id, changes);
    this.latest = updated ?? { ...this.latest, ...changes };
    this.writes.mark();
    await this.beat();
    this.deps.onProgress?.(this.latest);
    if (this.deps.reporter && this.reports.due()) {
      await reportSafely(this.deps.logger, 'runProgress', () =>
        this.deps.reporter!.runProgress(this.dataSource, this.latest),
      );
    }
    return this.latest;
  }

  /**
   * Throws `RunTakenOver` when the stored run is gone, ended or holds another lease. Called before
   * every progress write and, by the batch, before every page is written.
   */
  async ensureStillHeld(): Promise<void> {
    const stored = await this.deps.runs.get(this.latest.id);
    if (stored === null) throw new RunTakenOver(this.latest.id, 'deleted');
    if (isTerminal(stored)) {
      throw new RunTakenOver(this.latest.id, 'ended');
    }
    const holder = readCheckpoint(stored.checkpoint)?.lease;
    if (holder !== this.checkpoint.lease) {
      throw new RunTakenOver(this.latest.id, 'resumed_elsewhere');
    }
  }

  private async beat(): Promise<void> {
    if (!this.deps.heartbeat) return;
    try {
      await this.deps.heartbeat();
    } catch (error) {
      this.deps.logger.warn({ runId: this.latest.id, err: error }, 'job lock lost');
      throw new RunTakenOver(this.latest.id, 'lock_lost');
    }
  }
}

/** Calls a reporter method; its errors are logged and never reach the run. */
export async function reportSafely(
  logger: Logger,
  what: keyof RunReporter,
  call: () => Promise<void>,
): Promise<void> {
  try {
    await call();
  } catch (error) {
    logger.warn({ err: error, report: what }, 'run reporter failed; the run goes on');
  }
}
