import { makeSnippet, SNIPPET_LENGTH } from '../../src/store';

describe('makeSnippet', () => {
  test('returns a short text whole, whitespace collapsed', () => {
    expect(makeSnippet('A  short\n\ntext.', 'short')).toBe('A short text.');
  });

  test('starts a long text at the beginning when no query word is found', () => {
    const text = 'word '.repeat(200);

    const snippet = makeSnippet(text, 'absent');

    expect(snippet.startsWith('word')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet.length).toBeLessThanOrEqual(SNIPPET_LENGTH + 1);
  });

  test('centres on the first matching word and never cuts a word in half', () => {
    const text = `${'alpha beta '.repeat(40)}needle here${' gamma delta'.repeat(40)}`;

    const snippet = makeSnippet(text, 'NEEDLE');
    const inner = snippet.slice(1, -1);

    expect(snippet).toContain('needle here');
    expect(
      inner
        .split(' ')
        .every((word) => ['alpha', 'beta', 'needle', 'here', 'gamma', 'delta'].includes(word)),
    ).toBe(true);
  });

  test('matches the singular of a plural query word and ignores negated words', () => {
    const text = `${'x '.repeat(200)}one policy${' y'.repeat(200)}`;

    expect(makeSnippet(text, 'policies')).toContain('policy');
    expect(makeSnippet(`${'policy '.repeat(100)}`, '-policy other').startsWith('policy')).toBe(
      true,
    );
  });
});
