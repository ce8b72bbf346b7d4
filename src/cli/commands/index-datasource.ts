/**
 * `datasource-bot index --url URL [--email EMAIL] [--deployment KIND] --cql QUERY [--name NAME]
 * [--json]`: creates or updates a data source (team and project `cli`) and indexes it in the
 * foreground, with a progress bar on a terminal, plain progress lines otherwise, and a one-line
 * summary (or, with `--json`, a summary object on stdout). The token comes from
 * `CONFLUENCE_TOKEN` or `--token`. The site is reached as `resolveTarget` decides: `--deployment`
 * wins, `--email` selects Confluence Cloud (email + API token), otherwise Data Center (personal
 * access token) unless the URL is an `atlassian.net` site. Exit codes: 0 completed, 3 completed
 * with failed pages, 1 failed, 2 wrong usage or configuration; stopped by a signal (the run is
 * then cancelled), 128 + its number: 130 Ctrl-C, 143 SIGTERM, 129 SIGHUP.
 */
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../config';
import { formatCqlError, parseCql } from '../../cql';
import type { IndexRun } from '../../domain/models';
import { AppError, isAppError, toAppError } from '../../errors';
import { createLogger } from '../../logging/logger';
import { redactString } from '../../logging/redact';
import { ensureCliDataSource, type CliDataSourceRequest } from '../../runtime/cli-data-source';
import { fixedTokenResolver } from '../../runtime/connection-resolvers';
import { createServices } from '../../runtime/services';
import { resolveTarget, type CliTarget } from '../confluence-target';
import { EXIT, exitCodeForSignal, exitCodeForError } from '../exit-codes';
import { describeNoPages, explainNoPages, type NoPagesExplanation } from '../explain-no-pages';
import { onProcessInterrupt, type InterruptSignal } from '../interrupts';
import { forTerminal, serializedForTerminal } from '../remedies';

/** What the command reads and writes; `register` passes the real process. */
export interface IndexCommandDeps {
  /** `CONFLUENCE_TOKEN` and the `loadConfig` variables. */
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (a progress bar) or not (plain lines). */
  isTTY: boolean;
  /**
   * Calls `handler` on Ctrl-C, SIGTERM or SIGHUP until the returned function is called.
   * Default `onProcessInterrupt`.
   */
  onInterrupt: (handler: (signal: InterruptSignal) => void) => () => void;
  /** Milliseconds, for the elapsed time. Default `Date.now`. */
  clock?: () => number;
}

/** A required option: commander leaves the check to us, after it reported unknown options. */
const required = () =>
  z.string({ message: 'is required' }).trim().min(1, { message: 'must not be empty' });

const optionsSchema = z.object({
  url: required(),
  email: z.email({ message: 'must be an email address' }).optional(),
  deployment: z
    .enum(['cloud', 'datacenter'], { message: 'must be cloud or datacenter' })
    .optional(),
  cql: required(),
  name: z.string().trim().min(1, { message: 'must not be empty' }).max(100).optional(),
  json: z.boolean().default(false),
  token: z.string().trim().min(1, { message: 'must not be empty' }).optional(),
});

/** The options as commander hands them over, before validation. */
export interface IndexCommandOptions {
  url?: string;
  email?: string;
  deployment?: string;
  cql?: string;
  name?: string;
  json?: boolean;
  token?: string;
}

/** What `--json` prints. */
export interface IndexSummary {
  dataSource: string;
  dataSourceId: string;
  runId: string;
  status: IndexRun['status'];
  pagesFound: number;
  indexed: number;
  unchanged: number;
  removed: number;
  failed: number;
  skipped: number;
  chunks: number;
  elapsedMs: number;
  failures: IndexRun['failures'];
  error: IndexRun['error'];
  /** After a run that found no pages: why, as Confluence sees the query. */
  noPages?: NoPagesExplanation;
}

