/**
 * The storage-format bodies the conversion and chunking benchmarks run over: every real body in
 * `../shared/fixtures/confluence-real/` (see its SOURCES.md), read in place. Space exports and
 * JSON records give one body per page; the go-atlassian mocks carry no bodies (only placeholder
 * values) and are left out. Test-input wrappers (`<xml …>`, `<html><body>`) are removed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ConfluencePage } from '../src/domain/ports';
import { FIXTURES_DIR, stripWrapper } from '../test/fakes/confluence/fixture-pages';

export interface StorageBody {
  /** The file below the fixtures folder, with `#n` when the file holds several bodies. */
  source: string;
  storage: string;
}

function filesBelow(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? filesBelow(full) : [full];
    });
}

/** Bodies of an XML space export: `<property name="body">` CDATA, inner `]]>` written `]] >`. */
function spaceExportBodies(xml: string): string[] {
  const pattern = /<property name="body"><!\[CDATA\[([\s\S]*?)\]\]><\/property>/g;
  return [...xml.matchAll(pattern)].map((match) => match[1].replace(/\]\] >/g, ']]>'));
}

/** The Confluence input section of an XWiki rendering test (`.input|confluence+xhtml/1.0`). */
function renderingTestInput(text: string): string[] {
  const input = /\.input\|confluence\+xhtml\/1\.0\n(?:\.#.*\n)*([\s\S]*?)\n\.#-+\n\.expect/.exec(
    text,
  );
  return input ? [input[1]] : [];
}

/** `data.body.storage.value` of each record of a JSON-lines capture. */
function recordBodies(jsonl: string): string[] {
  return jsonl
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line)?.data?.body?.storage?.value)
    .filter((value): value is string => typeof value === 'string' && value !== '');
}

function bodiesIn(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const name = path.basename(file);
  if (name === 'entities.xml') return spaceExportBodies(text);
  if (name.endsWith('.test')) return renderingTestInput(text);
  if (name.endsWith('.jsonl')) return recordBodies(text);
  if (/\.(html|xhtml|xml|mraw)$/.test(name)) return [stripWrapper(text)];
  return [];
}

/** Every real storage body in the fixtures, in a stable order (49 with the fixtures of today). */
export function loadStorageBodies(): StorageBody[] {
  return filesBelow(FIXTURES_DIR).flatMap((file) => {
    const relative = path.relative(FIXTURES_DIR, file).split(path.sep).join('/');
    const bodies = bodiesIn(file).filter((storage) => storage.trim() !== '');
    return bodies.map((storage, i) => ({
      source: bodies.length > 1 ? `${relative}#${i + 1}` : relative,
      storage,
    }));
  });
}

/** Size of a body as Confluence sends it: UTF-8 bytes. */
export const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** The bodies repeated in order until their UTF-8 size reaches `targetBytes` (whole rounds). */
export function repeatToSize(bodies: readonly StorageBody[], targetBytes: number): StorageBody[] {
  const roundBytes = bodies.reduce((sum, body) => sum + utf8Bytes(body.storage), 0);
  const rounds = Math.max(1, Math.ceil(targetBytes / roundBytes));
  return Array.from({ length: rounds }, () => bodies).flat();
}

/** A fetched page around a body, as the indexing job hands it to `pageToChunks`. */
export function pageAround(body: StorageBody, index: number): ConfluencePage {
  const id = String(2_000_000 + index);
  return {
    id,
    type: 'page',
    title: `Benchmark page ${index}`,
    version: 1,
    lastModified: new Date(Date.UTC(2024, 0, 1)),
    status: 'current',
    space: { key: 'BENCH', name: 'Benchmark' },
    ancestors: [{ id: '1999999', title: 'Benchmark home' }],
    labels: ['bench'],
    url: `https://bench.example.test/wiki/spaces/BENCH/pages/${id}`,
    storage: body.storage,
  };
}
