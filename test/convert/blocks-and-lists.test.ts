/** Block elements: headings, paragraphs, quotes, rules, preformatted text, lists, task lists. */
import { storageToMarkdown } from '../../src/convert/storage-to-markdown';

const md = (storage: string) => storageToMarkdown(storage);

describe('blocks', () => {
  it('separates blocks by exactly one blank line', () => {
    expect(
      md(
        '<h1>Title</h1>\n\n\n<p>one</p><p></p><p>&nbsp;</p><hr/><blockquote><p>q</p></blockquote>',
      ),
    ).toBe('# Title\n\none\n\n---\n\n> q');
  });

  it('writes headings as plain text (no bold or italic markers)', () => {
    expect(md('<h2><strong>Goal</strong> <em>now</em></h2>')).toBe('## Goal now');
  });

  it('keeps preformatted text verbatim in a fence, line breaks included', () => {
    expect(md('<pre>a  &lt;b&gt;<br />  c</pre>')).toBe('```\na  <b>\n  c\n```');
  });

  it('renders the text of unknown elements and of page layouts, in order', () => {
    const storage =
      '<ac:layout><ac:layout-section ac:type="two_equal"><ac:layout-cell><p>Left</p></ac:layout-cell>' +
      '<ac:layout-cell><p>Right</p></ac:layout-cell></ac:layout-section></ac:layout><foo>bar</foo>';
    expect(md(storage)).toBe('Left\n\nRight\n\nbar');
  });

  it('reads a stray rich-text body inside a paragraph as part of the line', () => {
    expect(md('<p>Use <ac:rich-text-body>aaa</ac:rich-text-body> here</p>')).toBe('Use aaa here');
  });

  it('gives an empty body an empty result', () => {
    expect(md('')).toBe('');
    expect(md('<p> </p><ac:structured-macro ac:name="toc" />')).toBe('');
  });
});

describe('lists', () => {
  it('nests bullet and numbered lists to any depth and keeps start numbers', () => {
    const storage =
      '<ol start="3"><li>three<ul><li>dot<ol><li>deep<ul><li>deeper</li></ul></li></ol></li></ul></li><li>four</li></ol>';
    expect(md(storage)).toBe('3. three\n   - dot\n     1. deep\n        - deeper\n4. four');
  });

  it('separates several paragraphs of one item with a blank line, indented', () => {
    expect(md('<ul><li><p>first</p><p>second</p></li><li>next</li></ul>')).toBe(
      '- first\n\n  second\n- next',
    );
  });

  it('does not print an empty marker for items that only hold a nested list', () => {
    const storage = '<ul><li style="list-style-type: none;"><ul><li>inner</li></ul></li></ul>';
    expect(md(storage)).toBe('- inner');
    expect(
      md('<ul><li>a</li><li style="list-style-type: none;"><ul><li>b</li></ul></li></ul>'),
    ).toBe('- a\n  - b');
  });

  it('nests a list written directly inside a list under the item before it', () => {
    expect(md('<ul><li>a</li><ul><li>b</li></ul></ul>')).toBe('- a\n  - b');
  });
});

describe('task lists', () => {
  it('writes task state as [ ] or [x], with nested tasks and inline content', () => {
    const storage =
      '<ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>incomplete</ac:task-status>' +
      '<ac:task-body>Ship it <ac:link><ri:user ri:account-id="abc" /></ac:link> <time datetime="2030-01-02" />' +
      '<ac:task-list><ac:task><ac:task-id>2</ac:task-id><ac:task-status>complete</ac:task-status>' +
      '<ac:task-body>sub</ac:task-body></ac:task></ac:task-list></ac:task-body></ac:task></ac:task-list>';
    expect(md(storage)).toBe('- [ ] Ship it @abc 2030-01-02\n  - [x] sub');
  });

  it('never shows task ids', () => {
    const storage =
      '<ac:task-list><ac:task><ac:task-id>4711</ac:task-id><ac:task-status>complete</ac:task-status><ac:task-body>done</ac:task-body></ac:task></ac:task-list>';
    expect(md(storage)).toBe('- [x] done');
  });
});
