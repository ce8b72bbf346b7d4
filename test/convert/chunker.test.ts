/** Chunking Markdown along headings: paths, bounds, fences, tables, overlap, metadata. */
import { chunkPage, type ChunkMeta } from '../../src/convert/chunker';
import { storageToMarkdown } from '../../src/convert/storage-to-markdown';
import { isAppError } from '../../src/errors';
import { loadStorageSamples } from './fixture-samples';

function meta(overrides: Partial<ChunkMeta> = {}): ChunkMeta {
  return {
    dataSourceId: 'ds-1',
    pageId: '123',
    title: 'Deploy runbook',
    breadcrumb: ['Docs', 'Operations'],
    spaceKey: 'DOCS',
    url: 'https://acme.example/wiki/spaces/DOCS/pages/123',
    labels: ['runbook'],
    version: 7,
    lastModified: new Date('2025-01-02T03:04:05.678Z'),
    ...overrides,
  };
}

const sentence = (n: number) => `Sentence number ${n} says something useful about the topic.`;
const paragraph = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => sentence(from + i)).join(' ');

/** Fenced blocks in a text are balanced (fences may sit in quotes or after list markers). */
function fencesBalanced(text: string): boolean {
  let open: string | undefined;
  for (const line of text.split('\n')) {
    const match = /^(?:\s*>)*\s*(?:(?:[-*+]|\d+\.)\s+)?(`{3,})(.*)$/.exec(line);
    if (!match) continue;
    if (open === undefined) open = match[1];
    else if (match[1].length >= open.length && match[2].trim() === '') open = undefined;
  }
  return open === undefined;
}

/** Whether every word of `text`, in order, appears in `chunks` (which may add overlap). */
function keepsEveryWord(text: string, chunks: readonly string[]): boolean {
  const words = text.split(/\s+/).filter(Boolean);
  const available = chunks.join(' ').split(/\s+/).filter(Boolean);
  let at = 0;
  for (const word of available) {
    if (at < words.length && word === words[at]) at += 1;
  }
  return at === words.length;
}

describe('chunkPage', () => {
  it('gives each chunk the headings above it, outermost first', () => {
    const markdown =
      'Intro.\n\n# A\n\na text\n\n## B\n\nb text\n\n### C\n\nc text\n\n## D\n\nd text\n\n# E\n\ne text';
    const chunks = chunkPage(markdown, meta(), { size: 200, overlap: 20 });
    expect(chunks.map((c) => [c.headingPath, c.text])).toEqual([
      [[], 'Intro.'],
      [['A'], '# A\n\na text'],
      [['A', 'B'], '## B\n\nb text'],
      [['A', 'B', 'C'], '### C\n\nc text'],
      [['A', 'D'], '## D\n\nd text'],
      [['E'], '# E\n\ne text'],
    ]);
  });

  it('leads with headings that have no text of their own, and keeps a last lone heading', () => {
    const chunks = chunkPage('# Top\n\n## Sub\n\ntext\n\n## Empty', meta(), {
      size: 200,
      overlap: 0,
    });
    expect(chunks.map((c) => [c.headingPath, c.text])).toEqual([
      [['Top', 'Sub'], '# Top\n\n## Sub\n\ntext'],
      [['Top', 'Empty'], '## Empty'],
    ]);
  });

  it('keeps only the words of a heading in its path', () => {
    const chunks = chunkPage('## See [the guide](https://x.test) ##\n\ntext', meta(), {
      size: 200,
      overlap: 0,
    });
    expect(chunks[0].headingPath).toEqual(['See the guide']);
  });

  it('does not take headings inside code fences or list items as sections', () => {
    const markdown = '# Real\n\n```\n# comment in code\n```\n\n1. ## heading in a list';
    const chunks = chunkPage(markdown, meta(), { size: 500, overlap: 0 });
    expect(chunks).toHaveLength(1);
    expect(chunks[0].headingPath).toEqual(['Real']);
  });

  it('keeps chunks within the size, cutting at paragraphs, then sentences, then words', () => {
    const markdown = `# Long\n\n${paragraph(1, 30)}\n\n${paragraph(100, 5)}\n\n${'word '.repeat(200)}`;
    const chunks = chunkPage(markdown, meta(), { size: 300, overlap: 0 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(300);
    const sentenceChunks = chunks.filter((c) => c.text.includes('Sentence'));
    for (const chunk of sentenceChunks.slice(0, -1)) expect(chunk.text).toMatch(/\.$/);
    for (const chunk of chunks) expect(chunk.text).not.toMatch(/wor$|^ord/);
  });

  it('never cuts a code fence: an oversized fence is closed and re-opened between lines', () => {
    const code = Array.from({ length: 60 }, (_, i) => `line_${i} = compute(${i})`).join('\n');
    const markdown = `# Code\n\nBefore.\n\n\`\`\`python\n${code}\n\`\`\`\n\nAfter.`;
    const chunks = chunkPage(markdown, meta(), { size: 400, overlap: 50 });
    const codeChunks = chunks.filter((c) => c.text.includes('line_'));
    expect(codeChunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(400);
      expect(fencesBalanced(chunk.text)).toBe(true);
    }
    for (const chunk of codeChunks) expect(chunk.text).toMatch(/```python\n[\s\S]*\n```/);
    const lines = codeChunks.flatMap((c) =>
      c.text.split('\n').filter((l) => l.startsWith('line_')),
    );
    expect(lines).toEqual(code.split('\n'));
  });

  it('never cuts a table row: an oversized table repeats its header in every piece', () => {
    const rows = Array.from({ length: 40 }, (_, i) => `| key ${i} | value ${i} with some text |`);
    const markdown = `# Table\n\n| Key | Value |\n| --- | --- |\n${rows.join('\n')}`;
    const chunks = chunkPage(markdown, meta(), { size: 300, overlap: 50 });
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(300);
      const tableLines = chunk.text.split('\n').filter((line) => line.startsWith('|'));
      expect(tableLines.slice(0, 2)).toEqual(['| Key | Value |', '| --- | --- |']);
      for (const line of tableLines) expect(line).toMatch(/^\|.*\|$/);
    }
    const seen = chunks.flatMap((c) => c.text.split('\n').filter((l) => l.startsWith('| key')));
    expect(seen).toEqual(rows);
  });

  it('keeps a single row longer than the size whole rather than cutting it', () => {
    const row = `| ${'x'.repeat(500)} |`;
    const chunks = chunkPage(`| h |\n| --- |\n${row}`, meta(), { size: 200, overlap: 0 });
    expect(chunks.some((c) => c.text.includes(row))).toBe(true);
  });

  it('repeats a little text between consecutive chunks of the same section only', () => {
    const markdown = `# One\n\n${paragraph(1, 12)}\n\n# Two\n\n${paragraph(50, 2)}`;
    const chunks = chunkPage(markdown, meta(), { size: 250, overlap: 80 });
    const one = chunks.filter((c) => c.headingPath[0] === 'One');
    expect(one.length).toBeGreaterThan(1);
    for (let i = 1; i < one.length; i += 1) {
      const start = one[i].text.slice(0, 30);
      expect(one[i - 1].text).toContain(start);
      expect(start.length).toBeGreaterThan(0);
    }
    const two = chunks.find((c) => c.headingPath[0] === 'Two');
    expect(two?.text.startsWith('# Two')).toBe(true);
  });

  it('adds no overlap when the overlap is zero', () => {
    const chunks = chunkPage(`# S\n\n${paragraph(1, 12)}`, meta(), { size: 250, overlap: 0 });
    const joined = chunks.map((c) => c.text).join(' ');
    for (let n = 1; n <= 12; n += 1) expect(joined.split(sentence(n)).length).toBe(2);
  });

  it('carries the page metadata on every chunk, indexed from 0', () => {
    const given = meta();
    const chunks = chunkPage(`# A\n\n${paragraph(1, 20)}`, given, { size: 200, overlap: 20 });
    expect(chunks.length).toBeGreaterThan(3);
    chunks.forEach((chunk, i) => {
      expect(chunk).toMatchObject({
        index: i,
        dataSourceId: 'ds-1',
        pageId: '123',
        version: 7,
        title: 'Deploy runbook',
        breadcrumb: ['Docs', 'Operations'],
        spaceKey: 'DOCS',
        url: given.url,
        labels: ['runbook'],
        lastModified: given.lastModified,
      });
      expect(chunk.labels).not.toBe(given.labels);
    });
  });

  it('makes no chunk from empty or blank Markdown, and no empty chunk ever', () => {
    expect(chunkPage('', meta(), { size: 200, overlap: 0 })).toEqual([]);
    expect(chunkPage('\n\n   \n', meta(), { size: 200, overlap: 0 })).toEqual([]);
    const chunks = chunkPage('# A\n\n\n\n# B\n\ntext\n\n\n', meta(), { size: 200, overlap: 0 });
    for (const chunk of chunks) expect(chunk.text.trim()).not.toBe('');
  });

  it('is deterministic', () => {
    const markdown = storageToMarkdown(loadStorageSamples()[15].storage);
    const first = chunkPage(markdown, meta(), { size: 300, overlap: 40 });
    const second = chunkPage(markdown, meta(), { size: 300, overlap: 40 });
    expect(second).toEqual(first);
  });

  it.each([
    [{ size: 0, overlap: 0 }],
    [{ size: 10, overlap: 0 }],
    [{ size: 100.5, overlap: 0 }],
    [{ size: 100, overlap: 100 }],
    [{ size: 100, overlap: -1 }],
  ])('refuses options %j as invalid input', (options) => {
    expect.assertions(1);
    try {
      chunkPage('text', meta(), options);
    } catch (error) {
      expect(isAppError(error, 'invalid_input')).toBe(true);
    }
  });
});

describe('chunking every real fixture', () => {
  it.each(loadStorageSamples().map((sample) => [sample.id, sample.storage]))(
    '%s stays in bounds with balanced fences and whole table rows',
    (_id, storage) => {
      const markdown = storageToMarkdown(storage);
      const chunks = chunkPage(markdown, meta(), { size: 400, overlap: 60 });
      const longestRow = Math.max(0, ...markdown.split('\n').map((line) => line.length));
      for (const chunk of chunks) {
        expect(chunk.text.trim()).not.toBe('');
        expect(chunk.text.length).toBeLessThanOrEqual(Math.max(400, longestRow + 200));
        expect(fencesBalanced(chunk.text)).toBe(true);
        const outsideCode = chunk.text.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '');
        for (const line of outsideCode.split('\n')) {
          if (line.startsWith('|')) expect(line).toMatch(/\|$/);
        }
      }
      expect(
        keepsEveryWord(
          markdown,
          chunks.map((c) => c.text),
        ),
      ).toBe(true);
    },
  );
});
