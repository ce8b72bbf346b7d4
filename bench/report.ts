/**
 * Printing for the benchmarks: aligned tables with a title, and number formats with their units.
 * Every figure is printed with its unit; nothing here measures anything.
 */

/** One printed table: a title line, a header row and rows of already formatted cells. */
export interface Table {
  title: string;
  headers: string[];
  rows: string[][];
}

/** Prints `table` with columns padded to their widest cell; numbers line up on the right. */
export function printTable(table: Table): void {
  const all = [table.headers, ...table.rows];
  const widths = table.headers.map((_, column) =>
    Math.max(...all.map((row) => (row[column] ?? '').length)),
  );
  const line = (row: string[]) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[0]) : cell.padStart(widths[column]),
      )
      .join('  ')
      .trimEnd();

  console.log(`\n${table.title}`);
  console.log(`  ${line(table.headers)}`);
  console.log(`  ${widths.map((width) => '-'.repeat(width)).join('  ')}`);
  for (const row of table.rows) console.log(`  ${line(row)}`);
}

/** Prints a note under a table (what was measured, what was left out). */
export function printNote(text: string): void {
  console.log(`  note: ${text}`);
}

/** A whole or large number with thousands separators: `12,345`. */
export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Bytes in the largest unit that keeps the number readable: `512 B`, `3.4 KB`, `12.1 MB`. */
export function bytes(value: number): string {
  const sign = value < 0 ? '-' : '';
  const size = Math.abs(value);
  if (size < 1024) return `${sign}${Math.round(size)} B`;
  if (size < 1024 * 1024) return `${sign}${(size / 1024).toFixed(1)} KB`;
  return `${sign}${(size / (1024 * 1024)).toFixed(1)} MB`;
}

/** A duration given in milliseconds: `850 µs`, `12.3 ms`, `4.56 s`. */
export function duration(ms: number): string {
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Items per second from a count and milliseconds: `1,234/s`. */
export function perSecond(items: number, ms: number): string {
  return `${count(ms > 0 ? (items * 1000) / ms : 0)}/s`;
}

/** Megabytes (2^20 bytes) per second from a byte count and milliseconds. */
export function megabytesPerSecond(total: number, ms: number): string {
  return `${(ms > 0 ? total / (1024 * 1024) / (ms / 1000) : 0).toFixed(2)} MB/s`;
}
