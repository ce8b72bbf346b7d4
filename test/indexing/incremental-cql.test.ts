import { isAppError } from '../../src/errors';
import {
  buildIncrementalCql,
  formatCqlDate,
  incrementalSince,
  splitOrderBy,
} from '../../src/indexing/incremental-cql';

const SINCE = new Date('2024-03-05T07:09:59Z');

describe('formatCqlDate', () => {
  it('writes yyyy-MM-dd HH:mm in UTC with zero padding', () => {
    expect(formatCqlDate(SINCE)).toBe('2024-03-05 07:09');
  });
});

describe('splitOrderBy', () => {
  it('returns the whole query as condition when there is no ORDER BY', () => {
    expect(splitOrderBy(' space = DOCS ')).toEqual({ condition: 'space = DOCS', orderBy: '' });
  });

  it('splits before ORDER BY whatever its case', () => {
    expect(splitOrderBy('space = DOCS order by lastmodified desc')).toEqual({
      condition: 'space = DOCS',
      orderBy: 'order by lastmodified desc',
    });
  });

  it('is not fooled by ORDER BY inside a quoted value', () => {
    expect(splitOrderBy('title ~ "order by" ORDER BY title')).toEqual({
      condition: 'title ~ "order by"',
      orderBy: 'ORDER BY title',
    });
  });

  it('throws invalid_cql for a query that does not parse', () => {
    expect.assertions(1);
    try {
      splitOrderBy('space = (');
    } catch (error) {
      expect(isAppError(error, 'invalid_cql')).toBe(true);
    }
  });
});

describe('buildIncrementalCql', () => {
  it('wraps the user query in parentheses so OR keeps its meaning', () => {
    expect(buildIncrementalCql('space = A OR space = B', SINCE)).toBe(
      '(space = A OR space = B) AND lastmodified >= "2024-03-05 07:09"',
    );
  });

  it('keeps the ORDER BY at the end', () => {
    expect(buildIncrementalCql('space = A ORDER BY created DESC', SINCE)).toBe(
      '(space = A) AND lastmodified >= "2024-03-05 07:09" ORDER BY created DESC',
    );
  });
});

describe('incrementalSince', () => {
  it('goes back by the overlap and the time zone allowance', () => {
    const since = incrementalSince(new Date('2024-03-05T20:00:00Z'), {
      incrementalOverlapMs: 60 * 60 * 1000,
      timeZoneAllowanceMs: 12 * 60 * 60 * 1000,
    });
    expect(since.toISOString()).toBe('2024-03-05T07:00:00.000Z');
  });
});
