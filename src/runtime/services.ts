/**
 * The wiring every entry point shares (`serve`, `worker`, `index`, `search`): from the parsed
 * configuration and a logger, open the store (MongoDB at `MONGODB_URI`, or the in-process
 * development store), build the Confluence client factory, and create the job runner. The caller
 * chooses how integrations become credentials and who hears about runs.
 *
 *   const services = await createServices(config, logger, {
 *     resolveConnection,
 *     reporter: (store) => createSlackReporting({ slack, repos: store, logger }).reporter,
 *   });
 *   await services.runner.start();          // only in processes that run jobs
 *   ...
 *   await services.close();                 // stops the runner, closes the store
 */
import { createConfluenceClientFactory } from '../confluence/client-factory';
import { pageToChunks } from '../convert/page-to-chunks';
import type { Config } from '../config';
import type { ConfluenceClientFactory, ConnectionResolver, RunReporter } from '../domain/ports';
import { createJobRunner, type JobRunner, type JobRunnerOptions } from '../jobs/runner';
import type { Logger } from '../logging/logger';
import { openStore, type Store } from '../store';

export interface ServicesOptions {
  /** Turns an integration into credentials: `sealedSecretResolver` or `fixedTokenResolver`. */
  resolveConnection: ConnectionResolver;
  /**
   * Builds who is told about runs executed in this process, once the store is open (the Slack
   * reporter needs the repositories). Called once, before the job runner is created. Optional.
   */
  reporter?: (store: Store) => RunReporter;
  /** Overrides of the runner's defaults (intervals, lock lifetime); tests shorten them. */
  runner?: Partial<JobRunnerOptions>;
  /**
   * What to tell people when there is no `MONGODB_URI` and the data lives only in this process;
   * `openStore` logs it in its one warning about the in-process store. Default: the command-line
   * advice (run `datasource-bot dev-store` and set `MONGODB_URI`).
   */
  devStoreAdvice?: string;
}

export interface Services {
  config: Config;
  logger: Logger;
  /** Repositories, search and the database (see `src/store/`). */
  store: Store;
  clientFactory: ConfluenceClientFactory;
  /** Created, not started: call `runner.start()` in processes that run jobs. */
  runner: JobRunner;
  /** Stops the runner and closes the store (and the in-process dev store). Idempotent. */
  close(): Promise<void>;
}

export const CLI_DEV_STORE_ADVICE =
  'Without MONGODB_URI the data lives in this process only and is gone when it exits, so a ' +
  'later `datasource-bot search` sees nothing. To share data between commands, run ' +
  '`datasource-bot dev-store` in another terminal and set MONGODB_URI to the address it prints.';

export async function createServices(
  config: Config,
  logger: Logger,
  options: ServicesOptions,
): Promise<Services> {
  // Without MONGODB_URI, openStore logs the one warning about the in-process store, with our advice.
  const store = await openStore({
    uri: config.mongo.uri,
    dbName: config.mongo.dbName,
    logger,
    devStoreAdvice: options.devStoreAdvice ?? CLI_DEV_STORE_ADVICE,
  });

  const clientFactory = createConfluenceClientFactory({ ...config.confluence, logger });
  let runner: JobRunner;
  try {
    runner = await createJobRunner({
      db: store.db,
      dataSources: store.dataSources,
      runs: store.runs,
      documents: store.documents,
      integrations: store.integrations,
      clientFactory,
      resolveConnection: options.resolveConnection,
      convert: pageToChunks,
      chunking: config.chunking,
      concurrency: config.indexConcurrency,
      logger,
      reporter: options.reporter?.(store),
      options: options.runner,
    });
  } catch (error) {
    await store.close();
    throw error;
  }

  let closing: Promise<void> | null = null;
  const close = async () => {
    try {
      await runner.stop();
    } finally {
      await store.close();
    }
  };
  return {
    config,
    logger,
    store,
    clientFactory,
    runner,
    close: () => (closing ??= close()),
  };
}
