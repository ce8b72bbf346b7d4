/**
 * `datasource-bot search [--datasource NAME] [--space KEY] [--label L] [--limit N] [--json] QUERY`:
 * full-text search over indexed chunks, all data sources of the command line (team `cli`) or the
 * one named. Prints title, breadcrumb, link, snippet and score per hit, or with `--json` an object
 * with the hits. When filters leave nothing, it says which of them left out the pages the words
 * match (`empty-search.ts`). Needs MONGODB_URI: without it there is no index to search. Exit
 * codes: 0 (also when nothing matches), 1 failed, 2 wrong usage or configuration.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../config';
import type { SearchHit } from '../../domain/models';
import type { SearchFilters } from '../../domain/ports';
import { AppError, toAppError } from '../../errors';
import { createLogger } from '../../logging/logger';
import { CLI_TEAM } from '../../runtime/cli-data-source';
import { fixedTokenResolver } from '../../runtime/connection-resolvers';
import { createServices, type Services } from '../../runtime/services';
import {
  describeEmptySearch,
  explainEmptySearch,
  type EmptySearchExplanation,
  type GivenFilters,
} from '../empty-search';
import { EXIT, exitCodeForError } from '../exit-codes';

export interface SearchCommandDeps {
  /** The `loadConfig` variables. */
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const optionsSchema = z.object({
  datasource: z.string().trim().min(1, { message: 'must not be empty' }).optional(),
  space: z.array(z.string().trim().min(1)).default([]),
  label: z.array(z.string().trim().min(1)).default([]),
  limit: z.coerce
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .min(1, { message: 'must be at least 1' })
    .max(100, { message: 'must be at most 100' })
    .default(10),
  json: z.boolean().default(false),
});

/** The options as commander hands them over, before validation. */
export interface SearchCommandOptions {
  datasource?: string;
  space?: string[];
  label?: string[];
  limit?: string | number;
  json?: boolean;
}

export function register(program: Command, env: Record<string, string | undefined>): void {
  const deps = processDeps(env);
  const collect = (value: string, previous: string[] = []) => [...previous, value];
  program
    .command('search')
    .description('Search the indexed pages (MongoDB text search).')
    .argument('<query...>', 'words to look for')
    .option('--datasource <name>', 'only this data source (made by `datasource-bot index`)')
    .option('--space <key>', 'only pages of this space (repeatable)', collect)
    .option('--label <label>', 'only pages with this label (repeatable)', collect)
    .option('--limit <n>', 'most hits to show (1-100)', '10')
    .option('--json', 'print a machine-readable result')
    .action(async (words: string[], options: SearchCommandOptions) => {
      process.exitCode = await runSearchCommand(words.join(' '), options, deps);
    });
}

function processDeps(env: Record<string, string | undefined>): SearchCommandDeps {
  return {
    env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
}

/** Runs the command; returns the exit code. Never throws for expected failures. */
export async function runSearchCommand(
  query: string,
  rawOptions: SearchCommandOptions,
  deps: SearchCommandDeps,
): Promise<number> {
  const json = rawOptions.json === true;
  let services: Services | null = null;
  try {
    const options = parseOptions(query, rawOptions);
    const config = loadConfig(deps.env);
    if (!config.mongo.uri) throw nothingToSearch();
    const logger = createLogger({ level: deps.env.LOG_LEVEL ? config.logLevel : 'warn' });
    services = await createServices(config, logger, {
      // Searching never reaches Confluence; no token is needed.
      resolveConnection: fixedTokenResolver(''),
    });

    const dataSource = options.datasource
      ? { id: await dataSourceId(services, options.datasource), name: options.datasource }
      : undefined;
    const given: GivenFilters = { spaceKeys: options.space, labels: options.label, dataSource };
    const filters: SearchFilters = {
      spaceKeys: options.space.length > 0 ? options.space : undefined,
      labels: options.label.length > 0 ? options.label : undefined,
      limit: options.limit,
      dataSourceIds: dataSource ? [dataSource.id] : undefined,
    };
    const hits = await services.store.search.search(query, filters);

    // Nothing found with filters: say which of them left out the pages the words match.
    const filtered = filters.spaceKeys ?? filters.labels ?? filters.dataSourceIds;
    const why =
      hits.length === 0 && filtered
        ? await explainEmptySearch(services.store.search, query, given)
        : undefined;
    if (json) deps.stdout(`${JSON.stringify({ query, hits, ...(why ? { why } : {}) }, null, 2)}\n`);
    else printHits(query, hits, why, deps);
    return EXIT.ok;
  } catch (error) {
    return reportError(toAppError(error), json, deps);
  } finally {
    await services?.close();
  }
}

function parseOptions(query: string, rawOptions: SearchCommandOptions) {
  if (query.trim() === '') throw usageError('The search query is empty.');
  const parsed = optionsSchema.safeParse(rawOptions);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `--${String(i.path[0])} ${i.message}`);
    throw usageError(`Invalid options: ${problems.join('; ')}.`);
  }
  return parsed.data;
}

/** The id of the command line's data source with this name; `not_found` lists the names. */
async function dataSourceId(services: Services, name: string): Promise<string> {
  const [found] = await services.store.dataSources.findByName(CLI_TEAM, name);
  if (found) return found.id;
  const known = (await services.store.dataSources.list(CLI_TEAM)).map((ds) => `"${ds.name}"`);
  throw new AppError('not_found', `No data source is named "${name}".`, {
    remedies: [
      known.length > 0
        ? `Data sources: ${known.slice(0, 10).join(', ')}.`
        : 'None exists yet: create one with `datasource-bot index`.',
      'If `index` ran without MONGODB_URI, its data is gone: run `datasource-bot dev-store` and ' +
        'set MONGODB_URI for both commands.',
    ],
  });
}

function printHits(
  query: string,
  hits: SearchHit[],
  why: EmptySearchExplanation | undefined,
  deps: SearchCommandDeps,
): void {
  if (hits.length === 0) {
    deps.stdout(`No indexed page matches "${query}"${why ? ' with these filters' : ''}.\n`);
    if (why) deps.stdout(describeEmptySearch(why));
    return;
  }
  hits.forEach((hit, i) => {
    const path = [hit.spaceKey, ...hit.breadcrumb].join(' > ');
    deps.stdout(`${i + 1}. ${hit.title}  (score ${hit.score.toFixed(2)})\n`);
    deps.stdout(`   ${path}\n   ${hit.url}\n`);
    deps.stdout(`   ${hit.snippet.replace(/\s+/g, ' ').trim()}\n\n`);
  });
}

function reportError(error: AppError, json: boolean, deps: SearchCommandDeps): number {
  const code = exitCodeForError(error);
  if (json) {
    deps.stdout(`${JSON.stringify({ error: error.toJSON() }, null, 2)}\n`);
    return code;
  }
  deps.stderr(`error: ${error.message}\n`);
  for (const remedy of error.remedies) deps.stderr(`  - ${remedy}\n`);
  return code;
}

/** Without MONGODB_URI the store would be a new, empty one in this process. */
function nothingToSearch(): AppError {
  return new AppError(
    'config_invalid',
    'No MONGODB_URI is set, so there is no index to search: without it, `index` keeps its data ' +
      'in its own process only, and it is gone when that ends.',
    {
      remedies: [
        'Run `datasource-bot dev-store` in another terminal, export the MONGODB_URI it prints, ' +
          'run `datasource-bot index` again, then search.',
      ],
    },
  );
}

function usageError(message: string): AppError {
  return new AppError('invalid_input', message, {
    remedies: ['Run datasource-bot search --help for the options.'],
  });
}
