/** The development store's own text tokenizer and scoring (documented in text-search.ts). */
import { parseTextQuery, scoreDocument, stem, tokenize } from '../../src/devstore/text-search';

const spec = { weights: { title: 10, body: 1 }, defaultLanguage: 'english' };

describe('tokenize', () => {
  test('lowercases, strips diacritics and punctuation, drops stop words and folds plurals', () => {
    expect(tokenize('The Café’s RÉSUMÉS, and policies!')).toEqual(['cafe', 'resume', 'policy']);
  });

  test('keeps every word when the language is none', () => {
    expect(tokenize('The cats', 'none')).toEqual(['the', 'cats']);
  });
});

describe('stem', () => {
  test.each([
    ['servers', 'server'],
    ['policies', 'policy'],
    ['boxes', 'box'],
    ['class', 'class'],
    ['status', 'status'],
    ['bus', 'bus'],
  ])('%s → %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });
});

describe('scoreDocument', () => {
  test('weights a title match by the title weight, and repetition by 1 + ln(count)', () => {
    const query = parseTextQuery({ $search: 'deploy' });

    expect(scoreDocument({ title: 'Deploy', body: '' }, spec, query)).toBe(10);
    expect(scoreDocument({ title: '', body: 'deploy deploy' }, spec, query)).toBeCloseTo(
      1 + Math.log(2),
    );
  });

  test('is 0 without a match, with a missing phrase, or with a negated word present', () => {
    expect(scoreDocument({ title: 'x' }, spec, parseTextQuery({ $search: 'deploy' }))).toBe(0);
    expect(
      scoreDocument({ body: 'deploy now' }, spec, parseTextQuery({ $search: '"deploy later"' })),
    ).toBe(0);
    expect(
      scoreDocument({ body: 'deploy now' }, spec, parseTextQuery({ $search: 'deploy -now' })),
    ).toBe(0);
  });

  test('a query without $search is refused', () => {
    expect(() => parseTextQuery({})).toThrow('$search needs a String');
  });
});
