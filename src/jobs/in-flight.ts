/**
 * The index runs this process is executing, each with the controller that stops it. The runner
 * aborts them all on `stop()` and waits (bounded) until each has settled, including the job
 * state Agenda saves after the handler returns.
 *
 * Each execution is its own entry, identified by an object rather than a job id: when a job's
 * Agenda lock expires while its handler still runs, Agenda may start the same job again in this
 * process, and both executions are in flight until each has ended.
 */
export class InFlightRuns {
  private readonly entries = new Map<
    object,
    { controller: AbortController; done: Promise<void>; settle: () => void }
  >();

  /**
   * Registers one execution. `execution` identifies it until {@link end}: the Agenda `Job` the
   * handler received (Agenda emits that same object on `complete`), or a fresh object for a run in
   * the foreground. Returns the signal that {@link abortAll} fires.
   */
  begin(execution: object): AbortSignal {
    let settle!: () => void;
    const done = new Promise<void>((resolve) => (settle = resolve));
    const controller = new AbortController();
    this.entries.set(execution, { controller, done, settle });
    return controller.signal;
  }

  /** The execution has fully ended. Unknown executions are ignored. */
  end(execution: object): void {
    const entry = this.entries.get(execution);
    if (!entry) return;
    this.entries.delete(execution);
    entry.settle();
  }

  get size(): number {
    return this.entries.size;
  }

  /** Aborts every execution with `reason`. */
  abortAll(reason: Error): void {
    for (const entry of this.entries.values()) entry.controller.abort(reason);
  }

  /** Resolves when every execution has ended, or after `timeoutMs`; true when all ended. */
  async settled(timeoutMs: number): Promise<boolean> {
    const all = Promise.all([...this.entries.values()].map((e) => e.done)).then(() => true);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([all, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
