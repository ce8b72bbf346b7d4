/**
 * `datasource-bot validate-cql "QUERY"`: checks a CQL query locally (position and fix on error)
 * and, with `--url` and a token, asks Confluence for its verdict, the number of matches and the
 * first titles, or explains why nothing matches. Exit codes: 0 valid, 1 invalid or Confluence
 * failed, 2 wrong usage or configuration (see `exit-codes.ts`).
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig, type Config } from '../../config';
import { createConfluenceClientFactory } from '../../confluence/client-factory';
import {
  checkCqlWithConfluence,
  cqlProblemOf,
  formatCqlError,
  parseCql,
  type RemoteCqlResult,
} from '../../cql';
import type { ConfluenceClientFactory } from '../../domain/ports';
import { AppError, toAppError } from '../../errors';
import { createLogger, type Logger } from '../../logging/logger';
import { resolveTarget, type CliTarget } from '../confluence-target';
import { EXIT, exitCodeForError } from '../exit-codes';
import { noMatchesReport, type NoMatches } from '../no-matches-report';
import { forTerminal } from '../remedies';

/** What the command reads and writes; `register` passes the real process streams and env. */
export interface ValidateCqlDeps {
  /** Environment: `CONFLUENCE_TOKEN` and the `loadConfig` variables. */
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Builds the Confluence client factory. Default `createConfluenceClientFactory`. */
  createFactory?: (config: Config, logger: Logger) => ConfluenceClientFactory;
}

const optionsSchema = z.object({
  url: z.string().min(1).optional(),
  token: z.string().min(1, { message: 'must not be empty' }).optional(),
  email: z.email({ message: 'must be an email address' }).optional(),
  deployment: z
    .enum(['cloud', 'datacenter'], { message: 'must be cloud or datacenter' })
    .optional(),
  json: z.boolean().default(false),
  sample: z.coerce
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .min(1, { message: 'must be at least 1' })
    .max(25, { message: 'must be at most 25' })
    .default(5),
});

/** The options as commander hands them over, before validation. */
export interface ValidateCqlOptions {
  url?: string;
  token?: string;
  email?: string;
  deployment?: string;
  json?: boolean;
  sample?: string | number;
}

export function register(program: Command, env: Record<string, string | undefined>): void {
  const deps = processDeps(env);
  program
    .command('validate-cql')
    .description('Check a CQL query locally and, with --url and a token, with Confluence.')
    .argument('<query...>', 'the CQL query, quoted as one argument')
    .option('--url <url>', 'Confluence site to ask, e.g. https://example.atlassian.net/wiki')
    .option('--token <token>', 'API token or personal access token (prefer CONFLUENCE_TOKEN)')
    .option('--email <email>', 'Atlassian account email; selects Confluence Cloud')
    .option(
      '--deployment <kind>',
      'cloud or datacenter (default: cloud with --email or on atlassian.net, else datacenter)',
    )
    .option('--sample <n>', 'how many matching titles to show (1-25)', '5')
    .option('--json', 'print a machine-readable result')
    .action(async (words: string[], options: ValidateCqlOptions) => {
      process.exitCode = await runValidateCql(words, options, deps);
    });
}

