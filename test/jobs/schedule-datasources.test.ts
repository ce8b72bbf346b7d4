import type { IndexRun, RunTrigger } from '../../src/domain/models';
import { sweepSchedules } from '../../src/jobs/schedule-datasources.job';
import { nextScheduledRun } from '../../src/jobs/schedule';
import { silentLogger } from '../../src/logging/logger';
import { makeDataSource, manualClock, MemoryDataSources } from '../indexing/doubles';

const HOUR = 60 * 60 * 1000;

function sweep(dataSources: MemoryDataSources, now: Date, fail: string[] = []) {
  const requested: Array<{ id: string; trigger: RunTrigger }> = [];
  const requestRun = async (id: string, trigger: RunTrigger) => {
    if (fail.includes(id)) throw new Error('store down');
    requested.push({ id, trigger });
    return { id: `run-${id}` } as IndexRun;
  };
  return {
    requested,
    done: sweepSchedules({ dataSources, requestRun, logger: silentLogger(), now: () => now }),
  };
}

describe('nextScheduledRun', () => {
  const from = new Date('2024-06-01T12:00:00Z');

  it.each([
    ['hourly', HOUR],
    ['daily', 24 * HOUR],
    ['weekly', 7 * 24 * HOUR],
  ] as const)('puts a %s run one interval ahead', (schedule, interval) => {
    expect(nextScheduledRun(schedule, from)?.getTime()).toBe(from.getTime() + interval);
  });

  it('has no next run when off', () => {
    expect(nextScheduledRun('off', from)).toBeNull();
  });
});

describe('sweepSchedules', () => {
  const clock = manualClock();
  const now = clock.now();

  it('requests a scheduled run for a due data source and moves its due time on', async () => {
    const dataSources = new MemoryDataSources(
      makeDataSource({ id: 'due', schedule: 'hourly', nextRunAt: new Date(now.getTime() - 1) }),
    );

    const { requested, done } = sweep(dataSources, now);
    await done;

    expect(requested).toEqual([{ id: 'due', trigger: 'schedule' }]);
    expect((await dataSources.get('due'))?.nextRunAt).toEqual(new Date(now.getTime() + HOUR));
  });

  it('leaves data sources that are not due yet alone', async () => {
    const later = new Date(now.getTime() + 1000);
    const dataSources = new MemoryDataSources(
      makeDataSource({ id: 'later', schedule: 'daily', nextRunAt: later }),
    );

    const { requested, done } = sweep(dataSources, now);
    await done;

    expect(requested).toEqual([]);
    expect((await dataSources.get('later'))?.nextRunAt).toEqual(later);
  });

  it('starts counting for a schedule without a due time, without running now', async () => {
    const dataSources = new MemoryDataSources(
      makeDataSource({ id: 'new', schedule: 'weekly', nextRunAt: null }),
    );

    const { requested, done } = sweep(dataSources, now);
    await done;

    expect(requested).toEqual([]);
    expect((await dataSources.get('new'))?.nextRunAt).toEqual(nextScheduledRun('weekly', now));
  });

  it('skips data sources whose schedule is off', async () => {
    const dataSources = new MemoryDataSources(
      makeDataSource({ id: 'off', schedule: 'off', nextRunAt: new Date(now.getTime() - 1) }),
    );
    // listBySchedule of the double returns only scheduled ones; make sure off is skipped anyway.
    dataSources.listBySchedule = async () => [...dataSources.records.values()];

    const { requested, done } = sweep(dataSources, now);
    await done;

    expect(requested).toEqual([]);
  });

  it('goes on with the others when one request fails, keeping the failed one due', async () => {
    const past = new Date(now.getTime() - 1);
    const dataSources = new MemoryDataSources(
      makeDataSource({ id: 'a', schedule: 'hourly', nextRunAt: past }),
      makeDataSource({ id: 'b', schedule: 'hourly', nextRunAt: past }),
    );

    const { requested, done } = sweep(dataSources, now, ['a']);
    await done;

    expect(requested).toEqual([{ id: 'b', trigger: 'schedule' }]);
    expect((await dataSources.get('a'))?.nextRunAt).toEqual(past);
  });
});
