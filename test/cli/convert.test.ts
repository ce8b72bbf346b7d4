/**
 * `datasource-bot convert`: Markdown or chunks from storage files and REST content JSON, standard
 * input, and a clear error with exit code 2 for every kind of bad input.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runConvert, type ConvertDeps } from '../../src/cli/commands/convert';
import { buildProgram, main } from '../../src/cli/main';
import { EXIT } from '../../src/cli/exit-codes';
import { storageToMarkdown } from '../../src/convert/storage-to-markdown';
import { isAppError } from '../../src/errors';
import { FIXTURES } from '../convert/fixture-samples';

const RELEASE_PAGE = path.join(
  FIXTURES,
  'let-sunny__confluence-to-notion/tests/fixtures/converter/29130800.xhtml',
);
const GO_ATLASSIAN_CONTENT = path.join(
  FIXTURES,
  'ctreminiom__go-atlassian/confluence/mocks/get-content.json',
);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'convert-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const full = path.join(dir, name);
  writeFileSync(full, text);
  return full;
}

/** A Cloud `GET content/{id}` answer with the expansions indexing asks for. */
function content(id: string, title: string, storage: string) {
  return {
    id,
    type: 'page',
    status: 'current',
    title,
    space: { key: 'DOCS', name: 'Documentation' },
    version: { number: 7, when: '2025-01-02T03:04:05.678Z' },
    ancestors: [{ id: '1', title: 'Documentation Home' }],
    metadata: { labels: { results: [{ prefix: 'global', name: 'runbook' }] } },
    body: { storage: { value: storage, representation: 'storage' } },
    _links: { base: 'https://acme.example/wiki', webui: `/spaces/DOCS/pages/${id}/${title}` },
  };
}

/** Runs the real program with stdout and stderr captured. */
async function run(...args: string[]): Promise<{ out: string; err: string; code: number }> {
  const out: string[] = [];
  const err: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  const error = jest.spyOn(console, 'error').mockImplementation((...parts) => {
    err.push(parts.join(' '));
  });
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await main(['node', 'datasource-bot', 'convert', ...args]);
    return { out: out.join(''), err: err.join('\n'), code: Number(process.exitCode ?? EXIT.ok) };
  } finally {
    process.exitCode = before;
    write.mockRestore();
    error.mockRestore();
  }
}

describe('convert, Markdown', () => {
  it('prints the Markdown of a storage-format file', async () => {
    const result = await run(RELEASE_PAGE);
    expect(result.code).toBe(EXIT.ok);
    expect(result.out).toBe(`${storageToMarkdown(readFileSync(RELEASE_PAGE, 'utf8'))}\n`);
    expect(result.out).toContain('Primary release ticket: PROJ-1234');
  });

  it('converts the body of a REST content object, resolving site-relative links', async () => {
    const json = content(
      '42',
      'Runbook',
      '<p>See <a href="/wiki/x">x</a> and <strong>this</strong>.</p>',
    );
    const result = await run(file('page.json', JSON.stringify(json)));
    expect(result).toEqual({
      out: 'See [x](https://acme.example/wiki/x) and **this**.\n',
      err: '',
      code: EXIT.ok,
    });
  });

  it('converts every page of an array or a results envelope under its title', async () => {
    const pages = [content('1', 'First', '<p>one</p>'), content('2', 'Second', '<p>two</p>')];
    const expected = '# First\n\none\n\n# Second\n\ntwo\n';
    expect((await run(file('array.json', JSON.stringify(pages)))).out).toBe(expected);
    const envelope = {
      results: pages,
      start: 0,
      limit: 25,
      size: 2,
      _links: { base: 'https://acme.example/wiki' },
    };
    expect((await run(file('results.json', JSON.stringify(envelope)))).out).toBe(expected);
  });

  it('converts bare content JSON that lacks version and links', async () => {
    const json = { title: 'Bare', body: { storage: { value: '<h2>Hi</h2>' } } };
    expect((await run(file('bare.json', JSON.stringify(json)))).out).toBe('## Hi\n');
  });
});

describe('convert --chunks', () => {
  it('prints one JSON line per chunk with the page metadata', async () => {
    const json = content('42', 'Runbook', '<h1>Steps</h1><p>Do it.</p>');
    const result = await run(file('chunk.json', JSON.stringify(json)), '--chunks');
    const lines = result.out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      {
        dataSourceId: 'cli',
        pageId: '42',
        version: 7,
        index: 0,
        text: '# Steps\n\nDo it.',
        headingPath: ['Steps'],
        title: 'Runbook',
        breadcrumb: ['Documentation Home'],
        spaceKey: 'DOCS',
        url: 'https://acme.example/wiki/spaces/DOCS/pages/42/Runbook',
        labels: ['runbook'],
        lastModified: '2025-01-02T03:04:05.678Z',
      },
    ]);
  });

  it('honours --chunk-size and --overlap', async () => {
    const result = await run(RELEASE_PAGE, '--chunks', '--chunk-size', '200', '--overlap', '20');
    const chunks = result.out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(chunks.length).toBeGreaterThan(4);
    for (const chunk of chunks) {
      expect(chunk.title).toBe('29130800');
      expect(chunk.text.length).toBeLessThanOrEqual(200);
    }
  });

  it('takes the default size and overlap from CHUNK_SIZE and CHUNK_OVERLAP', async () => {
    const out: string[] = [];
    const deps: ConvertDeps = {
      env: { CHUNK_SIZE: '300', CHUNK_OVERLAP: '30' },
      stdout: (text) => out.push(text),
      stdin: () => [readFileSync(RELEASE_PAGE)],
      now: () => new Date('2030-01-01T00:00:00Z'),
    };
    await runConvert('-', { chunks: true }, deps);
    const chunks = out
      .join('')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(300);
      expect(chunk.lastModified).toBe('2030-01-01T00:00:00.000Z');
      expect(chunk.title).toBe('stdin');
    }
  });
});