function processDeps(env: Record<string, string | undefined>): ValidateCqlDeps {
  return {
    env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
}

/** Runs the command; returns the exit code. Never throws for expected failures. */
export async function runValidateCql(
  words: string[],
  rawOptions: ValidateCqlOptions,
  deps: ValidateCqlDeps,
): Promise<number> {
  const out = new Output(deps, rawOptions.json === true);
  const cql = words.join(' ');
  if (words.length > 1) {
    deps.stderr(
      `note: the query came as ${words.length} separate arguments and was joined with spaces; ` +
        'quote it as one argument so that the shell keeps its quotes.\n',
    );
  }

  const parsedOptions = optionsSchema.safeParse(rawOptions);
  if (!parsedOptions.success) {
    const problems = parsedOptions.error.issues.map((i) => `--${String(i.path[0])} ${i.message}`);
    return out.failure(cql, usageError(`Invalid options: ${problems.join('; ')}.`));
  }
  const options = parsedOptions.data;

  // Local check: always, and the only one without --url.
  try {
    parseCql(cql);
  } catch (error) {
    return out.invalidLocally(cql, toAppError(error));
  }
  if (options.url === undefined) return out.validLocally(cql);

  let target: CliTarget | undefined;
  try {
    target = resolveTarget({ ...options, url: options.url }, { ...deps, command: 'validate-cql' });
    const result = await askConfluence(cql, target, options.sample, deps);
    return out.remote(cql, result);
  } catch (error) {
    return out.failure(cql, forTerminal(toAppError(error), target));
  }
}

/** Builds a client for the target, then runs the remote check. */
async function askConfluence(
  cql: string,
  target: CliTarget,
  sampleSize: number,
  deps: ValidateCqlDeps,
): Promise<RemoteCqlResult & { baseUrl: string }> {
  const config = loadConfig(deps.env);
  const logger = createLogger({ level: config.logLevel });
  const createFactory = deps.createFactory ?? defaultFactory;
  const { deployment, baseUrl, auth } = target;
  const client = createFactory(config, logger)({ deployment, baseUrl, auth });

  const result = await checkCqlWithConfluence(client, cql, { sampleSize });
  return { ...result, baseUrl };
}

function defaultFactory(config: Config, logger: Logger): ConfluenceClientFactory {
  return createConfluenceClientFactory({ ...config.confluence, logger });
}

function usageError(message: string): AppError {
  return new AppError('invalid_input', message, {
    remedies: ['Run datasource-bot validate-cql --help for the options.'],
  });
}

/** Writes results as text for people or as one JSON object, and picks the exit code. */
class Output {
  constructor(
    private readonly deps: ValidateCqlDeps,
    private readonly json: boolean,
  ) {}

  validLocally(cql: string): number {
    if (this.json) return this.emit({ cql, valid: true, checkedWithConfluence: false }, EXIT.ok);
    this.deps.stdout('The query is valid CQL (checked locally; add --url to ask Confluence).\n');
    return EXIT.ok;
  }

  invalidLocally(cql: string, error: AppError): number {
    const problem = cqlProblemOf(error);
    if (this.json) {
      return this.emit(
        { cql, valid: false, checkedWithConfluence: false, error: serialize(error) },
        EXIT.failure,
      );
    }
    const where = problem ? ` (line ${problem.line}, column ${problem.column})` : '';
    const caret = formatCqlError(error, cql);
    this.deps.stderr(`error: ${error.message}${where}\n`);
    if (caret) this.deps.stderr(`${indent(caret)}\n`);
    this.remedies(error);
    return EXIT.failure;
  }

  remote(cql: string, result: RemoteCqlResult & { baseUrl: string }): number {
    if (result.outcome === 'invalid_local') return this.invalidLocally(cql, result.error);
    if (this.json) {
      const { baseUrl, ...rest } = result;
      return this.emit(
        { cql, valid: true, checkedWithConfluence: true, baseUrl, ...rest },
        EXIT.ok,
      );
    }
    if (result.outcome === 'matches') {
      const noun = result.totalSize === 1 ? 'result' : 'results';
      this.deps.stdout(`Confluence accepts the query: ${result.totalSize} ${noun}.\n`);
      if (result.sample.length > 0) this.deps.stdout('First results:\n');
      for (const item of result.sample) {
        this.deps.stdout(`  - ${item.title} (${item.type})${item.url ? `  ${item.url}` : ''}\n`);
      }
      this.missingWarnings(result);
      return EXIT.ok;
    }
    this.deps.stdout(noMatchesReport(result));
    return EXIT.ok;
  }

  /** Names the query uses that do not exist although it matches (a typo shrinks the source). */
  private missingWarnings(result: Partial<Pick<NoMatches, 'missingSpaces' | 'missingContent'>>) {
    const missingSpaces = result.missingSpaces ?? [];
    const missingContent = result.missingContent ?? [];
    if (missingSpaces.length === 0 && missingContent.length === 0) return;
    const headline = 'Warning: some spaces or pages it names are not visible, so they add nothing:';
    // noMatchesReport words each missing name; its "all exist" line cannot show here.
    this.deps.stdout(noMatchesReport({ missingSpaces, missingContent }, headline));
  }

  failure(cql: string, error: AppError): number {
    const code = exitCodeForError(error);
    if (this.json) {
      const valid = error.code === 'invalid_cql' ? false : null;
      return this.emit({ cql, valid, error: serialize(error) }, code);
    }
    const prefix = error.code === 'invalid_cql' ? 'Confluence refused the query: ' : '';
    this.deps.stderr(`error: ${prefix}${error.message}\n`);
    this.remedies(error);
    return code;
  }

  private remedies(error: AppError): void {
    for (const remedy of error.remedies) this.deps.stderr(`  - ${remedy}\n`);
  }

  private emit(value: Record<string, unknown>, code: number): number {
    this.deps.stdout(`${JSON.stringify(value, null, 2)}\n`);
    return code;
  }
}

function serialize(error: AppError): Record<string, unknown> {
  return { ...error.toJSON() };
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
