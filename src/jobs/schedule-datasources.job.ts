/**
 * `schedule-datasources`: one recurring job (Agenda `every`, a single job shared by all workers)
 * that looks at the data sources with a schedule and requests a run for each one whose
 * `nextRunAt` has come, then moves its `nextRunAt` one interval on. Keeping the due time on the
 * data source (rather than one Agenda job per data source) lets the Slack app show it, and a
 * schedule change is a plain update (`JobRunner.applySchedule`).
 */
import type { Agenda } from 'agenda';
import type { DataSource, IndexRun, RunTrigger } from '../domain/models';
import type { DataSourceRepository } from '../domain/ports';
import type { Logger } from '../logging/logger';
import { nextScheduledRun } from './schedule';

export const SCHEDULE_DATASOURCES_JOB = 'schedule-datasources';

export interface ScheduleSweepDeps {
  dataSources: DataSourceRepository;
  requestRun: (dataSourceId: string, trigger: RunTrigger) => Promise<IndexRun>;
  logger: Logger;
  now: () => Date;
}

export interface ScheduleSweepSettings {
  /** How often due data sources are looked for, in ms. Default one minute. */
  everyMs: number;
  /** Lock lifetime of the sweep, in ms. Default five minutes. */
  lockLifetimeMs: number;
}

export const SCHEDULE_SWEEP_DEFAULTS: Readonly<ScheduleSweepSettings> = Object.freeze({
  everyMs: 60 * 1000,
  lockLifetimeMs: 5 * 60 * 1000,
});

export function defineScheduleDatasourcesJob(
  agenda: Agenda,
  deps: ScheduleSweepDeps,
  settings: ScheduleSweepSettings,
): void {
  agenda.define(SCHEDULE_DATASOURCES_JOB, () => sweepSchedules(deps), {
    concurrency: 1,
    lockLimit: 1,
    lockLifetime: settings.lockLifetimeMs,
  });
}

/** Makes sure the recurring sweep exists (idempotent across workers). */
export async function scheduleSweep(
  agenda: Agenda,
  settings: ScheduleSweepSettings,
): Promise<void> {
  await agenda.every(settings.everyMs, SCHEDULE_DATASOURCES_JOB);
}

/** Requests the runs that are due. One data source's failure does not stop the others. */
export async function sweepSchedules(deps: ScheduleSweepDeps): Promise<void> {
  const now = deps.now();
  for (const dataSource of await deps.dataSources.listBySchedule()) {
    try {
      await sweepOne(dataSource, now, deps);
    } catch (error) {
      deps.logger.error(
        { err: error, dataSourceId: dataSource.id },
        'could not request a scheduled run',
      );
    }
  }
}

async function sweepOne(dataSource: DataSource, now: Date, deps: ScheduleSweepDeps): Promise<void> {
  const next = nextScheduledRun(dataSource.schedule, now);
  if (next === null) return;

  // A schedule without a due time (just switched on) starts counting now.
  if (!dataSource.nextRunAt) {
    await deps.dataSources.update(dataSource.id, { nextRunAt: next });
    return;
  }
  if (dataSource.nextRunAt.getTime() > now.getTime()) return;

  const run = await deps.requestRun(dataSource.id, 'schedule');
  await deps.dataSources.update(dataSource.id, { nextRunAt: next });
  deps.logger.info({ dataSourceId: dataSource.id, runId: run.id }, 'scheduled run requested');
}
