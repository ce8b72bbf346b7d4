/**
 * Decides whether a new run lists everything (full) or only what changed (incremental). Called
 * by the job runner when it creates a run; the answer is stored in `IndexRun.mode`.
 */
import type { DataSource, IndexRun, RunTrigger } from '../domain/models';

export interface RunModeOptions {
  /** A full listing at least this often, in ms (see `IndexingOptions.fullListingEveryMs`). */
  fullListingEveryMs: number;
}

/**
 * Scheduled runs are incremental when an earlier run succeeded and a full listing finished within
 * `fullListingEveryMs`; every other trigger (create, manual, cli, retry) runs in full, because a
 * person asking for a run expects deleted pages to disappear too.
 */
export function chooseRunMode(
  dataSource: Pick<DataSource, 'lastSuccessAt' | 'lastFullListingAt'>,
  trigger: RunTrigger,
  now: Date,
  options: RunModeOptions,
): IndexRun['mode'] {
  if (trigger !== 'schedule') return 'full';
  if (!dataSource.lastSuccessAt || !dataSource.lastFullListingAt) return 'full';
  const sinceFull = now.getTime() - dataSource.lastFullListingAt.getTime();
  return sinceFull >= options.fullListingEveryMs ? 'full' : 'incremental';
}
