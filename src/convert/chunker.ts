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
import { readSections, type Section, type Unit } from './markdown-units';
import { splitUnit } from './split-unit';

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

const MIN_SIZE = 20;

function checkOptions(options: ChunkOptions): void {
  const { size, overlap } = options;
  if (!Number.isInteger(size) || size < MIN_SIZE) {
    throw new AppError(
      'invalid_input',
      `Chunk size must be a whole number of at least ${MIN_SIZE}.`,
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

/** The end of a text, at most `length` characters, starting at a sentence or word. */
function tail(text: string, length: number): string {
  if (length === 0) return '';
  if (text.length <= length) return text.trim();
  const end = text.slice(-length);
  const sentence = /[.!?…][)"'\]]*\s+(?=\S)/.exec(end);
  if (sentence && sentence.index + sentence[0].length < end.length / 2) {
    return end.slice(sentence.index + sentence[0].length).trim();
  }
  const space = end.search(/\s/);
  return space < 0 ? '' : end.slice(space).trim();
}

interface Draft {
  text: string;
  /** The last piece added, for the overlap of the next chunk. */
  last?: Unit;
  /** Whether it holds more than a heading line or an overlap. */
  hasContent: boolean;
}

/**
 * Packs one section's units into chunk texts. `lead` is the heading lines of sections without
 * text just before this one; the first chunk starts with them.
 */
function packSection(section: Section, lead: string, options: ChunkOptions): string[] {
  const { size, overlap } = options;
  const texts: string[] = [];
  let draft: Draft = {
    text: [lead, section.heading ?? ''].filter((part) => part !== '').join('\n\n'),
    hasContent: false,
  };
  // Later pieces of a cut unit leave room for the overlap carried into their chunk.
  const restBudget = Math.max(MIN_SIZE, size - (overlap > 0 ? overlap + 2 : 0));

  const room = (joint: string) => size - draft.text.length - (draft.text === '' ? 0 : joint.length);
  const append = (piece: Unit) => {
    draft.text = draft.text === '' ? piece.text : draft.text + piece.joint + piece.text;
    draft.last = piece;
    draft.hasContent = true;
  };
  const startNext = (piece: Unit) => {
    // A heading too long to share a chunk still gets one rather than being lost.
    if (draft.text !== '') texts.push(draft.text);
    const carried =
      draft.hasContent && draft.last?.kind === 'text' ? tail(draft.last.text, overlap) : '';
    const withOverlap = carried === '' ? '' : carried + piece.joint + piece.text;
    draft = { text: '', hasContent: false };
    if (withOverlap !== '' && withOverlap.length <= size) {
      draft.text = carried;
    }
    append(piece);
  };

  for (const unit of section.units) {
    const fits = unit.text.length <= room(unit.joint);
    if (fits) {
      append(unit);
      continue;
    }
    // Too big for what is left: cut it, filling the current chunk first when that is worth it.
    const left = room(unit.joint);
    const first = !draft.hasContent || left >= size / 4 ? Math.max(left, MIN_SIZE) : size;
    const pieces =
      unit.text.length <= size && draft.hasContent
        ? [unit]
        : splitUnit(unit, { first, rest: restBudget });
    for (const piece of pieces) {
      // Beside a lone heading, even an over-long piece (one huge row or code line) goes in.
      if (piece.text.length <= room(piece.joint) || !draft.hasContent) append(piece);
      else startNext(piece);
    }
  }
  if (draft.hasContent) texts.push(draft.text);
  return texts;
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
    for (const text of packSection(section, lead.join('\n\n'), options)) {
      add(text, section.headingPath);
    }
    lead = [];
  }
  if (lead.length > 0) add(lead.join('\n\n'), leadPath);
  return chunks;
}
