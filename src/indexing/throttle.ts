/**
 * Says when enough time has passed to do something again (write progress, send a report).
 * Time comes from the injected clock, so tests step it instead of sleeping.
 */
export interface Throttle {
  /** True at most once per interval; the first call is always due. Marks the time when true. */
  due(): boolean;
  /** Marks now as the last time, e.g. after a forced write. */
  mark(): void;
}

export function createThrottle(intervalMs: number, now: () => Date): Throttle {
  let last: number | null = null;
  const mark = () => {
    last = now().getTime();
  };
  return {
    due() {
      if (last !== null && now().getTime() - last < intervalMs) return false;
      mark();
      return true;
    },
    mark,
  };
}
