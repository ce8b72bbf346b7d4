/**
 * The snippet shown with a search hit: about 300 characters of the chunk's text around the first
 * word of the query found in it, cut at word boundaries, with "…" where text was left out.
 * Markdown is shown as written, whitespace collapsed.
 */

/** Default and upper bound of a snippet's length, in characters. */
export const SNIPPET_LENGTH = 300;

/** How much of the snippet comes before the match, at most. */
const LEAD = 80;

const ELLIPSIS = '…';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The words of a search query, quotes and negations removed, with their singular forms. */
export function queryWords(query: string): string[] {
  const words = query
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word && !word.startsWith('-'))
    .flatMap((word) => word.split(/[^\p{L}\p{N}]+/u))
    .filter((word) => word.length > 1);
  const forms = words.flatMap((word) => [word, word.replace(/(ies|es|s)$/, '')]);
  return [...new Set(forms.filter((form) => form.length > 1))];
}

/** Where the first query word starts in `text` (at a word start), or -1. */
function firstMatch(text: string, words: string[]): number {
  let best = -1;
  for (const word of words) {
    const match = new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(word)}`, 'iu').exec(text);
    if (!match) continue;
    const position = match.index + match[1].length;
    if (best < 0 || position < best) best = position;
  }
  return best;
}

/** Moves `index` back to the start of the word it falls in. */
function wordStart(text: string, index: number): number {
  let start = index;
  while (start > 0 && !/\s/.test(text[start - 1])) start -= 1;
  return start;
}

/** A snippet of `text` around the first word of `query`; the text's start when none is found. */
export function makeSnippet(text: string, query: string, length = SNIPPET_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= length) return flat;

  const match = firstMatch(flat, queryWords(query));
  let start = match < 0 ? 0 : wordStart(flat, Math.max(0, match - LEAD));
  if (match >= 0 && start > match) start = match;
  let end = Math.min(flat.length, start + length);
  if (end < flat.length) {
    const lastSpace = flat.lastIndexOf(' ', end);
    if (lastSpace > start) end = lastSpace;
  }
  const body = flat.slice(start, end).trim();
  return `${start > 0 ? ELLIPSIS : ''}${body}${end < flat.length ? ELLIPSIS : ''}`;
}
