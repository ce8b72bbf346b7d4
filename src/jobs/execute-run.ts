/**
 * Executes one stored index run: loads it with its data source, turns the data source's
 * integration into a Confluence client, and hands over to `runIndexing`. Shared by the
 * `index-datasource` job (in a worker) and `JobRunner.runNow` (in the foreground).
 */
import { AppError, toAppError } from '../errors';
import type { DataSource, IndexRun } from '../domain/models';
import type {
  ConfluenceClient,
  ConfluenceClientFactory,
  ConnectionResolver,
  DataSourceRepository,
  DocumentRepository,
  IndexRunRepository,
  IntegrationRepository,
  RunReporter,
} from '../domain/ports';
import type { ChunkingOptions, PageConverter } from '../indexing/index-listed-batch';
import type { IndexingOptions } from '../indexing/options';
import { runIndexing } from '../indexing/run-indexing';
import { isTerminal, reportSafely } from '../indexing/run-tracker';
import type { Logger } from '../logging/logger';

/** The repositories jobs read and write. */
export interface JobRepositories {
  dataSources: DataSourceRepository;
  runs: IndexRunRepository;
  documents: DocumentRepository;
  integrations: IntegrationRepository;
}

export interface RunExecutionDeps extends JobRepositories {
  clientFactory: ConfluenceClientFactory;
  resolveConnection: ConnectionResolver;
  convert: PageConverter;
  chunking: ChunkingOptions;
  logger: Logger;
  reporter?: RunReporter;
  indexing?: Partial<IndexingOptions>;
  now: () => Date;
}

/** What the caller of one execution adds: how to stop it and what to tell along the way. */
export interface ExecutionHooks {
  signal?: AbortSignal;
  heartbeat?: () => Promise<void>;
  onProgress?: (run: IndexRun) => void;
}

/**
 * Runs `runId` to its end and returns it, or returns it untouched when it had already ended, or
 * `null` when it no longer exists. Throws what `runIndexing` throws to leave a run as it is.
 */
export async function executeRun(
  runId: string,
  deps: RunExecutionDeps,
  hooks: ExecutionHooks = {},
): Promise<IndexRun | null> {
  const run = await deps.runs.get(runId);
  if (run === null || isTerminal(run)) return run;

  // The data source was deleted while its run waited: nothing to index any more.
  const dataSource = await deps.dataSources.get(run.dataSourceId);
  if (dataSource === null) return deps.runs.finish(run.id, 'cancelled', null, deps.now());

  let client: ConfluenceClient;
  try {
    client = await clientFor(dataSource, deps);
  } catch (error) {
    return failBeforeStart(dataSource, run, toAppError(error), deps);
  }

  return runIndexing(dataSource, run, {
    client,
    dataSources: deps.dataSources,
    runs: deps.runs,
    documents: deps.documents,
    convert: deps.convert,
    chunking: deps.chunking,
    logger: deps.logger,
    reporter: deps.reporter,
    options: deps.indexing,
    now: deps.now,
    ...hooks,
  });
}

async function clientFor(
  dataSource: DataSource,
  deps: RunExecutionDeps,
): Promise<ConfluenceClient> {
  const integration = await deps.integrations.get(dataSource.integrationId);
  if (integration === null) {
    throw new AppError('not_found', 'The Confluence integration of this data source is gone.', {
      remedies: ['Edit the data source and choose another integration.'],
    });
  }
  return deps.clientFactory(await deps.resolveConnection(integration));
}

/** Ends a run that could not start (no integration, secret unreadable) as failed. */
async function failBeforeStart(
  dataSource: DataSource,
  run: IndexRun,
  error: AppError,
  deps: RunExecutionDeps,
): Promise<IndexRun | null> {
  deps.logger.warn({ runId: run.id, code: error.code, err: error }, 'index run could not start');
  const at = deps.now();
  const finished = await deps.runs.finish(run.id, 'failed', error.toJSON(), at);
  const updated = await deps.dataSources.update(dataSource.id, {
    status: 'failed',
    lastRunId: run.id,
    lastRunAt: at,
  });
  if (deps.reporter && finished) {
    const reporter = deps.reporter;
    await reportSafely(deps.logger, 'runFinished', () =>
      reporter.runFinished(updated ?? dataSource, finished),
    );
  }
  return finished;
}
