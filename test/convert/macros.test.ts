/** Macros: code, callouts, expand, includes, page properties, chrome, unknown macros. */
import { storageToMarkdown } from '../../src/convert/storage-to-markdown';

const md = (storage: string) => storageToMarkdown(storage);

function macro(name: string, inner: string): string {
  return `<ac:structured-macro ac:name="${name}" ac:schema-version="1" ac:macro-id="m-1">${inner}</ac:structured-macro>`;
}
const param = (name: string, value: string) =>
  `<ac:parameter ac:name="${name}">${value}</ac:parameter>`;
const rich = (inner: string) => `<ac:rich-text-body>${inner}</ac:rich-text-body>`;
const plain = (text: string) => `<ac:plain-text-body><![CDATA[${text}]]></ac:plain-text-body>`;

describe('code macros', () => {
  it('fences the CDATA body verbatim with its language and title', () => {
    const storage = macro(
      'code',
      param('language', 'Python') +
        param('title', 'example.py') +
        param('linenumbers', 'true') +
        plain('print("<not markup> &amp;")\n\n\n    indented'),
    );
    expect(md(storage)).toBe(
      '**example.py**\n```python\nprint("<not markup> &amp;")\n\n\n    indented\n```',
    );
  });

  it('uses a fence longer than any backtick run in the body', () => {
    expect(md(macro('code', plain('a ``` b\n`````')))).toBe('``````\na ``` b\n`````\n``````');
  });

  it('takes the language from the default parameter and treats none as no language', () => {
    expect(md(macro('code', param('', 'SQL') + plain('select 1')))).toBe('```sql\nselect 1\n```');
    expect(md(macro('code', param('language', 'none') + plain('x')))).toBe('```\nx\n```');
  });

  it('fences noformat bodies and plain-text bodies of unknown macros', () => {
    expect(md(macro('noformat', plain('raw *text*')))).toBe('```\nraw *text*\n```');
    expect(md(macro('some-plugin', param('mode', 'x') + plain('payload')))).toBe(
      '```\npayload\n```',
    );
  });
});

describe('callouts', () => {
  it('quotes info, note, warning and tip bodies behind a bold label', () => {
    for (const [name, label] of [
      ['info', 'Info'],
      ['note', 'Note'],
      ['warning', 'Warning'],
      ['tip', 'Tip'],
    ]) {
      expect(md(macro(name, param('icon', 'true') + rich('<p>Careful.</p>')))).toBe(
        `> **${label}:** Careful.`,
      );
    }
  });

  it('puts the title after the label and the body below', () => {
    expect(
      md(macro('info', param('title', 'Heads up') + rich('<p>Rich</p><ul><li>a</li></ul>'))),
    ).toBe('> **Info:** Heads up\n>\n> Rich\n>\n> - a');
  });

  it('quotes nested callouts inside callouts', () => {
    expect(md(macro('note', rich('<p>outer</p>' + macro('tip', rich('<p>inner</p>')))))).toBe(
      '> **Note:** outer\n>\n> > **Tip:** inner',
    );
  });

  it('opens a panel with its icon and title, never its colours', () => {
    const storage = macro(
      'panel',
      param('panelIconText', '🚀') +
        param('bgColor', '#DEEBFF') +
        param('title', 'Launch') +
        rich('<p>Go</p>'),
    );
    expect(md(storage)).toBe('> 🚀 **Launch**\n>\n> Go');
  });

  it('keeps the title of an expand above its body', () => {
    expect(md(macro('expand', param('title', 'More') + rich('<p>hidden</p>')))).toBe(
      '**More**\n\nhidden',
    );
  });
});

describe('bodies and references', () => {
  it('keeps excerpt, column and section bodies, and both page-properties bodies', () => {
    expect(
      md(macro('excerpt', param('atlassian-macro-output-type', 'INLINE') + rich('<p>summary</p>'))),
    ).toBe('summary');
    expect(
      md(macro('section', rich(macro('column', param('width', '50%') + rich('<p>col</p>'))))),
    ).toBe('col');
    expect(md(macro('details', param('id', 'x') + rich('<p>one</p>') + rich('<p>two</p>')))).toBe(
      'one\n\ntwo',
    );
  });

  it('names the page an include or excerpt-include refers to in its empty-named parameter', () => {
    const link =
      '<ac:link><ri:page ri:space-key="DOCS" ri:content-title="Shared steps" /></ac:link>';
    expect(md(macro('include', param('', link)))).toBe('[included page: Shared steps]');
    expect(md(macro('excerpt-include', param('nopanel', 'true') + param('', link)))).toBe(
      '[excerpt from page: Shared steps]',
    );
    expect(md(macro('excerpt-include', param('', '<ac:link></ac:link>')))).toBe('');
  });

  it('keeps the rich body of an unknown macro', () => {
    expect(md(macro('mystery', param('color', 'red') + rich('<p>kept</p>')))).toBe('kept');
  });
});

describe('chrome and parameters', () => {
  it.each([
    'toc',
    'children',
    'recently-updated',
    'blog-posts',
    'roadmap',
    'anchor',
    'contentbylabel',
    'pagetree',
    'attachments',
    'livesearch',
    'unknown-gadget',
  ])('renders %s as nothing', (name) => {
    expect(
      md(
        `<p>before</p>${macro(name, param('maxLevel', 'three-levels') + param('', 'anchor-name'))}<p>after</p>`,
      ),
    ).toBe('before\n\nafter');
  });

  it('never shows parameter values as text, wherever the parameters sit', () => {
    const storage =
      '<p>' +
      macro('status', param('colour', 'Purple-ish') + param('title', 'OK')) +
      '</p>' +
      macro(
        'info',
        param('icon', 'icon-value') + param('bgColor', 'colour-value') + rich('<p>body</p>'),
      ) +
      macro(
        'jira',
        param('server', 'server-name') + param('serverId', 'server-id') + param('key', 'AB-1'),
      ) +
      '<ac:parameter ac:name="stray">stray-value</ac:parameter>';
    const out = md(storage);
    for (const leaked of [
      'Purple-ish',
      'icon-value',
      'colour-value',
      'server-name',
      'server-id',
      'stray-value',
      'm-1',
    ]) {
      expect(out).not.toContain(leaked);
    }
    expect(out).toBe('[OK]\n\n> **Info:** body\n\nAB-1');
  });

  it('reads Cloud ADF panels from their content, not their fallback', () => {
    const storage =
      '<ac:adf-extension><ac:adf-node type="panel"><ac:adf-attribute key="panel-type">note</ac:adf-attribute>' +
      '<ac:adf-content><p>inside</p></ac:adf-content></ac:adf-node><ac:adf-fallback><p>copy</p></ac:adf-fallback></ac:adf-extension>';
    expect(md(storage)).toBe('> **Note:** inside');
  });
});
