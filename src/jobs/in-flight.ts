/**
 * The index runs this process is executing, each with the controller that stops it. The runner
 * aborts them all on `stop()` and waits (bounded) until each has settled, including the job
 * state Agenda saves after the handler returns.
 */
export class InFlightRuns {
  private readonly entries = new Map<
    string,
    { controller: AbortController; done: Promise<void>; settle: () => void }
  >();

  /** Registers an execution under `key` (the Agenda job id, or the run id in the foreground). */
  begin(key: string): AbortSignal {
    let settle!: () => void;
    const done = new Promise<void>((resolve) => (settle = resolve));
    const controller = new AbortController();
    this.entries.set(key, { controller, done, settle });
    return controller.signal;
  }

  /** The execution under `key` has fully ended. Unknown keys are ignored. */
  end(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
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
