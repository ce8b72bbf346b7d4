/**
 * Runs one index run of one data source from wherever it stands to its end: lists page ids and
 * versions (resuming from the run's checkpoint), indexes what is new or changed, prunes what a
 * complete full listing did not see, and records the outcome in the run and the data source.
 * Called by the `index-datasource` job and, in the foreground, by the `index` command.
 *
 * Ends the run as `completed`, `completed_with_failures` (some pages failed) or `failed` (a client
 * or store error, serialised into `run.error`; what was indexed before stays). Throws
 * `RunInterrupted` when `signal` fires and `RunTakenOver` when the run stops being this
 * execution's; in both cases the run is left as it was. When the data source (or the run) was
 * deleted meanwhile, the pages this execution wrote are removed first and a run still stored is
 * ended as `cancelled`, so that nothing of a deleted data source stays behind. When the stored
 * pages came from another site than the client's (`DataSource.indexedBaseUrl`), they are all
 * removed first and the run lists the new site in full (see `site-switch.ts`).
 */
import { randomUUID } from 'node:crypto';
import { AppError, toAppError } from '../errors';
import type { DataSource, IndexRun, RunStatus } from '../domain/models';
import type {
  ConfluenceClient,
  DataSourceRepository,
  DocumentRepository,
  IndexRunRepository,
  PageListing,
  RunReporter,
} from '../domain/ports';
import type { Logger } from '../logging/logger';
import { buildIncrementalCql, incrementalSince } from './incremental-cql';
import {
  indexListedBatch,
  type BatchContext,
  type ChunkingOptions,
  type PageConverter,
} from './index-listed-batch';
import { RunInterrupted, RunTakenOver } from './interruptions';
import { indexingOptions, type IndexingOptions } from './options';
import { readCheckpoint, ZERO_COUNTS, type RunCheckpoint } from './run-checkpoint';
import { reportSafely, RunTracker } from './run-tracker';
import { forgetOtherSite, isOtherSite } from './site-switch';

export interface IndexingDeps {
  client: ConfluenceClient;
  dataSources: DataSourceRepository;
  runs: IndexRunRepository;
  documents: DocumentRepository;
  /** `pageToChunks` in production. */
  convert: PageConverter;
  chunking: ChunkingOptions;
  logger: Logger;
  /** Told when the run starts (not when it resumes), progresses and ends. Optional. */
  reporter?: RunReporter;
  /** Overrides of the defaults in `options.ts`. */
  options?: Partial<IndexingOptions>;
  /** Default `() => new Date()`. */
  now?: () => Date;
  /** Stops the run between requests; it is then left resumable (`RunInterrupted`). */
  signal?: AbortSignal;
  /** Called after each progress write, e.g. to touch the job's lock; a throw means it is lost. */
  heartbeat?: () => Promise<void>;
  /** Called after each progress write with the run as written (the command line's progress bar). */
  onProgress?: (run: IndexRun) => void;
}

interface RunContext extends BatchContext {
  dataSource: DataSource;
  mode: IndexRun['mode'];
  startedAt: Date;
  checkpoint: RunCheckpoint;
  listingComplete: boolean;
  deps: IndexingDeps;
}

export async function runIndexing(
  dataSource: DataSource,
  run: IndexRun,
  deps: IndexingDeps,
): Promise<IndexRun> {
  const ctx = await beginRun(dataSource, run, deps);
  try {
    return await indexToTheEnd(ctx);
  } catch (error) {
    if (error instanceof RunTakenOver && error.reason === 'deleted') await abandonDeleted(ctx);
    throw error;
  }
}

async function indexToTheEnd(ctx: RunContext): Promise<IndexRun> {
  const { deps, runId } = ctx;
  try {
    if (!ctx.listingComplete) await listAndIndex(ctx);
    // A token that expired during the listing may have been served as anonymous (Data Center),
    // listing fewer pages without an error: check before removing anything or calling it a success.
    await ctx.client.verifyAuthentication(ctx.signal);
    if (ctx.mode === 'full' && !ctx.checkpoint.pruned) await prune(ctx);
    return await finishRun(ctx, null);
  } catch (error) {
    if (error instanceof RunTakenOver) throw error;
    if (deps.signal?.aborted) {
      // Counts since the last throttled write would be lost: whoever ends the run reads them.
      await ctx.tracker.write({}).catch((cause: unknown) => {
        deps.logger.warn({ runId, err: cause }, 'counts of the interrupted run not written');
      });
      throw new RunInterrupted(runId);
    }
    const failure = toAppError(error);
    // An expected failure (bad token, invalid query...) is the user's to fix and is reported to
    // them; only an unexpected one is an operator's problem.
    if (failure.code === 'internal') {
      deps.logger.error({ runId, err: error }, 'index run failed unexpectedly');
    } else {
      deps.logger.info({ runId, code: failure.code, reason: failure.message }, 'index run failed');
    }
    return await finishRun(ctx, failure);
  }
}

