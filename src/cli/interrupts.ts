/**
 * The signals that ask a foreground command to stop: Ctrl-C (SIGINT), `kill` or a service
 * manager (SIGTERM), a closed terminal (SIGHUP). Commands that hold state, such as a running
 * index run, listen to all three so that they can end it cleanly. SIGKILL cannot be caught.
 */
export const INTERRUPT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type InterruptSignal = (typeof INTERRUPT_SIGNALS)[number];

/**
 * Calls `handler` with the signal's name whenever one of {@link INTERRUPT_SIGNALS} reaches this
 * process, instead of Node's default of dying at once. Returns the function that removes the
 * listeners (the defaults then apply again).
 */
export function onProcessInterrupt(handler: (signal: InterruptSignal) => void): () => void {
  const listeners = INTERRUPT_SIGNALS.map((signal) => {
    const listener = () => handler(signal);
    process.on(signal, listener);
    return () => process.off(signal, listener);
  });
  return () => listeners.forEach((remove) => remove());
}

/**
 * Resolves with the first of {@link INTERRUPT_SIGNALS} to reach this process, then lets the
 * defaults apply again (a second Ctrl-C ends a slow shutdown at once). Used by the long-running
 * commands (`serve`, `worker`, `dev-store`) to start their clean shutdown.
 */
export function nextInterrupt(): Promise<InterruptSignal> {
  return new Promise((resolve) => {
    const stop = onProcessInterrupt((signal) => {
      stop();
      resolve(signal);
    });
  });
}
