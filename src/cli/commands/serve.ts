/**
 * `datasource-bot serve` (what `npm start` runs): the Slack app and the job runner in one process.
 * Over Socket Mode when `SLACK_APP_TOKEN` is set, else over HTTP (`/slack/events`, `/healthz`) on
 * `PORT`, at `HOST` (default every interface). Missing or malformed configuration stops it with
 * one message naming every problem (exit 2); so does a token of the wrong kind, or a `HOST` not
 * of this machine. Slack unreachable or refusing a token stops it, before any job runs, with one
 * message naming the setting to fix (exit 1). Without `MONGODB_URI` it keeps its data in an
 * in-process development store and says so. On SIGINT or SIGTERM it stops taking requests and
 * jobs, hands runs back, flushes what the reporter still has to post, closes the store and exits 0.
 */
import type { Command } from 'commander';
import { loadConfig } from '../../config';
import type { HealthCheckResult } from '../../http/healthz';
import { createLogger, type Logger } from '../../logging/logger';
import { sealedSecretResolver } from '../../runtime/connection-resolvers';
import { createServices, type Services, type ServicesOptions } from '../../runtime/services';
import { createSecretBox } from '../../security/secret-box';
import { createSlackApp } from '../../slack/app';
import type { SlackTimings } from '../../slack/deps';
import { createSlackReporting, type SlackReporting } from '../../slack/reporting';
import { EXIT } from '../exit-codes';
import { nextInterrupt } from '../interrupts';

export interface ServeCommandDeps {
  /** The `loadConfig` variables. */
  env: Record<string, string | undefined>;
  /** Resolves when the process should stop (a signal arrived). */
  stopRequested: () => Promise<string>;
  /** Called once the app listens, with the HTTP port (tests connect to it). */
  onListening?: (port: number) => void;
  /** Overrides for tests of the whole command. */
  runner?: ServicesOptions['runner'];
  timings?: SlackTimings;
  logger?: Logger;
}

export function register(program: Command, env: Record<string, string | undefined>): void {
  program
    .command('serve')
    .description(
      'Run the Slack app and the job runner (Socket Mode with SLACK_APP_TOKEN, else HTTP on PORT).',
    )
    .action(async () => {
      process.exitCode = await runServe(processDeps(env));
      // Agenda leaves a lock-watch timer behind; everything opened is closed, so leave now.
      process.exit();
    });
}

function processDeps(env: Record<string, string | undefined>): ServeCommandDeps {
  return {
    env,
    stopRequested: nextInterrupt,
  };
}

/** Serves until `stopRequested` resolves; returns the exit code. Configuration errors throw. */
export async function runServe(deps: ServeCommandDeps): Promise<number> {
  const config = loadConfig(deps.env, ['slack', 'encryption']);
  const slack = config.slack!;
  const logger =
    deps.logger ?? createLogger({ level: config.logLevel, base: { component: 'serve' } });
  const secretBox = createSecretBox(config.encryptionKey!);
  const resolveConnection = sealedSecretResolver(secretBox);

  // The reporter is built on the store the services open, and handed to their job runner.
  let reporting!: SlackReporting;
  const services = await createServices(config, logger, {
    resolveConnection,
    reporter: (store) => {
      reporting = createSlackReporting({ slack, repos: store, logger, timings: deps.timings });
      return reporting.reporter;
    },
    runner: deps.runner,
    devStoreAdvice:
      'Without MONGODB_URI the data lives in this process only and is lost when it stops. ' +
      'Set MONGODB_URI to keep data sources, runs and indexed pages.',
  });

  try {
    const { store } = services;
    const app = createSlackApp({
      slack,
      logger,
      repos: store,
      search: store.search,
      jobs: services.runner,
      confluence: services.clientFactory,
      resolveConnection,
      secretBox,
      reporting,
      health: () => health(services),
      timings: deps.timings,
      port: config.port,
      host: config.host,
    });

    // A wrong token or an unreachable Slack stops here, before any job runs.
    await app.verify();
    await services.runner.start();
    const port = await app.start();
    logger.info(
      {
        mode: slack.appToken ? 'socket' : 'http',
        host: config.host ?? 'all interfaces',
        port,
        devStore: !config.mongo.uri,
      },
      'Datasource Bot is running',
    );
    deps.onListening?.(port);

    const signal = await deps.stopRequested();
    logger.info({ signal }, 'Datasource Bot stopping');
    await app.stop();
    await services.runner.stop();
    await reporting.reporter.idle();
  } finally {
    await services.close();
  }
  logger.info('Datasource Bot stopped');
  return EXIT.ok;
}

/** The database and the job runner, for `GET /healthz`. */
async function health(services: Services): Promise<HealthCheckResult> {
  const database = await services.store.db
    .command({ ping: 1 })
    .then(() => ({ ok: true }))
    .catch(() => ({ ok: false, detail: 'the database did not answer' }));
  const jobs = await services.runner
    .health()
    .then((h) => ({
      ok: h.processing && h.jobs !== null,
      detail: h.processing
        ? `${h.runningHere} running here, ${h.jobs?.queued ?? '?'} queued`
        : 'not processing jobs',
    }))
    .catch(() => ({ ok: false, detail: 'the job runner did not answer' }));
  return { ok: database.ok && jobs.ok, checks: { database, jobs } };
}