/** Marks the run running under a fresh lease, restoring counts from its checkpoint if any. */
async function beginRun(
  dataSource: DataSource,
  run: IndexRun,
  deps: IndexingDeps,
): Promise<RunContext> {
  const options = indexingOptions(deps.options);
  const now = deps.now ?? (() => new Date());
  const at = now();
  const baseUrl = deps.client.connection.baseUrl;
  // Pages stored from another site go; so does a checkpoint of a listing of that site.
  const siteChanged = isOtherSite(dataSource, baseUrl);
  const removed = siteChanged
    ? await forgetOtherSite(dataSource, baseUrl, deps.documents, deps.logger)
    : 0;
  const stored = siteChanged ? null : readCheckpoint(run.checkpoint);

  // An incremental run needs an earlier success on this site to start from; without one it lists
  // everything.
  const mode =
    !siteChanged && run.mode === 'incremental' && dataSource.lastSuccessAt ? 'incremental' : 'full';
  const cql =
    stored?.cql ??
    (mode === 'incremental'
      ? buildIncrementalCql(dataSource.cql, incrementalSince(dataSource.lastSuccessAt!, options))
      : dataSource.cql);
  const checkpoint: RunCheckpoint = {
    cql,
    listing: stored?.listing ?? null,
    counts: stored?.counts ?? { ...ZERO_COUNTS, removed },
    failuresKept: stored?.failuresKept ?? 0,
    pruned: stored?.pruned ?? false,
    lease: randomUUID(),
  };
  const startedAt = run.startedAt ?? at;
  const started = await deps.runs.update(run.id, {
    status: 'running',
    mode,
    startedAt,
    heartbeatAt: at,
    checkpoint,
    counts: checkpoint.counts,
    failures: run.failures.slice(0, checkpoint.failuresKept),
    ...(siteChanged ? { listingComplete: false } : {}),
  });
  if (started === null) throw new RunTakenOver(run.id, 'deleted');
  await deps.dataSources.update(dataSource.id, {
    status: 'running',
    lastRunId: run.id,
    indexedBaseUrl: baseUrl,
  });

  const tracker = new RunTracker(started, dataSource, checkpoint, {
    runs: deps.runs,
    logger: deps.logger,
    now,
    progressIntervalMs: options.progressIntervalMs,
    reportIntervalMs: options.reportIntervalMs,
    reporter: deps.reporter,
    heartbeat: deps.heartbeat,
    onProgress: deps.onProgress,
  });
  const resumed = stored !== null;
  deps.logger.info(
    { runId: run.id, dataSourceId: dataSource.id, mode, resumed },
    resumed ? 'index run resumed' : 'index run started',
  );
  if (!resumed && deps.reporter) {
    await reportSafely(deps.logger, 'runStarted', () =>
      deps.reporter!.runStarted(dataSource, started),
    );
  }

  return {
    dataSource,
    dataSourceId: dataSource.id,
    runId: run.id,
    mode,
    startedAt,
    checkpoint,
    listingComplete: started.listingComplete,
    client: deps.client,
    documents: deps.documents,
    convert: deps.convert,
    chunking: deps.chunking,
    tracker,
    options,
    now,
    signal: deps.signal,
    ensureStillWanted: () => ensureStillWanted(tracker, deps.dataSources, dataSource.id),
    writtenPageIds: new Set(),
    deps,
  };
}

/**
 * Throws `RunTakenOver` when the run is no longer this execution's, or `RunTakenOver('deleted')`
 * when its data source is gone. Two reads by id, before every page written.
 */
