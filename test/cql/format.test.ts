import { formatCqlError, parseCql, type CqlProblem } from '../../src/cql';
import { AppError } from '../../src/errors';

function caretFor(cql: string): string {
  try {
    parseCql(cql);
  } catch (error) {
    return formatCqlError(error as AppError, cql);
  }
  throw new Error('expected a parse error');
}

describe('formatCqlError', () => {
  it('draws the query with carets under the offending text', () => {
    expect(caretFor('space = DOCS and spce = X')).toBe(
      'space = DOCS and spce = X\n                 ^^^^',
    );
  });

  it('points at the opening quote of an unclosed value', () => {
    expect(caretFor('title ~ "abc')).toBe('title ~ "abc\n        ^');
  });

  it('puts a single caret at the end of the query when it ends too early', () => {
    expect(caretFor('space =')).toBe('space =\n       ^');
  });

  it('shows only the line holding the problem in a multi-line query', () => {
    expect(caretFor('space = DOCS\nAND titel = x')).toBe('AND titel = x\n    ^^^^^');
  });

  it('cuts long lines around the problem and keeps the caret aligned', () => {
    const cql = `${'label = a and '.repeat(20)}spce = X`;
    const [line, caret] = caretFor(cql).split('\n');
    expect(line.startsWith('…')).toBe(true);
    expect(line.length).toBeLessThanOrEqual(102);
    expect(line.slice(caret.indexOf('^'), caret.indexOf('^') + 4)).toBe('spce');
  });

  it('returns an empty string for an error without a position', () => {
    const error = new AppError('invalid_cql', 'Could not parse cql');
    expect(formatCqlError(error, 'space = DOCS')).toBe('');
  });

  it('accepts a plain problem record', () => {
    const problem: CqlProblem = {
      position: 2,
      length: 1,
      line: 1,
      column: 3,
      found: 'x',
      expected: [],
    };
    expect(formatCqlError(problem, 'a x b')).toBe('a x b\n  ^');
  });
});
