/**
 * Packs the units of one section into chunk texts of at most `size` characters: units are added
 * whole while they fit; a unit that does not is cut (see `splitUnit`), filling the current chunk
 * first when enough room is left. A new chunk starts with the last words of the previous one
 * when that chunk ended in text (never inside code or a table). Used by `chunkPage`.
 */
import type { ChunkOptions } from './chunker';
import type { Unit } from './markdown-units';
import { splitUnit } from './split-unit';

/** Smallest budget ever given to a piece. */
export const MIN_PIECE = 20;

/** The end of a text, at most `length` characters, starting at a sentence or a word. */
export function tail(text: string, length: number): string {
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

export class SectionPacker {
  private readonly texts: string[] = [];
  /** The chunk being filled. */
  private text: string;
  /** The last piece added, whose end becomes the overlap of the next chunk. */
  private last?: Unit;
  /** Whether the chunk holds more than the opening heading lines. */
  private hasContent = false;

  /** `opening` is the heading lines the first chunk starts with (may be empty). */
  constructor(
    private readonly options: ChunkOptions,
    opening: string,
  ) {
    this.text = opening;
  }

  add(unit: Unit): void {
    if (unit.text.length <= this.room(unit.joint)) {
      this.append(unit);
      return;
    }
    for (const piece of this.cut(unit)) {
      // Beside lone headings, even an over-long piece (one huge row or code line) goes in.
      if (piece.text.length <= this.room(piece.joint) || !this.hasContent) this.append(piece);
      else this.startNext(piece);
    }
  }

  /** The chunk texts; a chunk of headings alone only when nothing followed them. */
  finish(): string[] {
    if (this.hasContent) this.texts.push(this.text);
    return this.texts;
  }

  private room(joint: string): number {
    return this.options.size - this.text.length - (this.text === '' ? 0 : joint.length);
  }

  /** A unit that fits a fresh chunk moves whole; a bigger one is cut into pieces. */
  private cut(unit: Unit): Unit[] {
    const { size, overlap } = this.options;
    if (unit.text.length <= size && this.hasContent) return [unit];
    const left = this.room(unit.joint);
    const first = !this.hasContent || left >= size / 4 ? Math.max(left, MIN_PIECE) : size;
    // Later pieces leave room for the overlap carried into their chunk.
    const rest = Math.max(MIN_PIECE, size - (overlap > 0 ? overlap + 2 : 0));
    return splitUnit(unit, { first, rest });
  }

  private append(piece: Unit): void {
    this.text = this.text === '' ? piece.text : this.text + piece.joint + piece.text;
    this.last = piece;
    this.hasContent = true;
  }

  private startNext(piece: Unit): void {
    // Headings too long to share a chunk still get one rather than being lost.
    if (this.text !== '') this.texts.push(this.text);
    const carried = this.carriedOverlap();
    const fitsWithOverlap = carried.length + piece.joint.length + piece.text.length;
    this.text = carried !== '' && fitsWithOverlap <= this.options.size ? carried : '';
    this.hasContent = false;
    this.append(piece);
  }

  private carriedOverlap(): string {
    if (!this.hasContent || this.last?.kind !== 'text') return '';
    return tail(this.last.text, this.options.overlap);
  }
}