async function ensureStillWanted(
  tracker: RunTracker,
  dataSources: DataSourceRepository,
  dataSourceId: string,
): Promise<void> {
  const [, dataSource] = await Promise.all([
    tracker.ensureStillHeld(),
    dataSources.get(dataSourceId),
  ]);
  if (dataSource === null) throw new RunTakenOver(tracker.run.id, 'deleted');
}

/**
 * The data source or the run was deleted during the run: removes the pages this execution wrote
 * (a write may have landed after the deletion removed everything else) and ends a run that is
 * still stored as cancelled. A store failure here is logged; the take-over is thrown anyway.
 */
async function abandonDeleted(ctx: RunContext): Promise<void> {
  const { deps, runId, dataSourceId } = ctx;
  try {
    const removed = await ctx.documents.removePages(dataSourceId, [...ctx.writtenPageIds]);
    const run = await deps.runs.get(runId);
    if (run && (run.status === 'queued' || run.status === 'running')) {
      await deps.runs.finish(runId, 'cancelled', null, ctx.now());
    }
    deps.logger.info(
      { runId, dataSourceId, removed },
      'data source deleted during its run; the pages this run wrote are removed',
    );
  } catch (error) {
    deps.logger.warn(
      { runId, dataSourceId, err: error },
      'could not remove the pages of a deleted data source',
    );
  }
}

/** Lists from the checkpoint on; each batch is handled fully before the checkpoint moves past it. */
async function listAndIndex(ctx: RunContext): Promise<void> {
  const seen = new Set<string>();
  const listing = ctx.client.listPages(ctx.checkpoint.cql, {
    from: ctx.checkpoint.listing,
    pageSize: ctx.options.listPageSize,
    signal: ctx.signal,
  });
  for await (const batch of listing) {
    ctx.signal?.throwIfAborted();
    const fresh = batch.items.filter((item) => firstSighting(seen, item));
    ctx.tracker.add({ found: fresh.length, skipped: batch.skipped });
    await indexListedBatch(fresh, ctx);
    await ctx.tracker.saveCheckpoint({ listing: batch.next });
    if (batch.next === null) break;
  }
  await ctx.tracker.write({ listingComplete: true });
  ctx.listingComplete = true;
}

/** A listing may return a page twice (pages shift while it is read); handle each version once. */
function firstSighting(seen: Set<string>, item: PageListing): boolean {
  const key = `${item.id}@${item.version}`;
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}

/** After a complete full listing, removes the stored pages this run did not see. */
async function prune(ctx: RunContext): Promise<void> {
  const removed = await ctx.documents.removeNotSeenBy(ctx.dataSourceId, ctx.runId);
  ctx.tracker.add({ removed });
  await ctx.tracker.saveCheckpoint({ pruned: true });
}

async function finishRun(ctx: RunContext, error: AppError | null): Promise<IndexRun> {
  const { deps, tracker } = ctx;
  // A data source deleted meanwhile gets no outcome: the caller removes what the run wrote.
  await ctx.ensureStillWanted();
  const status: RunStatus = error
    ? 'failed'
    : tracker.counts.failed > 0
      ? 'completed_with_failures'
      : 'completed';
  const at = ctx.now();

  // Last counts, then the end; the checkpoint goes, the run cannot be resumed any more.
  await tracker.write({ listingComplete: ctx.listingComplete, checkpoint: null });
  const finished =
    (await deps.runs.finish(ctx.runId, status, error?.toJSON() ?? null, at)) ?? tracker.run;

  const totals = await deps.documents.count(ctx.dataSourceId);
  const succeeded = status !== 'failed';
  const changes: Partial<DataSource> = {
    status,
    lastRunId: ctx.runId,
    lastRunAt: ctx.startedAt,
    pageCount: totals.pages,
    chunkCount: totals.chunks,
    ...(succeeded ? { lastSuccessAt: ctx.startedAt } : {}),
    ...(succeeded && ctx.mode === 'full' ? { lastFullListingAt: ctx.startedAt } : {}),
  };
  const dataSource = (await deps.dataSources.update(ctx.dataSourceId, changes)) ?? {
    ...ctx.dataSource,
    ...changes,
  };

  deps.logger.info(
    { runId: ctx.runId, dataSourceId: ctx.dataSourceId, status, counts: finished.counts },
    'index run ended',
  );
  if (deps.reporter) {
    await reportSafely(deps.logger, 'runFinished', () =>
      deps.reporter!.runFinished(dataSource, finished),
    );
  }
  return finished;
}
