/**
 * `datasource-bot worker`: runs index jobs and the schedule sweep, without the Slack app. Several
 * workers (on several machines) share the jobs through MongoDB (`MONGODB_URI`); each takes up to
 * `INDEX_CONCURRENCY` runs at once. Needs `ENCRYPTION_KEY` to open the tokens the Slack app
 * stored. With `SLACK_BOT_TOKEN` (and `SLACK_API_URL` when the app uses one) it reports the runs
 * it executes in Slack as `serve` does: progress message, thread replies, App Home; without it,
 * it says at start-up that its runs will not be reported. The bot token is checked first
 * (`auth.test`): a token Slack refuses, or Slack unreachable, stops the worker with one message
 * naming the setting to fix. On SIGINT or SIGTERM it stops taking jobs, hands its runs back,
 * waits for the reports still queued, closes the store and exits 0.
 */
import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { createLogger, type Logger } from '../../logging/logger';
import { sealedSecretResolver } from '../../runtime/connection-resolvers';
import { createServices, type ServicesOptions } from '../../runtime/services';
import { createSecretBox } from '../../security/secret-box';
import { createSlackReporting, type SlackReporting } from '../../slack/reporting';
import { verifyBotToken } from '../../slack/token-check';
import { EXIT } from '../exit-codes';
import { nextInterrupt } from '../interrupts';

export interface WorkerCommandDeps {
  /** The `loadConfig` variables. */
  env: Record<string, string | undefined>;
  /** Resolves when the worker should stop (a signal arrived). */
  stopRequested: () => Promise<string>;
  /** Overrides for tests of the whole command (short intervals). */
  runner?: ServicesOptions['runner'];
  logger?: Logger;
}

export function register(program: Command, env: Record<string, string | undefined>): void {
  program
    .command('worker')
    .description(
      'Run index jobs (reported in Slack with SLACK_BOT_TOKEN); workers share jobs through MongoDB.',
    )
    .action(async () => {
      process.exitCode = await runWorker(processDeps(env));
      // Agenda leaves a lock-watch timer of up to half a lock lifetime behind; everything this
      // process opened is closed, so leave now rather than minutes later.
      process.exit();
    });
}

function processDeps(env: Record<string, string | undefined>): WorkerCommandDeps {
  return {
    env,
    stopRequested: nextInterrupt,
  };
}

/** Runs a worker until `stopRequested` resolves; returns the exit code. */
export async function runWorker(deps: WorkerCommandDeps): Promise<number> {
  const config = loadConfig(deps.env, ['encryption']);
  const logger = deps.logger ?? createLogger({ level: config.logLevel, base: { role: 'worker' } });
  // With a bot token, runs are reported in Slack as the Slack app's own runner reports them;
  // a token Slack refuses stops the worker before it takes any job.
  const slack = config.slackApi;
  if (slack) await verifyBotToken(slack, logger);
  let reporting: SlackReporting | undefined;
  const services = await createServices(config, logger, {
    resolveConnection: sealedSecretResolver(createSecretBox(config.encryptionKey!)),
    reporter: slack
      ? (store) => {
          reporting = createSlackReporting({ slack, repos: store, logger });
          return reporting.reporter;
        }
      : undefined,
    runner: deps.runner,
    devStoreAdvice:
      'Without MONGODB_URI this worker has an in-process store of its own, which nothing else ' +
      'can reach: set MONGODB_URI to the database the Slack app uses (or to a ' +
      '`datasource-bot dev-store`).',
  });
  if (!slack) {
    logger.warn(
      'SLACK_BOT_TOKEN is not set: the runs this worker executes will not be reported in Slack ' +
        '(no progress, thread replies or App Home updates). Set it, and SLACK_API_URL if the ' +
        'Slack app uses one, to report them.',
    );
  }

  try {
    await services.runner.start();
    logger.info(
      { concurrency: config.indexConcurrency, reportsToSlack: !!slack },
      'worker started',
    );
    const signal = await deps.stopRequested();
    logger.info({ signal }, 'worker stopping');
    await services.runner.stop();
    await reporting?.reporter.idle();
  } finally {
    await services.close();
  }
  logger.info('worker stopped');
  return EXIT.ok;
}
