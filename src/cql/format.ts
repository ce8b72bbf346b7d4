/**
 * Draws where a CQL problem is, for terminals and Slack code blocks: the query line, then a caret
 * under the offending text. Used by the `validate-cql` command and the Slack forms.
 */
import type { AppError } from '../errors';
import { cqlProblemOf, type CqlProblem } from './problem';

/** How many characters of a long line to show around the problem. */
const WINDOW = 100;

/**
 * Two lines: the line of `cql` holding the problem and a `^` marker under it (one caret per
 * character of the offending text, at most to the end of the line). Lines longer than 100
 * characters are cut around the problem with `…`. Returns an empty string when `error` carries
 * no position (e.g. Confluence's own verdict).
 */
export function formatCqlError(error: AppError | CqlProblem, cql: string): string {
  const problem = 'code' in error ? cqlProblemOf(error) : error;
  if (!problem) return '';

  // The line holding the problem, with tabs widened to single spaces so the caret lines up.
  const lines = cql.split('\n');
  const lineText = (lines[problem.line - 1] ?? '').replace(/[\t\r]/g, ' ');
  const column = problem.column - 1;
  const width = Math.max(1, Math.min(problem.length, lineText.length - column));

  // Cut long lines to a window around the problem.
  let from = 0;
  let to = lineText.length;
  if (lineText.length > WINDOW) {
    from = Math.max(0, Math.min(column - WINDOW / 2, lineText.length - WINDOW));
    to = Math.min(lineText.length, from + WINDOW);
  }
  const prefix = from > 0 ? '…' : '';
  const suffix = to < lineText.length ? '…' : '';
  const shown = `${prefix}${lineText.slice(from, to)}${suffix}`;
  const caret = `${' '.repeat(prefix.length + column - from)}${'^'.repeat(Math.min(width, to - column || 1))}`;
  return `${shown}\n${caret}`;
}
