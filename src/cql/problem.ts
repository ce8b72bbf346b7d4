/**
 * How a CQL query went wrong, in plain words and with a position. The parser throws these as
 * `AppError('invalid_cql')` whose `details` is a {@link CqlProblem}; `formatCqlError` draws them.
 */
import { AppError } from '../errors';

export interface CqlProblem {
  /** Offset of the offending text (0-based). */
  position: number;
  /** Length of the offending text, at least 1 for display. */
  length: number;
  /** 1-based line and column of `position`. */
  line: number;
  column: number;
  /** What was found there, as the user wrote it, or `end of query`. */
  found: string;
  /** What would have been valid there, e.g. `['AND', 'OR', 'ORDER BY']`; may be empty. */
  expected: string[];
}

/** Where a problem is, before line and column are computed. */
export interface ProblemSite {
  position: number;
  length?: number;
  found: string;
  expected?: string[];
}

/** The line and column (both 1-based) of an offset in `text`. */
export function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/**
 * Builds the error the parser throws. `message` says what is wrong in plain words; `remedies`
 * say how to fix it. The position and line/column are added to the message by the caller's
 * display (`formatCqlError`), not repeated here.
 */
export function cqlError(
  text: string,
  site: ProblemSite,
  message: string,
  remedies: string[] = [],
): AppError {
  const { line, column } = lineAndColumn(text, site.position);
  const problem: CqlProblem = {
    position: site.position,
    length: Math.max(1, site.length ?? 1),
    line,
    column,
    found: site.found,
    expected: site.expected ?? [],
  };
  return new AppError('invalid_cql', message, {
    details: { ...problem },
    remedies: remedies.length > 0 ? remedies : ['Edit the query and check it again.'],
  });
}

/** Reads the {@link CqlProblem} back from an error thrown by the parser, if it is one. */
export function cqlProblemOf(error: unknown): CqlProblem | null {
  if (!(error instanceof AppError) || error.code !== 'invalid_cql') return null;
  const d = error.details;
  if (typeof d.position !== 'number' || typeof d.line !== 'number') return null;
  return d as unknown as CqlProblem;
}
