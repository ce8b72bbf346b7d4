/**
 * Storage-format samples from the real Confluence fixtures in `../shared/fixtures/confluence-real`
 * (read in place: two of the source folders are GPL/LGPL and are not copied into this repo).
 * Each sample has an id: the file's path below the fixtures folder, plus `#n` when the file holds
 * several page bodies (space exports, JSON records).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures/confluence-real');

export interface StorageSample {
  id: string;
  storage: string;
}

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? walk(full) : [full];
    });
}

/** Page bodies of a Confluence XML space export; inner CDATA ends are escaped as `]] >`. */
function exportBodies(xml: string): string[] {
  const bodies = xml.matchAll(/<property name="body"><!\[CDATA\[([\s\S]*?)\]\]><\/property>/g);
  return [...bodies].map((match) => match[1].replace(/\]\] >/g, ']]>'));
}

/** The `.input|confluence+xhtml/1.0` section of an XWiki rendering test. */
function xwikiTestInput(text: string): string[] {
  const match = /\.input\|confluence\+xhtml\/1\.0\n(?:\.#.*\n)*([\s\S]*?)\n\.#-+\n\.expect/.exec(
    text,
  );
  return match ? [match[1]] : [];
}

/** Every `body.storage.value` string anywhere in a JSON document. */
function jsonStorageValues(json: unknown): string[] {
  if (Array.isArray(json)) return json.flatMap(jsonStorageValues);
  if (json === null || typeof json !== 'object') return [];
  const record = json as Record<string, unknown>;
  const storage = record.storage as Record<string, unknown> | undefined;
  const own = typeof storage?.value === 'string' ? [storage.value] : [];
  return [...own, ...Object.values(record).flatMap(jsonStorageValues)];
}

function bodiesOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const name = path.basename(file);
  if (name === 'SOURCES.md') return [];
  if (name === 'entities.xml') return exportBodies(text);
  if (name.endsWith('.test')) return xwikiTestInput(text);
  if (name.endsWith('.jsonl')) {
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .flatMap((line) => jsonStorageValues(JSON.parse(line)));
  }
  if (name.endsWith('.json')) return jsonStorageValues(JSON.parse(text));
  return [text];
}

/** Every storage body in the fixtures, in a stable order. */
export function loadStorageSamples(): StorageSample[] {
  return walk(FIXTURES).flatMap((file) => {
    const relative = path.relative(FIXTURES, file).split(path.sep).join('/');
    const bodies = bodiesOf(file);
    return bodies.map((storage, i) => ({
      id: bodies.length > 1 ? `${relative}#${i + 1}` : relative,
      storage,
    }));
  });
}

export function sampleById(id: string): StorageSample {
  const found = loadStorageSamples().find((sample) => sample.id === id);
  if (!found) throw new Error(`No fixture sample ${id} in ${FIXTURES}`);
  return found;
}
