/**
 * Tables as Markdown rows. The first row is the header when all its cells are `<th>` (or it sits
 * in `<thead>`); otherwise the header row is left empty rather than promoting data. A cell's
 * paragraphs, list items and line breaks are joined with `<br>`, pipes are escaped. Merged cells
 * keep columns aligned: a `colspan` cell is followed by empty cells, a `rowspan` cell's text is
 * repeated in each row it covers. A table inside a table cell is flattened to `a / b` lines.
 */
import { type Block, type RenderContext, withContext } from './context';
import { attr, childElements, type Element } from './dom';

const MAX_COLSPAN = 100;

interface SourceRow {
  cells: Element[];
  inHead: boolean;
}

function sourceRows(table: Element): SourceRow[] {
  const rows: SourceRow[] = [];
  for (const child of childElements(table)) {
    if (child.name === 'tr') rows.push({ cells: cellsOf(child), inHead: false });
    if (child.name === 'thead' || child.name === 'tbody' || child.name === 'tfoot') {
      for (const row of childElements(child, 'tr')) {
        rows.push({ cells: cellsOf(row), inHead: child.name === 'thead' });
      }
    }
  }
  return rows.filter((row) => row.cells.length > 0);
}

function cellsOf(row: Element): Element[] {
  return childElements(row).filter((cell) => cell.name === 'td' || cell.name === 'th');
}

function span(cell: Element, name: string, fallback: number): number {
  const value = Number.parseInt(attr(cell, name) ?? '', 10);
  return Number.isFinite(value) && value >= 0 ? value : fallback;
}

function cellText(cell: Element, ctx: RenderContext): string {
  const blocks = ctx.render.flow(cell.children, withContext(ctx, { inTable: true }));
  return blocks
    .flatMap((block) => block.text.split('\n'))
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('<br>')
    .replace(/\|/g, '\\|');
}

/** Lays the cells out on a grid, spreading `colspan` and `rowspan`. */
function grid(rows: SourceRow[], ctx: RenderContext): string[][] {
  const carried: Array<{ text: string; rows: number } | undefined> = [];
  const out: string[][] = [];

  rows.forEach((row, r) => {
    const line: string[] = [];
    let col = 0;
    const fillCarried = () => {
      while ((carried[col]?.rows ?? 0) > 0) {
        const carry = carried[col] as { text: string; rows: number };
        line[col] = carry.text;
        carry.rows -= 1;
        col += 1;
      }
    };
    for (const cell of row.cells) {
      fillCarried();
      const width = Math.min(Math.max(span(cell, 'colspan', 1), 1), MAX_COLSPAN);
      const rowsLeft = rows.length - r;
      const height = Math.min(span(cell, 'rowspan', 1) || rowsLeft, rowsLeft);
      const text = cellText(cell, ctx);
      for (let k = 0; k < width; k += 1) {
        line[col + k] = k === 0 ? text : '';
        carried[col + k] = height > 1 ? { text: line[col + k], rows: height - 1 } : undefined;
      }
      col += width;
    }
    fillCarried();
    out.push(Array.from(line, (text) => text ?? ''));
  });
  return out;
}

function markdownRow(cells: readonly string[], width: number): string {
  const padded = Array.from({ length: width }, (_, i) => cells[i] ?? '');
  return `| ${padded.join(' | ')} |`;
}

function isHeaderRow(row: SourceRow): boolean {
  return row.inHead || row.cells.every((cell) => cell.name === 'th');
}

function table(element: Element, ctx: RenderContext): Block[] {
  const rows = sourceRows(element);
  if (rows.length === 0) return [];
  const cells = grid(rows, ctx);

  // Inside a table cell Markdown has no nested tables: one line per row instead.
  if (ctx.inTable) {
    const lines = cells.map((row) => row.filter((text) => text !== '').join(' / '));
    const text = lines.filter((line) => line !== '').join('\n');
    return text === '' ? [] : [{ kind: 'paragraph', text }];
  }

  const width = Math.max(...cells.map((row) => row.length));
  const hasHeader = isHeaderRow(rows[0]);
  const header = hasHeader ? (cells[0] ?? []) : [];
  const body = hasHeader ? cells.slice(1) : cells;
  const lines = [
    markdownRow(header, width),
    markdownRow(
      Array.from({ length: width }, () => '---'),
      width,
    ),
    ...body.map((row) => markdownRow(row, width)),
  ];
  return [{ kind: 'table', text: lines.join('\n') }];
}

function caption(element: Element, ctx: RenderContext): Block[] {
  return ctx.render.flow(element.children, ctx);
}

export const TABLES: Readonly<Record<string, (element: Element, ctx: RenderContext) => Block[]>> = {
  table: (element, ctx) => [
    ...childElements(element, 'caption').flatMap((c) => caption(c, ctx)),
    ...table(element, ctx),
  ],
};
