/**
 * Cuts one unit that does not fit into pieces that do. Text is cut at a line end, else after a
 * sentence, else between words, else anywhere; code fences between lines, closed and re-opened;
 * tables between rows, the header repeated. A single code line or table row longer than the
 * budget is never cut, so such a piece may exceed it.
 */
import { closesFence, fenceOpening, type Joint, type Unit } from './markdown-units';

/** Budget of the first piece (the room left in the current chunk) and of the others. */
export interface Budget {
  first: number;
  rest: number;
}

interface Cut {
  at: number;
  joint: Joint;
}

/** Where to end a text piece of at most `limit` characters. */
function findCut(text: string, limit: number): Cut {
  const window = text.slice(0, limit + 1);
  const floor = Math.floor(limit / 2);

  const newline = window.lastIndexOf('\n');
  if (newline >= floor) return { at: newline, joint: '\n' };

  let sentence = -1;
  for (const match of window.matchAll(/[.!?…][)"'\]]*\s/g)) {
    const end = (match.index ?? 0) + match[0].length - 1;
    if (end <= limit) sentence = end;
  }
  if (sentence >= floor) return { at: sentence, joint: ' ' };
  if (newline > 0) return { at: newline, joint: '\n' };

  const space = window.search(/\s\S*$/);
  if (space > 0) return { at: space, joint: ' ' };

  // No boundary at all: cut at the limit, but never between the halves of a surrogate pair.
  const code = text.charCodeAt(limit - 1);
  const splitsPair = code >= 0xd800 && code <= 0xdbff && limit > 1;
  return { at: splitsPair ? limit - 1 : limit, joint: '' };
}

function splitText(unit: Unit, budget: Budget): Unit[] {
  const pieces: Unit[] = [];
  let rest = unit.text;
  let joint = unit.joint;
  let limit = budget.first;
  while (rest.length > limit && limit > 0) {
    const cut = findCut(rest, limit);
    const piece = rest.slice(0, cut.at).trimEnd();
    if (piece !== '') pieces.push({ kind: 'text', text: piece, joint });
    // After a line cut the next line keeps its indentation; after a word cut spaces go.
    rest = cut.joint === '\n' ? rest.slice(cut.at + 1) : rest.slice(cut.at).trimStart();
    joint = cut.joint;
    limit = budget.rest;
  }
  if (rest.trim() !== '') pieces.push({ kind: 'text', text: rest, joint });
  return pieces;
}

/** Groups lines so that `head + lines + tail` stays within budget, at least one line each. */
function groupLines(lines: readonly string[], overhead: number, budget: Budget): string[][] {
  const groups: string[][] = [];
  let group: string[] = [];
  let length = overhead;
  let limit = budget.first;
  for (const line of lines) {
    if (group.length > 0 && length + line.length + 1 > limit) {
      groups.push(group);
      group = [];
      length = overhead;
      limit = budget.rest;
    }
    group.push(line);
    length += line.length + 1;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

function splitFence(unit: Unit, budget: Budget): Unit[] {
  const lines = unit.text.split('\n');
  const opener = lines[0];
  const opening = fenceOpening(opener);
  if (!opening) return splitText(unit, budget);

  // The closing line as written, or one made to match when the fence was never closed.
  const closed = lines.length > 1 && closesFence(lines[lines.length - 1], opening);
  const prefix = opening.prefix.replace(/[^>\s]/g, ' ');
  const closer = closed ? lines[lines.length - 1] : `${prefix}${opening.marker}`.trimStart();
  const body = lines.slice(1, closed ? -1 : undefined);
  // Re-opened pieces keep quote markers and indentation but not the list marker.
  const reopener = prefix + opener.slice(opening.prefix.length);

  const overhead = Math.max(opener.length, reopener.length) + closer.length + 2;
  return groupLines(body, overhead, budget).map((group, index) => ({
    kind: 'fence',
    text: [index === 0 ? opener : reopener, ...group, closer].join('\n'),
    joint: index === 0 ? unit.joint : '\n\n',
  }));
}

const SEPARATOR_ROW = /^(?:[ \t]*>)*[ \t]*\|?[ \t]*:?-{3,}/;

function splitTable(unit: Unit, budget: Budget): Unit[] {
  const lines = unit.text.split('\n');
  const header = lines.length > 1 && SEPARATOR_ROW.test(lines[1]) ? lines.slice(0, 2) : [];
  const rows = lines.slice(header.length);
  const overhead = header.reduce((sum, line) => sum + line.length + 1, 0);
  return groupLines(rows, overhead, budget).map((group, index) => ({
    kind: 'table',
    text: [...header, ...group].join('\n'),
    joint: index === 0 ? unit.joint : '\n\n',
  }));
}

/** The unit in pieces: the first within `budget.first`, the others within `budget.rest`. */
export function splitUnit(unit: Unit, budget: Budget): Unit[] {
  if (unit.kind === 'fence') return splitFence(unit, budget);
  if (unit.kind === 'table') return splitTable(unit, budget);
  return splitText(unit, budget);
}
