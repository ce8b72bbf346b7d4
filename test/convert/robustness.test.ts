/** Malformed and hostile bodies never throw and still give their text. */
import { storageToMarkdown } from '../../src/convert/storage-to-markdown';

const md = (storage: string) => storageToMarkdown(storage);

describe('malformed storage', () => {
  it('closes unclosed elements and ignores stray end tags', () => {
    expect(md('<p>one <strong>two<p>three</em></div>')).toMatch(
      /^one\b[\s\S]*\btwo\b[\s\S]*\bthree$/,
    );
  });

  it('keeps the text of a CDATA section that is never closed', () => {
    expect(md(`<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[x = 1`)).toBe(
      '```\nx = 1\n```',
    );
  });

  it('treats text that is not markup as text', () => {
    expect(md('just text & a < b > c')).toBe('just text & a < b > c');
    expect(md('<<<>>> <//> <ac:>')).not.toMatch(/<\/?ac:/);
  });

  it('handles undeclared prefixes and unknown elements', () => {
    expect(md('<xy:thing xy:attr="1">inside</xy:thing><ri:page ri:content-title="Orphan" />')).toBe(
      'inside',
    );
  });

  it('survives markup nested thousands of levels deep', () => {
    const depth = 5000;
    const storage = '<div><span>'.repeat(depth) + 'deep text' + '</span></div>'.repeat(depth);
    expect(md(storage)).toBe('deep text');
    const lists = '<ul><li>'.repeat(depth) + 'item' + '</li></ul>'.repeat(depth);
    expect(md(lists)).toContain('item');
  });

  it('survives a large page', () => {
    const storage = '<p>word '.repeat(20000);
    expect(md(storage).split('\n\n')).toHaveLength(20000);
  });
});
