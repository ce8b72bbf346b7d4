/**
 * `datasource-bot convert FILE`: prints the Markdown the indexer would make of a Confluence page
 * (a storage-format file or REST content JSON), or with `--chunks` the chunks as JSON lines.
 * `-` reads standard input. A file that cannot be read or understood, is not text or is larger
 * than 20 MB exits with code 2.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../config';
import { chunkPage, type ChunkOptions } from '../../convert/chunker';
import { type InputPage, type InputSource, readConvertInput } from '../../convert/read-input';
import { storageToMarkdown } from '../../convert/storage-to-markdown';
import { AppError } from '../../errors';
import { MAX_TEXT_INPUT_BYTES, readTextInput, tooLarge } from '../text-input';

/** Chunks printed by this command belong to no data source. */
const CLI_DATA_SOURCE = 'cli';

/** What the command uses from the process; tests give their own. */
export interface ConvertDeps {
  /** Variables for the chunking defaults (CHUNK_SIZE, CHUNK_OVERLAP). */
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  /** Standard input, as it arrives (read only for `-`). */
  stdin: () => AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;
  /** The time of reading, used as last-modified time for standard input. */
  now: () => Date;
}

/** A whole number of characters between `min` and `max`, as typed on the command line. */
const characters = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { message: 'must be a whole number of characters' })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { message: `must be at least ${min}` })
        .max(max, { message: `must be at most ${max}` }),
    );

const optionsSchema = z.object({
  chunks: z.boolean().optional(),
  chunkSize: characters(20, 100000).optional(),
  overlap: characters(0, 100000).optional(),
});
type ConvertFlags = z.infer<typeof optionsSchema>;

function parseFlags(raw: unknown): ConvertFlags {
  const parsed = optionsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const flag = (key: PropertyKey) => String(key).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const problems = parsed.error.issues.map((issue) => `--${flag(issue.path[0])} ${issue.message}`);
  throw new AppError('invalid_input', `Invalid option: ${problems.join('; ')}.`, {
    remedies: [
      'Give --chunk-size and --overlap as whole numbers of characters, e.g. 1500 and 150.',
    ],
  });
}

/**
 * Flags first, then the configured CHUNK_SIZE and CHUNK_OVERLAP. A configured overlap too big for
 * a smaller `--chunk-size` becomes a tenth of it.
 */
function chunkOptions(flags: ConvertFlags, env: ConvertDeps['env']): ChunkOptions {
  const needsConfig = flags.chunkSize === undefined || flags.overlap === undefined;
  const configured = needsConfig ? loadConfig(env).chunking : undefined;
  const size = flags.chunkSize ?? configured?.size ?? 1500;
  const overlap = flags.overlap ?? configured?.overlap ?? 150;
  if (flags.overlap === undefined && overlap >= size)
    return { size, overlap: Math.floor(size / 10) };
  return { size, overlap };
}

/** Reads the file (or standard input for `-`) as text, within the size limit. */
async function readSource(
  file: string,
  deps: ConvertDeps,
): Promise<{ text: string; source: InputSource }> {
  if (file === '-') {
    const text = await readTextInput(deps.stdin(), 'Standard input');
    return { text, source: { name: 'stdin', modified: deps.now() } };
  }
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw cannotRead(file, 'it is a directory');
    // A regular file's size is known; devices and pipes are cut off while reading.
    if (info.isFile() && info.size > MAX_TEXT_INPUT_BYTES) throw tooLarge(file);
    const text = await readTextInput(createReadStream(file), file);
    return { text, source: { name: file, modified: info.mtime } };
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw cannotRead(file, code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable'), error);
  }
}

function cannotRead(file: string, why: string, error?: unknown): AppError {
  return new AppError('invalid_input', `Cannot read ${file}: ${why}.`, {
    remedies: ['Check the path, or give - to read the page from standard input.'],
    cause: error,
  });
}

function markdownOf(page: InputPage): string {
  return storageToMarkdown(page.storage, { baseUrl: page.baseUrl });
}

function printMarkdown(pages: InputPage[], multiple: boolean, deps: ConvertDeps): void {
  const texts = pages.map((page) => {
    const markdown = markdownOf(page);
    if (!multiple) return markdown;
    return [`# ${page.meta.title || page.meta.pageId}`, markdown].filter(Boolean).join('\n\n');
  });
  deps.stdout(`${texts.join('\n\n')}\n`);
}

function printChunks(pages: InputPage[], options: ChunkOptions, deps: ConvertDeps): void {
  for (const page of pages) {
    const meta = { ...page.meta, dataSourceId: CLI_DATA_SOURCE };
    for (const chunk of chunkPage(markdownOf(page), meta, options)) {
      deps.stdout(`${JSON.stringify(chunk)}\n`);
    }
  }
}

/** Runs `convert FILE` with the parsed commander options. Throws `AppError`s (exit code 2). */
export async function runConvert(
  file: string,
  rawFlags: unknown,
  deps: ConvertDeps,
): Promise<void> {
  const flags = parseFlags(rawFlags);
  const { text, source } = await readSource(file, deps);
  const input = readConvertInput(text, source);
  if (flags.chunks) printChunks(input.pages, chunkOptions(flags, deps.env), deps);
  else printMarkdown(input.pages, input.multiple, deps);
}

function processDeps(env: Record<string, string | undefined>): ConvertDeps {
  return {
    env,
    stdout: (text) => process.stdout.write(text),
    stdin: () => process.stdin,
    now: () => new Date(),
  };
}

export function register(program: Command, env: Record<string, string | undefined>): void {
  const deps = processDeps(env);
  program
    .command('convert')
    .description(
      'Print the Markdown of a Confluence page: a storage-format file or REST content JSON ' +
        '(one page, an array, or {"results": [...]}).',
    )
    .argument('<file>', 'the file to convert; - reads standard input')
    .option('--chunks', 'print the chunks the indexer would store, as JSON lines')
    .option('--chunk-size <characters>', 'largest chunk (default: CHUNK_SIZE, 1500)')
    .option('--overlap <characters>', 'text repeated between chunks (default: CHUNK_OVERLAP, 150)')
    .action((file: string, flags: unknown) => runConvert(file, flags, deps));
}