describe('convert from standard input', () => {
  it('reads the page from - ', async () => {
    const out: string[] = [];
    const deps: ConvertDeps = {
      env: {},
      stdout: (text) => out.push(text),
      stdin: () => ['<p>from &ldquo;', 'stdin&rdquo;</p>'],
      now: () => new Date(0),
    };
    await runConvert('-', {}, deps);
    expect(out.join('')).toBe('from “stdin”\n');
  });
});

describe('convert with bad input', () => {
  it.each([
    ['a missing file', () => path.join(dir, 'missing.xhtml'), /missing\.xhtml: no such file/],
    [
      'a directory',
      () => (mkdirSync(path.join(dir, 'folder'), { recursive: true }), path.join(dir, 'folder')),
      /it is a directory/,
    ],
    ['an empty file', () => file('empty.xml', '  \n'), /is empty/],
    [
      'broken JSON',
      () => file('broken.json', '{"title": "x",'),
      /looks like JSON but cannot be read/,
    ],
    [
      'content JSON without a body (a real go-atlassian mock)',
      () => GO_ATLASSIAN_CONTENT,
      /is not Confluence content with body\.storage\.value/,
    ],
    ['an empty list', () => file('empty-list.json', '[]'), /holds an empty list/],
    [
      'an empty results envelope',
      () => file('empty-results.json', '{"results": []}'),
      /holds an empty list/,
    ],
    ['JSON null in a .json file', () => file('null.json', 'null'), /is JSON but not Confluence/],
    ['a bare JSON string', () => file('string.json', '"just a string"'), /is JSON but not/],
    [
      'an array with something else in it',
      () => file('mixed.json', JSON.stringify([{ body: { storage: { value: '' } } }, 3])),
      /result 2 is not Confluence content/,
    ],
  ])('reports %s and exits with code 2', async (_name, make, message) => {
    const result = await run(make());
    expect(result.code).toBe(EXIT.usage);
    expect(result.out).toBe('');
    expect(result.err).toMatch(message);
    expect(result.err).toMatch(/Check the path|expand=body\.storage/);
  });

  it('refuses binary input such as /dev/urandom with exit code 2', async () => {
    const result = await run('/dev/urandom');

    expect(result.code).toBe(EXIT.usage);
    expect(result.out).toBe('');
    expect(result.err).toContain('/dev/urandom is not text (it contains NUL bytes)');
  });

  it('refuses a file that is not UTF-8 with exit code 2', async () => {
    const latin1 = path.join(dir, 'latin1.xml');
    writeFileSync(latin1, Buffer.from('<p>caf\xe9</p>', 'latin1'));

    const result = await run(latin1);

    expect(result.code).toBe(EXIT.usage);
    expect(result.err).toContain('is not text (it is not UTF-8)');
  });

  it('refuses a file larger than 20 MB before reading it', async () => {
    const big = path.join(dir, 'big.xml');
    writeFileSync(big, '<p>');
    truncateSync(big, 20 * 1024 * 1024 + 1);

    const result = await run(big);

    expect(result.code).toBe(EXIT.usage);
    expect(result.err).toContain('big.xml is larger than 20 MB, the most convert reads.');
  });

  it.each([
    [['--chunks', '--chunk-size', 'abc']],
    [['--chunks', '--chunk-size', '5']],
    [['--chunks', '--overlap', '-3']],
    [['--chunks', '--chunk-size', '200', '--overlap', '200']],
  ])('refuses the options %j with exit code 2', async (options) => {
    const result = await run(RELEASE_PAGE, ...options);
    expect(result.code).toBe(EXIT.usage);
    expect(result.out).toBe('');
    expect(result.err).toMatch(/--(chunk-size|overlap)|overlap must be/i);
  });

  it('words a --chunk-size that is not a number for people', async () => {
    const result = await run(RELEASE_PAGE, '--chunks', '--chunk-size', 'abc');

    expect(result.err).toContain(
      'error: Invalid option: --chunk-size must be a whole number of characters.',
    );
    expect(result.err).not.toMatch(/NaN|expected|received/);
  });

  it('throws an invalid_input AppError through the program', async () => {
    expect.assertions(1);
    try {
      await buildProgram().parseAsync([
        'node',
        'datasource-bot',
        'convert',
        path.join(dir, 'nope'),
      ]);
    } catch (error) {
      expect(isAppError(error, 'invalid_input')).toBe(true);
    }
  });
});
