/**
 * `datasource-bot worker`: runs index jobs and the schedule sweep, without Slack. Several workers
 * (on several machines) share the jobs through MongoDB (`MONGODB_URI`); each takes up to
 * `INDEX_CONCURRENCY` runs at once. Needs `ENCRYPTION_KEY` to open the tokens the Slack app
 * stored. On SIGINT or SIGTERM it stops taking jobs, hands its runs back, closes the store and
 * exits 0.
 */
import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { createLogger, type Logger } from '../../logging/logger';
import { sealedSecretResolver } from '../../runtime/connection-resolvers';
import { createServices, type ServicesOptions } from '../../runtime/services';
import { createSecretBox } from '../../security/secret-box';
import { EXIT } from '../exit-codes';

export interface WorkerCommandDeps {
  /** The `loadConfig` variables. */
  env: Record<string, string | undefined>;
  /** Resolves when the worker should stop (a signal arrived). */
  stopRequested: () => Promise<string>;
  /** Overrides for tests of the whole command (short intervals). */
  runner?: ServicesOptions['runner'];
  logger?: Logger;
}

export function register(program: Command): void {
  program
    .command('worker')
    .description('Run index jobs (no Slack); several workers share the jobs through MongoDB.')
    .action(async () => {
      process.exitCode = await runWorker(processDeps());
      // Agenda leaves a lock-watch timer of up to half a lock lifetime behind; everything this
      // process opened is closed, so leave now rather than minutes later.
      process.exit();
    });
}

function processDeps(): WorkerCommandDeps {
  return {
    env: process.env,
    stopRequested: () =>
      new Promise((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      }),
  };
}

/** Runs a worker until `stopRequested` resolves; returns the exit code. */
export async function runWorker(deps: WorkerCommandDeps): Promise<number> {
  const config = loadConfig(deps.env, ['encryption']);
  const logger = deps.logger ?? createLogger({ level: config.logLevel, base: { role: 'worker' } });
  const services = await createServices(config, logger, {
    resolveConnection: sealedSecretResolver(createSecretBox(config.encryptionKey!)),
    runner: deps.runner,
    devStoreAdvice:
      'Without MONGODB_URI this worker has an in-process store of its own, which nothing else ' +
      'can reach: set MONGODB_URI to the database the Slack app uses (or to a ' +
      '`datasource-bot dev-store`).',
  });

  try {
    await services.runner.start();
    logger.info({ concurrency: config.indexConcurrency }, 'worker started');
    const signal = await deps.stopRequested();
    logger.info({ signal }, 'worker stopping');
  } finally {
    await services.close();
  }
  logger.info('worker stopped');
  return EXIT.ok;
}
