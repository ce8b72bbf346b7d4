/**
 * Markdown text primitives used by every element family: whitespace, emphasis, code spans and
 * fences, indentation and quoting. Pure string functions.
 */

/** HTML whitespace rule: any run of whitespace (non-breaking spaces too) is one space. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ');
}

// A paragraph line that Markdown (or the chunker) would read as a heading, quote, rule or fence.
const STRUCTURAL_LINE_START = /^(#{1,6}(\s|$)|~{3,}|>|(-{3,}|={3,}|\*{3,}|_{3,})\s*$)/;
// A backtick fence only when no backtick follows (otherwise it is a code span).
const BACKTICK_FENCE = /^`{3,}[^`]*$/;

function escapeStructure(line: string): string {
  return STRUCTURAL_LINE_START.test(line) || BACKTICK_FENCE.test(line) ? `\\${line}` : line;
}

/**
 * Tidies the inline text of one paragraph: spaces collapsed, lines trimmed, empty lines dropped,
 * and lines that would read as Markdown structure escaped with a backslash.
 */
export function tidyParagraph(text: string): string {
  return text
    .split('\n')
    .map((line) => collapseWhitespace(line).trim())
    .filter((line) => line !== '')
    .map(escapeStructure)
    .join('\n');
}

/** Wraps inline text in an emphasis marker, keeping surrounding whitespace outside it. */
export function wrapMark(mark: string, inner: string): string {
  const core = inner.trim();
  if (core === '') return inner === '' ? '' : ' ';
  const lead = inner.slice(0, inner.length - inner.trimStart().length);
  const trail = inner.slice(inner.trimEnd().length);
  return `${lead}${mark}${core}${mark}${trail}`;
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let current = 0;
  for (const c of text) {
    current = c === char ? current + 1 : 0;
    if (current > longest) longest = current;
  }
  return longest;
}

/** An inline code span whose delimiter is longer than any backtick run inside. */
export function codeSpan(text: string): string {
  const core = collapseWhitespace(text).trim();
  if (core === '') return '';
  const ticks = '`'.repeat(longestRun(core, '`') + 1);
  const pad = core.startsWith('`') || core.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${core}${pad}${ticks}`;
}

/** Code text as stored, minus Windows line ends and the blank lines around it. */
export function normalizeCode(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .replace(/^(?:[ \t]*\n)+/, '')
    .replace(/\s+$/, '');
}

/** A fenced code block whose fence is longer than any backtick run in the body. */
export function fence(body: string, language = ''): string {
  const ticks = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  return `${ticks}${language}\n${body}\n${ticks}`;
}

/** Indents every non-empty line (empty lines stay empty: no trailing spaces). */
export function indent(text: string, width: number): string {
  const pad = ' '.repeat(width);
  return text
    .split('\n')
    .map((line) => (line === '' ? line : pad + line))
    .join('\n');
}

/** Prefixes every line with `> ` (an empty line gets a bare `>`). */
export function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? '>' : `> ${line}`))
    .join('\n');
}
