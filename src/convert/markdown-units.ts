/**
 * Reads Markdown into sections (one per ATX heading, with the headings above it) made of units
 * the chunker must not cut carelessly: fenced code blocks, tables, and runs of other text lines.
 * Fences and tables are recognised inside block quotes and list items too (`> ````, `- ````).
 */

/** How a unit was separated from the one before it: blank line, line end, space, or nothing. */
export type Joint = '\n\n' | '\n' | ' ' | '';

export interface Unit {
  kind: 'text' | 'fence' | 'table';
  text: string;
  joint: Joint;
}

export interface Section {
  /** Heading texts from the outermost down to this section's own heading. */
  headingPath: string[];
  /** The heading line as written (`## Setup`), absent before the first heading. */
  heading?: string;
  units: Unit[];
}

/** Quote markers, indentation and a list or task marker that may precede a fence or row. */
const CONTAINER_PREFIX = String.raw`(?:[ \t]*>)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?)?`;
const FENCE_OPEN = new RegExp(`^(${CONTAINER_PREFIX})(\`{3,}|~{3,})(.*)$`);
const FENCE_CLOSE = /^(?:[ \t]*>)*[ \t]*(`{3,}|~{3,})[ \t]*$/;
const TABLE_ROW = /^(?:[ \t]*>)*[ \t]*\|/;
const HEADING = /^(#{1,6})(?:[ \t]+(.*?))?[ \t]*$/;

export interface FenceOpening {
  /** Everything before the fence characters (quote markers, indentation, list marker). */
  prefix: string;
  /** The fence characters, e.g. ```` ``` ```` or `~~~~`. */
  marker: string;
}

export function fenceOpening(line: string): FenceOpening | undefined {
  const match = FENCE_OPEN.exec(line);
  if (!match) return undefined;
  // A backtick fence's info string may not contain backticks (that is inline code).
  if (match[2].startsWith('`') && match[3].includes('`')) return undefined;
  return { prefix: match[1], marker: match[2] };
}

export function closesFence(line: string, opening: FenceOpening): boolean {
  const match = FENCE_CLOSE.exec(line);
  return (
    match !== null && match[1][0] === opening.marker[0] && match[1].length >= opening.marker.length
  );
}

export function isTableRow(line: string): boolean {
  return TABLE_ROW.test(line);
}

/** A heading's words for the heading path: closing hashes, link targets and escapes removed. */
function headingText(raw: string | undefined): string {
  return (raw ?? '')
    .replace(/[ \t]+#+$/, '')
    .replace(/^#+$/, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\\([\\`*_[\]#>~-])/g, '$1')
    .trim();
}

/**
 * Splits Markdown into sections and units. Sections may hold no unit (a heading followed by a
 * deeper heading). Deterministic; never drops a non-blank line.
 */
export function readSections(markdown: string): Section[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const sections: Section[] = [];
  const path: Array<{ level: number; text: string }> = [];
  let section: Section = { headingPath: [], units: [] };
  let blankBefore = false;

  const add = (kind: Unit['kind'], text: string) => {
    const joint: Joint = section.units.length === 0 || blankBefore ? '\n\n' : '\n';
    section.units.push({ kind, text, joint });
    blankBefore = false;
  };

  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const opening = fenceOpening(line);
    const heading = HEADING.exec(line);

    if (line.trim() === '') {
      blankBefore = true;
      i += 1;
    } else if (opening) {
      let end = i + 1;
      while (end < lines.length && !closesFence(lines[end], opening)) end += 1;
      add('fence', lines.slice(i, end + 1).join('\n'));
      i = end + 1;
    } else if (heading) {
      sections.push(section);
      const level = heading[1].length;
      while (path.length > 0 && path[path.length - 1].level >= level) path.pop();
      path.push({ level, text: headingText(heading[2]) });
      section = { headingPath: path.map((h) => h.text).filter(Boolean), heading: line, units: [] };
      blankBefore = false;
      i += 1;
    } else {
      const table = isTableRow(line);
      let end = i + 1;
      while (end < lines.length && continuesRun(lines[end], table)) end += 1;
      add(table ? 'table' : 'text', lines.slice(i, end).join('\n'));
      i = end;
    }
  }
  sections.push(section);
  // Keep heading-only sections (their titles are text too); drop an empty start.
  return sections.filter((s) => s.units.length > 0 || s.heading !== undefined);
}

function continuesRun(line: string, table: boolean): boolean {
  if (line.trim() === '' || fenceOpening(line) || HEADING.test(line)) return false;
  return isTableRow(line) === table;
}
