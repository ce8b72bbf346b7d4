/**
 * The in-flight bookkeeping of the `index-datasource` job when Agenda starts a second execution
 * of the same job in this process (the first one's lock expired while its handler still ran):
 * each execution counts until its own `complete`. Agenda is replaced by a recorder of what the job
 * definition registers, so both executions are driven by hand.
 */
import type { Agenda, Job } from 'agenda';
import type { IndexRun } from '../../src/domain/models';
import type { RunExecutionDeps } from '../../src/jobs/execute-run';
import { InFlightRuns } from '../../src/jobs/in-flight';
import {
  defineIndexDatasourceJob,
  INDEX_DATASOURCE_JOB,
} from '../../src/jobs/index-datasource.job';
import { silentLogger } from '../../src/logging/logger';

type Handler = (job: Job) => Promise<void>;

/** Records the handler and the `complete` listener that `defineIndexDatasourceJob` registers. */
function recordingAgenda() {
  const recorded: { handler?: Handler; onComplete?: (job: Job) => void } = {};
  const agenda = {
    define: (_name: string, handler: Handler) => (recorded.handler = handler),
    on: (event: string, listener: (job: Job) => void) => {
      if (event === `complete:${INDEX_DATASOURCE_JOB}`) recorded.onComplete = listener;
    },
  } as unknown as Agenda;
  return { agenda, recorded };
}

/** An execution of the one job `job-1`: a new Job object each time, as Agenda makes. */
function executionOfJob1(): Job {
  const attrs = {
    _id: 'job-1',
    name: INDEX_DATASOURCE_JOB,
    data: { dataSourceId: 'ds1', runId: 'r1' },
  };
  return { attrs, touch: async () => undefined } as unknown as Job;
}

/** Run lookups that wait until released, one by one, so each execution stays where it is. */
function heldRunLookups() {
  const waiting: Array<(run: IndexRun | null) => void> = [];
  const runs = { get: () => new Promise<IndexRun | null>((resolve) => waiting.push(resolve)) };
  return { runs, waiting };
}

describe('index-datasource job in-flight bookkeeping', () => {
  it('counts both executions of one job until each has completed', async () => {
    const { agenda, recorded } = recordingAgenda();
    const lookups = heldRunLookups();
    const deps = { runs: lookups.runs, logger: silentLogger() } as unknown as RunExecutionDeps;
    const inFlight = new InFlightRuns();
    defineIndexDatasourceJob(agenda, deps, { concurrency: 2, lockLifetimeMs: 60_000 }, inFlight);

    // The first execution is still running when Agenda starts the job again.
    const first = executionOfJob1();
    const firstDone = recorded.handler!(first);
    const second = executionOfJob1();
    const secondDone = recorded.handler!(second);
    expect(inFlight.size).toBe(2);

    // The second execution finds nothing to do and completes; the first still runs.
    lookups.waiting[1](null);
    await secondDone;
    recorded.onComplete!(second);
    expect(inFlight.size).toBe(1);

    lookups.waiting[0](null);
    await firstDone;
    recorded.onComplete!(first);
    expect(inFlight.size).toBe(0);
  });

  it('aborts both executions on shutdown and waits for both', async () => {
    const inFlight = new InFlightRuns();
    const first = executionOfJob1();
    const second = executionOfJob1();
    const signals = [inFlight.begin(first), inFlight.begin(second)];

    inFlight.abortAll(new Error('shutting down'));
    expect(signals.map((s) => s.aborted)).toEqual([true, true]);

    const settled = inFlight.settled(60_000);
    inFlight.end(first);
    inFlight.end(second);
    await expect(settled).resolves.toBe(true);
  });
});
