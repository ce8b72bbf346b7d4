/**
 * How often each schedule a data source can have runs it. Read by the schedule sweep
 * (`schedule-datasources.job.ts`) and by `JobRunner.applySchedule`.
 */
import type { Schedule } from '../domain/models';

const HOUR = 60 * 60 * 1000;

/** Milliseconds between two scheduled runs; `null` for `off`. */
export const SCHEDULE_INTERVAL_MS: Readonly<Record<Schedule, number | null>> = Object.freeze({
  off: null,
  hourly: HOUR,
  daily: 24 * HOUR,
  weekly: 7 * 24 * HOUR,
});

/** When the next scheduled run after `from` is due, or `null` when the schedule is off. */
export function nextScheduledRun(schedule: Schedule, from: Date): Date | null {
  const interval = SCHEDULE_INTERVAL_MS[schedule];
  return interval === null ? null : new Date(from.getTime() + interval);
}
