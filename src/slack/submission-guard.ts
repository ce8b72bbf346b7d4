/**
 * Makes a double-clicked Submit do the work once. Slack sends one `view_submission` per click with
 * the same view id; the second waits for the first one's outcome and gives the same answer. The
 * outcome is remembered for ten minutes. Across several bot processes the store is the backstop:
 * a data source remembers the view it was created from (unique), an integration's alias is unique
 * per owner.
 */
export interface SubmissionGuard {
  /**
   * Runs `work` once per `key`; calls with the same key meanwhile, and after it, get the same
   * result. Results for which `keep` says false (a refused submission, to be fixed and sent
   * again) are forgotten once settled. `keep` is required: Slack keeps the view id while the
   * person corrects a refused form, so remembering a refusal would answer the correction with it.
   * Pass `keepAlways` for work that must never run twice (announcing a saved data source).
   */
  once<T>(key: string, work: () => Promise<T>, keep: (result: T) => boolean): Promise<T>;
}

/** `keep` for work whose every settled outcome is final. */
export const keepAlways = (): boolean => true;

const KEEP_MS = 10 * 60_000;

export function createSubmissionGuard(): SubmissionGuard {
  const outcomes = new Map<string, Promise<unknown>>();
  return {
    once<T>(key: string, work: () => Promise<T>, keep: (result: T) => boolean) {
      const existing = outcomes.get(key);
      if (existing) return existing as Promise<T>;
      const outcome = work();
      outcomes.set(key, outcome);
      // Refused or failed attempts may be sent again; successful ones are remembered a while.
      outcome.then(
        (result) => {
          if (keep(result)) setTimeout(() => outcomes.delete(key), KEEP_MS).unref();
          else outcomes.delete(key);
        },
        () => outcomes.delete(key),
      );
      return outcome;
    },
  };
}