export function register(program: Command, env: Record<string, string | undefined>): void {
  const deps = processDeps(env);
  program
    .command('index')
    .description('Index the Confluence pages a CQL query matches, in the foreground.')
    .option('--url <url>', 'Confluence site, e.g. https://confluence.example.com (required)')
    .option('--email <email>', 'Atlassian account email; selects Confluence Cloud')
    .option(
      '--deployment <kind>',
      'cloud or datacenter (default: cloud with --email or on atlassian.net, else datacenter)',
    )
    .option('--cql <query>', 'CQL query of the pages to index (required)')
    .option('--name <name>', 'data source name (default: the query); reused on later runs')
    .option('--token <token>', 'API token or personal access token (prefer CONFLUENCE_TOKEN)')
    .option('--json', 'print a machine-readable summary on stdout')
    .action(async (options: IndexCommandOptions) => {
      process.exitCode = await runIndexCommand(options, deps);
    });
}

function processDeps(env: Record<string, string | undefined>): IndexCommandDeps {
  return {
    env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: process.stderr.isTTY === true,
    onInterrupt: onProcessInterrupt,
  };
}

/** Runs the command; returns the exit code. Never throws for expected failures. */
export async function runIndexCommand(
  rawOptions: IndexCommandOptions,
  deps: IndexCommandDeps,
): Promise<number> {
  const json = rawOptions.json === true;
  let request: IndexRequest | undefined;
  try {
    request = parseRequest(rawOptions, deps);
    return await indexInForeground(request, deps);
  } catch (error) {
    const forUser = forTerminal(toAppError(error), request?.target);
    return reportError(forUser, rawOptions.cql ?? '', json, deps);
  }
}

interface IndexRequest extends CliDataSourceRequest {
  target: CliTarget;
  json: boolean;
}

/** Validates the options, the query (locally) and the address; throws usage errors. */
function parseRequest(rawOptions: IndexCommandOptions, deps: IndexCommandDeps): IndexRequest {
  const parsed = optionsSchema.safeParse(rawOptions);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `--${String(i.path[0])} ${i.message}`);
    throw usageError(`Invalid options: ${problems.join('; ')}.`);
  }
  const options = parsed.data;
  parseCql(options.cql);

  const target = resolveTarget(options, { ...deps, command: 'index' });
  return {
    target,
    deployment: target.deployment,
    baseUrl: target.baseUrl,
    email: target.email,
    token: target.token,
    cql: options.cql,
    name: options.name ?? options.cql.slice(0, 100),
    json: options.json,
  };
}

async function indexInForeground(request: IndexRequest, deps: IndexCommandDeps): Promise<number> {
  const clock = deps.clock ?? Date.now;
  const config = loadConfig(deps.env);
  // A foreground command shows its own progress; the log says only what goes wrong, unless asked.
  const logger = createLogger({ level: deps.env.LOG_LEVEL ? config.logLevel : 'warn' });
  const services = await createServices(config, logger, {
    resolveConnection: fixedTokenResolver(request.token),
  });

  // The first interrupt cancels the run; it then ends as cancelled and the command exits.
  const controller = new AbortController();
  let interruptedBy: InterruptSignal | null = null;
  const stopListening = deps.onInterrupt((signal) => {
    interruptedBy ??= signal;
    controller.abort();
  });
  try {
    const dataSource = await ensureCliDataSource(services.store, request);
    if (interruptedBy !== null) return interrupted(interruptedBy, false, deps);
    const progress = request.json ? null : createProgress(deps);
    const started = clock();
    const run = await services.runner.runNow(dataSource.id, 'cli', {
      signal: controller.signal,
      onProgress: (r) => progress?.update(r),
    });
    progress?.stop(run);

    const summary = summarize(dataSource, run, clock() - started, request.target);
    if (run.status === 'completed' && run.counts.found === 0) {
      const client = services.clientFactory(request.target);
      const why = await explainNoPages(client, request.cql, controller.signal);
      if (why) summary.noPages = why;
    }
    if (request.json) deps.stdout(`${JSON.stringify(summary, null, 2)}\n`);
    else printSummary(summary, deps);
    if (run.status === 'cancelled' && interruptedBy !== null) {
      return interrupted(interruptedBy, true, deps);
    }
    return exitCodeOf(run);
  } finally {
    stopListening();
    await services.close();
  }
}

function summarize(
  dataSource: { id: string; name: string },
  run: IndexRun,
  elapsedMs: number,
  target: CliTarget,
): IndexSummary {
  return {
    dataSource: dataSource.name,
    dataSourceId: dataSource.id,
    runId: run.id,
    status: run.status,
    pagesFound: run.counts.found,
    indexed: run.counts.indexed,
    unchanged: run.counts.unchanged,
    removed: run.counts.removed,
    failed: run.counts.failed,
    skipped: run.counts.skipped,
    chunks: run.counts.chunks,
    elapsedMs,
    failures: run.failures,
    error: run.error ? serializedForTerminal(run.error, target) : null,
  };
}

