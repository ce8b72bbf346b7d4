/** Inline content: text, entities, formatting, links, mentions, images, emoticons, lozenges. */
import { storageToMarkdown } from '../../src/convert/storage-to-markdown';

const md = (storage: string, baseUrl?: string) => storageToMarkdown(storage, { baseUrl });

describe('text and entities', () => {
  it('decodes HTML named and numeric entities that XML does not define', () => {
    expect(
      md('<p>caf&eacute; &rsquo;quoted&rsquo; &deg; &#xE4; &#128231; &lt;tag&gt; &amp;</p>'),
    ).toBe('café ’quoted’ ° ä 📧 <tag> &');
  });

  it('turns non-breaking spaces into ordinary spaces and collapses whitespace', () => {
    expect(md('<p>a&nbsp;b&#160;&#xA0;c\n   d</p>')).toBe('a b c d');
  });

  it('escapes paragraph lines that would read as headings or fences', () => {
    expect(md('<p># not a heading</p><p>```not a fence</p>')).toBe(
      '\\# not a heading\n\n\\```not a fence',
    );
  });
});

describe('inline formatting', () => {
  it('renders bold, italic, strike-through and inline code', () => {
    expect(
      md(
        '<p><strong>b</strong> <em>i</em> <del>d</del> <span style="text-decoration: line-through;">s</span> <code>c</code> <u>u</u></p>',
      ),
    ).toBe('**b** *i* ~~d~~ ~~s~~ `c` u');
  });

  it('keeps spaces outside emphasis markers and drops empty emphasis', () => {
    expect(md('<p>a<strong> bold </strong>b<strong>&nbsp;</strong>c</p>')).toBe('a **bold** b c');
  });

  it('chooses a code span delimiter longer than the backticks inside', () => {
    expect(md('<p><code>a ``b`` c</code></p>')).toBe('```a ``b`` c```');
    expect(md('<p><code>`tick</code></p>')).toBe('`` `tick ``');
  });

  it('turns line breaks into new lines of the same paragraph', () => {
    expect(md('<p>one<br/>two<br />three</p>')).toBe('one\ntwo\nthree');
  });
});

describe('links', () => {
  it('renders external links, and bare addresses as themselves', () => {
    expect(
      md(
        '<p><a href="https://example.com/a">docs</a> <a href="https://x.test">https://x.test</a> <a href="mailto:me@x.test">me@x.test</a></p>',
      ),
    ).toBe('[docs](https://example.com/a) https://x.test me@x.test');
  });

  it('drops script URLs but keeps the text', () => {
    expect(md('<p><a href="javascript:alert(1)">click</a></p>')).toBe('click');
  });

  it('resolves site-relative links against the base URL only when one is given', () => {
    expect(md('<p><a href="/wiki/spaces/X">x</a></p>', 'https://acme.example')).toBe(
      '[x](https://acme.example/wiki/spaces/X)',
    );
    expect(md('<p><a href="/wiki/spaces/X">x</a></p>')).toBe('[x](/wiki/spaces/X)');
  });

  it('names linked pages by title, after the label when the label differs', () => {
    const storage =
      '<p><ac:link><ri:page ri:content-title="Deploy runbook" /></ac:link>, ' +
      '<ac:link><ri:page ri:space-key="OPS" ri:content-title="Home" /><ac:plain-text-link-body><![CDATA[start here]]></ac:plain-text-link-body></ac:link>, ' +
      '<ac:link><ri:page ri:content-title="Setup" /><ac:link-body>the <strong>setup</strong></ac:link-body></ac:link></p>';
    expect(md(storage)).toBe('Deploy runbook, start here (Home), the **setup** (Setup)');
  });

  it('names blog posts, attachments, anchors and spaces', () => {
    const storage =
      '<p><ac:link><ri:blog-post ri:space-key="D" ri:content-title="News" ri:posting-day="2024/01/02" /></ac:link> ' +
      '<ac:link><ri:attachment ri:filename="spec.pdf" /><ac:plain-text-link-body><![CDATA[the spec]]></ac:plain-text-link-body></ac:link> ' +
      '<ac:link ac:anchor="section-1"><ac:plain-text-link-body><![CDATA[jump]]></ac:plain-text-link-body></ac:link> ' +
      '<ac:link><ri:space ri:space-key="DOCS" /></ac:link></p>';
    expect(md(storage)).toBe('News the spec (spec.pdf) [jump](#section-1) DOCS');
  });

  it('writes mentions as @name, or @ the account id, user key or user name', () => {
    const storage =
      '<p><ac:link><ri:user ri:account-id="5b10a2844c20165700ede21g" /></ac:link> ' +
      '<ac:link><ri:user ri:userkey="8a7f808a1" /></ac:link> ' +
      '<ac:link><ri:user ri:username="jdoe" /></ac:link> ' +
      '<ac:link><ri:user ri:account-id="x" /><ac:plain-text-link-body><![CDATA[Jane Doe]]></ac:plain-text-link-body></ac:link></p>';
    expect(md(storage)).toBe('@5b10a2844c20165700ede21g @8a7f808a1 @jdoe @Jane Doe');
  });

  it('keeps the CDATA link body verbatim, brackets included', () => {
    const storage =
      '<p><ac:link><ri:page ri:content-title="L" /><ac:plain-text-link-body><![CDATA[Another [Link]]]></ac:plain-text-link-body></ac:link></p>';
    expect(md(storage)).toBe('Another [Link] (L)');
  });
});

