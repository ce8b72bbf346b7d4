/** pageToChunks: a fetched page converted and chunked in one call, for the indexing job. */
import type { ConfluencePage } from '../../src/domain/ports';
import { pageToChunks } from '../../src/convert/page-to-chunks';

function page(overrides: Partial<ConfluencePage> = {}): ConfluencePage {
  return {
    id: '123456789',
    type: 'page',
    title: 'Deploy runbook',
    version: 7,
    lastModified: new Date('2025-01-02T03:04:05.678Z'),
    status: 'current',
    space: { key: 'DOCS', name: 'Documentation' },
    ancestors: [
      { id: '98766', title: 'Documentation Home' },
      { id: '111222', title: 'Operations' },
    ],
    labels: ['runbook', 'ops'],
    url: 'https://acme.example/wiki/spaces/DOCS/pages/123456789/Deploy+runbook',
    storage:
      '<h1>Steps</h1><p>See <a href="/wiki/spaces/DOCS/pages/1">the checklist</a>.</p>' +
      '<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">bash</ac:parameter>' +
      '<ac:plain-text-body><![CDATA[make deploy]]></ac:plain-text-body></ac:structured-macro>',
    ...overrides,
  };
}

describe('pageToChunks', () => {
  it('converts the body and gives every chunk the page metadata', () => {
    const chunks = pageToChunks(page(), 'ds-9', { size: 1500, overlap: 150 });
    expect(chunks).toEqual([
      {
        dataSourceId: 'ds-9',
        pageId: '123456789',
        version: 7,
        index: 0,
        text: '# Steps\n\nSee [the checklist](https://acme.example/wiki/spaces/DOCS/pages/1).\n\n```bash\nmake deploy\n```',
        headingPath: ['Steps'],
        title: 'Deploy runbook',
        breadcrumb: ['Documentation Home', 'Operations'],
        spaceKey: 'DOCS',
        url: 'https://acme.example/wiki/spaces/DOCS/pages/123456789/Deploy+runbook',
        labels: ['runbook', 'ops'],
        lastModified: new Date('2025-01-02T03:04:05.678Z'),
      },
    ]);
  });

  it('cuts long pages into several chunks of the configured size', () => {
    const storage = `<h2>Long</h2>${'<p>Some sentence about deployments. </p>'.repeat(200)}`;
    const chunks = pageToChunks(page({ storage }), 'ds-9', { size: 500, overlap: 50 });
    expect(chunks.length).toBeGreaterThan(10);
    chunks.forEach((chunk, i) => {
      expect(chunk.index).toBe(i);
      expect(chunk.text.length).toBeLessThanOrEqual(500);
      expect(chunk.headingPath).toEqual(['Long']);
    });
  });

  it('gives a page without text no chunks', () => {
    const storage = '<ac:structured-macro ac:name="children" /><p>&nbsp;</p>';
    expect(pageToChunks(page({ storage }), 'ds-9', { size: 1500, overlap: 150 })).toEqual([]);
  });

  it('leaves relative links alone when the page URL is not a URL', () => {
    const chunks = pageToChunks(page({ url: 'not a url' }), 'ds-9', { size: 1500, overlap: 150 });
    expect(chunks[0].text).toContain('[the checklist](/wiki/spaces/DOCS/pages/1)');
  });
});
