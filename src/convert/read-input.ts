/**
 * What the `convert` command reads: a storage-format file, or REST content JSON (one content
 * object with `body.storage.value`, an array of them, or a `{ results: [...] }` envelope).
 * Content JSON is mapped with the client's page mapper when it carries what indexing needs;
 * a bare export (no version or links) still converts, with the metadata it has.
 */
import { z } from 'zod';
import { toConfluencePage } from '../confluence/page-mapper';
import type { ConfluencePage } from '../domain/ports';
import { AppError } from '../errors';
import type { ChunkMeta } from './chunker';
import { pageChunkMeta, siteOf } from './page-to-chunks';

/** One page to convert. */
export interface InputPage {
  storage: string;
  /** Site the page belongs to, for resolving site-relative links; absent for bare files. */
  baseUrl?: string;
  /** Chunk metadata without the data source (the command has none). */
  meta: Omit<ChunkMeta, 'dataSourceId'>;
}

export interface ConvertInput {
  pages: InputPage[];
  /** JSON with several pages: the command prints each under its title. */
  multiple: boolean;
}

/** Where the text came from: shown in errors and used as metadata for bare storage files. */
export interface InputSource {
  name: string;
  /** File modification time (or the time of reading, for standard input). */
  modified: Date;
}

const storageContent = z.object({
  id: z.union([z.string(), z.number()]).transform(String).optional(),
  title: z.string().optional(),
  version: z.object({ number: z.number().int() }).optional(),
  space: z.object({ key: z.string() }).optional(),
  body: z.object({ storage: z.object({ value: z.string() }) }),
});

const envelope = z.object({
  results: z.array(z.unknown()),
  _links: z.object({ base: z.string().optional() }).optional(),
});

function invalid(source: InputSource, problem: string): AppError {
  return new AppError('invalid_input', `${source.name}: ${problem}`, {
    remedies: [
      'Give a storage-format file (.xhtml/.xml/.html) or Confluence REST content JSON ' +
        'fetched with expand=body.storage.',
    ],
  });
}

/** Metadata for input that is not a full page: what is `known`, empty for the rest. */
function bareMeta(source: InputSource, known: Partial<InputPage['meta']>): InputPage['meta'] {
  return {
    pageId: '',
    title: '',
    breadcrumb: [],
    spaceKey: '',
    url: '',
    labels: [],
    version: 0,
    lastModified: source.modified,
    ...known,
  };
}

function fromPage(page: ConfluencePage): InputPage {
  return { storage: page.storage, baseUrl: siteOf(page.url), meta: pageChunkMeta(page) };
}

/** One content object: fully mapped when possible, else with the fields it has. */
function contentPage(json: unknown, base: string | undefined, source: InputSource, where: string) {
  const parsed = storageContent.safeParse(json);
  if (!parsed.success) {
    throw invalid(source, `${where} is not Confluence content with body.storage.value.`);
  }
  try {
    return fromPage(toConfluencePage(json, base));
  } catch {
    const content = parsed.data;
    const meta = bareMeta(source, {
      pageId: content.id ?? '',
      title: content.title ?? '',
      spaceKey: content.space?.key ?? '',
      version: content.version?.number ?? 0,
    });
    return { storage: content.body.storage.value, meta };
  }
}

function fromJson(text: string, source: InputSource): ConvertInput {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalid(source, `looks like JSON but cannot be read (${(error as Error).message}).`);
  }
  if (json === null || typeof json !== 'object') {
    throw invalid(source, 'is JSON but not Confluence content (expected a page object or a list).');
  }
  const wrapped = envelope.safeParse(json);
  const items = Array.isArray(json) ? json : wrapped.success ? wrapped.data.results : undefined;
  if (items?.length === 0) throw invalid(source, 'holds an empty list: no page to convert.');
  if (items === undefined) {
    return { pages: [contentPage(json, undefined, source, 'the JSON')], multiple: false };
  }
  const base = wrapped.success ? wrapped.data._links?.base : undefined;
  const pages = items.map((item, i) => contentPage(item, base, source, `result ${i + 1}`));
  return { pages, multiple: true };
}

function baseName(name: string): string {
  return (name.split(/[\\/]/).pop() ?? name).replace(/\.[^.]*$/, '');
}

/** Reads the text of a file given to `convert`. Throws `invalid_input` for unusable JSON. */
export function readConvertInput(text: string, source: InputSource): ConvertInput {
  const trimmed = text.trimStart();
  if (trimmed === '') throw invalid(source, 'is empty.');
  const looksJson = trimmed.startsWith('{') || trimmed.startsWith('[');
  if (looksJson || /\.json$/i.test(source.name)) return fromJson(trimmed, source);
  const meta = bareMeta(source, { title: baseName(source.name) });
  return { pages: [{ storage: text, meta }], multiple: false };
}
