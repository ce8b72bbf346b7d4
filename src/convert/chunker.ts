/**
 * Cuts a page's Markdown into bounded chunks along its heading structure, for indexing. Called by
 * `pageToChunks` (indexing) and the `convert --chunks` command. Each chunk stays within one
 * section (the text under one heading), carries the headings above it, and is at most `size`
 * characters, except when a single code line or table row is longer on its own. Code fences
 * and table rows are never cut: an oversized fence is split between lines and closed/re-opened,
 * an oversized table between rows with its header repeated. Consecutive chunks of one section
 * share a small overlap of text. Deterministic: the same input always gives the same chunks.
 */
import type { Chunk } from '../domain/models';
import { AppError } from '../errors';
import { readSections } from './markdown-units';
import { MIN_PIECE, SectionPacker } from './section-packer';

/** What every chunk of a page carries besides its text. */
export interface ChunkMeta {
  dataSourceId: string;
  pageId: string;
  title: string;
  /** Ancestor titles, root first. */
  breadcrumb: string[];
  spaceKey: string;
  url: string;
  labels: string[];
  version: number;
  lastModified: Date;
}

export interface ChunkOptions {
  /** Largest chunk, in characters (configuration `CHUNK_SIZE`, default 1500). */
  size: number;
  /** Characters of text repeated from the previous chunk of the same section (default 150). */
  overlap: number;
}

/** A chunk ready to be stored: the `Chunk` record. */
export type ChunkDraft = Chunk;

function checkOptions(options: ChunkOptions): void {
  const { size, overlap } = options;
  if (!Number.isInteger(size) || size < MIN_PIECE) {
    throw new AppError(
      'invalid_input',
      `Chunk size must be a whole number of at least ${MIN_PIECE}.`,
      {
        details: { size },
        remedies: ['Use a chunk size such as 1500 characters.'],
      },
    );
  }
  if (!Number.isInteger(overlap) || overlap < 0 || overlap >= size) {
    throw new AppError('invalid_input', 'Chunk overlap must be a whole number below the size.', {
      details: { size, overlap },
      remedies: ['Use an overlap of about a tenth of the chunk size, such as 150.'],
    });
  }
}

/** Cuts a page's Markdown into chunks carrying the page's metadata. No text, no chunks. */
export function chunkPage(markdown: string, meta: ChunkMeta, options: ChunkOptions): ChunkDraft[] {
  checkOptions(options);
  const chunks: ChunkDraft[] = [];
  const add = (text: string, headingPath: string[]) =>
    chunks.push({
      dataSourceId: meta.dataSourceId,
      pageId: meta.pageId,
      version: meta.version,
      index: chunks.length,
      text,
      headingPath: [...headingPath],
      title: meta.title,
      breadcrumb: [...meta.breadcrumb],
      spaceKey: meta.spaceKey,
      url: meta.url,
      labels: [...meta.labels],
      lastModified: new Date(meta.lastModified.getTime()),
    });

  // Headings with no text of their own lead into the next section's first chunk.
  let lead: string[] = [];
  let leadPath: string[] = [];
  for (const section of readSections(markdown)) {
    if (section.units.length === 0) {
      lead.push(section.heading ?? '');
      leadPath = section.headingPath;
      continue;
    }
    const opening = [...lead, section.heading ?? ''].filter((line) => line !== '').join('\n\n');
    const packer = new SectionPacker(options, opening);
    for (const unit of section.units) packer.add(unit);
    for (const text of packer.finish()) add(text, section.headingPath);
    lead = [];
  }
  if (lead.length > 0) add(lead.join('\n\n'), leadPath);
  return chunks;
}
