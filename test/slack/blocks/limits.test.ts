import {
  BLOCK_LIMITS,
  escapeMrkdwn,
  fitBlocks,
  mrkdwnLink,
  truncate,
} from '../../../src/slack/blocks/limits';

describe('truncate', () => {
  it('keeps text that fits unchanged', () => {
    expect(truncate('Runbooks', 24)).toBe('Runbooks');
    expect(truncate('x'.repeat(24), 24)).toBe('x'.repeat(24));
  });

  it('cuts text that is too long to exactly the limit, ending with an ellipsis', () => {
    const cut = truncate('A data source with a very long name indeed', 24);
    expect(cut).toHaveLength(24);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.startsWith('A data source with a ve')).toBe(true);
  });

  it('never splits an emoji (a surrogate pair) in two', () => {
    const cut = truncate(`${'a'.repeat(22)}😀😀`, 24);
    expect(cut.length).toBeLessThanOrEqual(24);
    expect(cut).toBe(`${'a'.repeat(22)}…`);
    expect(() => encodeURIComponent(cut)).not.toThrow();
  });

  it('turns empty text into the fallback, since Slack refuses empty texts', () => {
    expect(truncate('', 10)).toBe(' ');
    expect(truncate('', 10, '(none)')).toBe('(none)');
  });
});

describe('fitBlocks', () => {
  const notice = (n: number) => `…${n} more`;

  it('keeps lists within the limit as they are', () => {
    expect(fitBlocks(['a', 'b'], 2, notice)).toEqual(['a', 'b']);
  });

  it('replaces the overflow with one block saying how many were left out', () => {
    const fitted = fitBlocks(['a', 'b', 'c', 'd', 'e'], 3, notice);
    expect(fitted).toEqual(['a', 'b', '…3 more']);
    expect(fitted).toHaveLength(3);
  });

  it('respects the message and view limits', () => {
    const many = Array.from({ length: 150 }, (_, i) => i);
    expect(fitBlocks(many, BLOCK_LIMITS.messageBlocks, () => -1)).toHaveLength(50);
    expect(fitBlocks(many, BLOCK_LIMITS.viewBlocks, () => -1)).toHaveLength(100);
  });
});

describe('mrkdwn escaping', () => {
  it('escapes the characters Slack treats as markup', () => {
    expect(escapeMrkdwn('a <b> & c')).toBe('a &lt;b&gt; &amp; c');
  });

  it('makes links whose label cannot break out of the link syntax', () => {
    expect(mrkdwnLink('https://wiki.example.com/x', 'Tom & <Jerry>|x')).toBe(
      '<https://wiki.example.com/x|Tom &amp; &lt;Jerry&gt;¦x>',
    );
  });

  it('shows only the label for URLs that are not http(s)', () => {
    expect(mrkdwnLink('javascript:alert(1)', 'Page')).toBe('Page');
  });
});