describe('images and emoticons', () => {
  it('names images by alt text, then file name, then the URL path', () => {
    expect(
      md('<p><ac:image ac:alt="diagram"><ri:attachment ri:filename="d.png" /></ac:image></p>'),
    ).toBe('[image: diagram]');
    expect(
      md('<p><ac:image ac:height="250"><ri:attachment ri:filename="diagram.png" /></ac:image></p>'),
    ).toBe('[image: diagram.png]');
    expect(
      md(
        '<p><ac:image><ri:url ri:value="https://x.test/img/a%20b.png?v=1&amp;w=2" /></ac:image></p>',
      ),
    ).toBe('[image: a b.png]');
    expect(md('<p><img src="https://x.test/logo.svg" /></p>')).toBe('[image: logo.svg]');
  });

  it('gives a standalone image its own paragraph', () => {
    const storage =
      '<ac:image><ri:attachment ri:filename="a.png" /></ac:image><ac:image><ri:attachment ri:filename="b.png" /></ac:image>';
    expect(md(storage)).toBe('[image: a.png]\n\n[image: b.png]');
  });

  it('shows emoticons as their emoji fallback, their id, or :name:', () => {
    const storage =
      '<p><ac:emoticon ac:name="smile" ac:emoji-shortname=":slight_smile:" ac:emoji-id="1f642" ac:emoji-fallback="&#128578;" />' +
      ' <ac:emoticon ac:name="clipboard" ac:emoji-id="1f4cb" />' +
      ' <ac:emoticon ac:name="tick" />' +
      ' <ac:emoticon ac:name="made-up" /></p>';
    expect(md(storage)).toBe('🙂 📋 ✅ :made-up:');
  });
});

describe('inline macros and markers', () => {
  it('shows status lozenges as [STATUS] without their colour', () => {
    const storage =
      '<p>State: <ac:structured-macro ac:name="status"><ac:parameter ac:name="colour">Green</ac:parameter><ac:parameter ac:name="title">DONE</ac:parameter></ac:structured-macro></p>';
    expect(md(storage)).toBe('State: [DONE]');
  });

  it('shows a Jira macro as its issue key, without server parameters', () => {
    const storage =
      '<p>See <ac:structured-macro ac:name="jira"><ac:parameter ac:name="server">System JIRA</ac:parameter><ac:parameter ac:name="serverId">a1b2c3</ac:parameter><ac:parameter ac:name="key">ABC-123</ac:parameter></ac:structured-macro>.</p>';
    expect(md(storage)).toBe('See ABC-123.');
  });

  it('keeps inline comment text, drops placeholders, and shows dates', () => {
    const storage =
      '<p><ac:inline-comment-marker ac:ref="u">annotated</ac:inline-comment-marker> <ac:placeholder>Type here</ac:placeholder>due<time datetime="2030-01-02" />.</p>';
    expect(md(storage)).toBe('annotated due 2030-01-02 .');
  });
});

describe('link texts', () => {
  it('escapes brackets that do not pair up, so the link stays a link', () => {
    expect(md('<p><a href="https://x.test">a]b</a> <a href="https://x.test">[ok]</a></p>')).toBe(
      '[a\\]b](https://x.test) [[ok]](https://x.test)',
    );
  });
});