function printSummary(summary: IndexSummary, deps: IndexCommandDeps): void {
  const seconds = (summary.elapsedMs / 1000).toFixed(1);
  const verb = { completed: 'Indexed', completed_with_failures: 'Indexed with failures' }[
    summary.status as 'completed' | 'completed_with_failures'
  ];
  deps.stdout(
    `${verb ?? `Run ${summary.status.replace(/_/g, ' ')}:`} "${summary.dataSource}": ` +
      `${summary.pagesFound} pages found, ${summary.indexed} indexed, ` +
      `${summary.unchanged} unchanged, ${summary.removed} removed, ${summary.failed} failed, ` +
      `${summary.chunks} chunks in ${seconds} s.\n`,
  );
  for (const failure of summary.failures.slice(0, 10)) {
    deps.stderr(`  failed: ${failure.title} (${failure.pageId}): ${failure.reason}\n`);
  }
  if (summary.failed > 10) deps.stderr(`  ... and ${summary.failed - 10} more failed pages.\n`);
  if (summary.noPages) deps.stderr(describeNoPages(summary.noPages));
  if (summary.error) {
    deps.stderr(`error: ${summary.error.message}\n`);
    for (const remedy of summary.error.remedies) deps.stderr(`  - ${remedy}\n`);
  }
}

/** Says what the interrupt did; returns the exit code. */
function interrupted(signal: InterruptSignal, runStarted: boolean, deps: IndexCommandDeps): number {
  const what = runStarted ? 'the run was cancelled' : 'no run was started';
  deps.stderr(`Interrupted by ${signal}: ${what}.\n`);
  return exitCodeForSignal(signal);
}

function exitCodeOf(run: IndexRun): number {
  if (run.status === 'completed') return EXIT.ok;
  if (run.status === 'completed_with_failures') return EXIT.partial;
  return EXIT.failure;
}

interface Progress {
  update(run: IndexRun): void;
  stop(run: IndexRun): void;
}

/** A bar on a terminal; elsewhere a plain line at most every two seconds. */
function createProgress(deps: IndexCommandDeps): Progress {
  const clock = deps.clock ?? Date.now;
  if (!deps.isTTY) {
    let last = -Infinity;
    return {
      update(run) {
        if (clock() - last < 2000) return;
        last = clock();
        const c = run.counts;
        deps.stderr(
          `progress: ${c.processed} of ${c.found} pages (${c.indexed} indexed, ` +
            `${c.unchanged} unchanged, ${c.failed} failed)\n`,
        );
      },
      stop() {},
    };
  }

  const bar = new SingleBar(
    {
      format: 'Indexing [{bar}] {value}/{total} pages | {indexed} indexed, {failed} failed',
      stream: process.stderr,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  bar.start(0, 0, { indexed: 0, failed: 0 });
  const show = (run: IndexRun) => {
    bar.setTotal(run.counts.found);
    bar.update(run.counts.processed, { indexed: run.counts.indexed, failed: run.counts.failed });
  };
  return {
    update: show,
    stop(run) {
      show(run);
      bar.stop();
    },
  };
}

function reportError(error: AppError, cql: string, json: boolean, deps: IndexCommandDeps): number {
  const code = exitCodeForError(error);
  if (json) {
    deps.stdout(`${JSON.stringify({ status: 'error', error: error.toJSON() }, null, 2)}\n`);
    return code;
  }
  deps.stderr(`error: ${error.message}\n`);
  if (isAppError(error, 'invalid_cql')) {
    const caret = formatCqlError(error, cql);
    if (caret) deps.stderr(`${caret.replace(/^/gm, '  ')}\n`);
  }
  for (const remedy of error.remedies) deps.stderr(`  - ${remedy}\n`);
  if (error.code === 'internal' && error.cause !== undefined) {
    deps.stderr(`  (cause: ${redactString(String(error.cause)).slice(0, 500)})\n`);
  }
  return code;
}

function usageError(message: string): AppError {
  return new AppError('invalid_input', message, {
    remedies: ['Run datasource-bot index --help for the options.'],
  });
}
