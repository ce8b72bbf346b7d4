import type { Collection } from 'mongodb';
import { COLLECTIONS } from '../../src/store';
import { MongoDocumentRepository } from '../../src/store/mongo/document-repository';
import { useTestDatabase } from '../support/mongo';
import { chunksOf, freshRepositories, newId, storedDocument, type Repositories } from './factories';

const mongo = useTestDatabase();
let repos: Repositories;
let dataSourceId: string;

beforeEach(async () => {
  repos = await freshRepositories(mongo);
  dataSourceId = newId();
});

const page = (pageId: string, version = 1, runId = newId()) =>
  storedDocument({ dataSourceId, pageId, version, runId, title: `Page ${pageId}` });

/** The chunk texts stored for a page, in order. */
async function chunkTexts(pageId: string): Promise<string[]> {
  const chunks = await mongo.db
    .collection(COLLECTIONS.chunks)
    .find({ pageId })
    .sort({ index: 1, text: 1 })
    .toArray();
  return chunks.map((chunk) => chunk.text as string);
}

/** A collection whose `method` fails once, as a crash between two steps would. */
function failingOnce(collection: Collection, method: 'updateOne' | 'deleteMany'): Collection {
  let failed = false;
  return new Proxy(collection, {
    get(target, property, receiver) {
      if (property === method && !failed) {
        return async () => {
          failed = true;
          throw new Error('simulated crash');
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('MongoDocumentRepository', () => {
  test('replacePage stores the document and its chunks, and get reads the document back', async () => {
    const document = page('1');

    await repos.documents.replacePage(document, chunksOf(document, 3));

    expect(await repos.documents.get(dataSourceId, '1')).toEqual({ ...document, chunkCount: 3 });
    expect(await chunkTexts('1')).toEqual(['text part 0', 'text part 1', 'text part 2']);
    expect(await repos.documents.get(dataSourceId, 'missing')).toBeNull();
  });

  test('replacePage of a new version replaces every chunk of the old one', async () => {
    const v1 = page('1', 1);
    await repos.documents.replacePage(v1, chunksOf(v1, 3, 'old'));
    const v2 = page('1', 2);

    await repos.documents.replacePage(v2, chunksOf(v2, 2, 'new'));

    expect(await chunkTexts('1')).toEqual(['new part 0', 'new part 1']);
    expect(await repos.documents.count(dataSourceId)).toEqual({ pages: 1, chunks: 2 });
  });

  test('replacePage of the same version again does not duplicate chunks', async () => {
    const document = page('1');
    await repos.documents.replacePage(document, chunksOf(document, 2, 'first'));

    await repos.documents.replacePage(document, chunksOf(document, 2, 'second'));

    expect(await chunkTexts('1')).toEqual(['second part 0', 'second part 1']);
  });

  test('a crash after the new chunks are written keeps the old page whole', async () => {
    const v1 = page('1', 1);
    await repos.documents.replacePage(v1, chunksOf(v1, 2, 'old'));
    const crashing = new MongoDocumentRepository({
      documents: failingOnce(mongo.db.collection(COLLECTIONS.documents), 'updateOne'),
      chunks: mongo.db.collection(COLLECTIONS.chunks),
    });
    const v2 = page('1', 2);

    await expect(crashing.replacePage(v2, chunksOf(v2, 3, 'new'))).rejects.toThrow('simulated');

    // The document still describes version 1, whose chunks are all there (extra new ones beside).
    expect((await repos.documents.get(dataSourceId, '1'))?.version).toBe(1);
    const texts = await chunkTexts('1');
    expect(texts.filter((t) => t.startsWith('old'))).toHaveLength(2);

    // The next write of the page cleans up.
    await repos.documents.replacePage(v2, chunksOf(v2, 3, 'new'));
    expect(await chunkTexts('1')).toEqual(['new part 0', 'new part 1', 'new part 2']);
  });

  test('a crash before the old chunks are deleted keeps the new page whole, and pruning cleans up', async () => {
    const runId = newId();
    const v1 = page('1', 1, runId);
    await repos.documents.replacePage(v1, chunksOf(v1, 2, 'old'));
    const crashing = new MongoDocumentRepository({
      documents: mongo.db.collection(COLLECTIONS.documents),
      chunks: failingOnce(mongo.db.collection(COLLECTIONS.chunks), 'deleteMany'),
    });
    const v2 = page('1', 2, runId);

    await expect(crashing.replacePage(v2, chunksOf(v2, 3, 'new'))).rejects.toThrow('simulated');

    expect((await repos.documents.get(dataSourceId, '1'))?.version).toBe(2);
    const texts = await chunkTexts('1');
    expect(texts.filter((t) => t.startsWith('new'))).toHaveLength(3);

    // A later run that finds the page unchanged still ends with only the current chunks.
    const nextRun = newId();
    await repos.documents.markSeen(dataSourceId, ['1'], nextRun);
    await repos.documents.removeNotSeenBy(dataSourceId, nextRun);
    expect(await chunkTexts('1')).toEqual(['new part 0', 'new part 1', 'new part 2']);
  });

  test('replacePage refuses chunks of another page', async () => {
    const document = page('1');
    const stray = chunksOf(page('2'), 1);

    await expect(repos.documents.replacePage(document, stray)).rejects.toMatchObject({
      code: 'internal',
    });
    expect(await repos.documents.get(dataSourceId, '1')).toBeNull();
  });

  test('versions gives the stored version of each known page', async () => {
    await repos.documents.replacePage(page('1', 4), []);
    await repos.documents.replacePage(page('2', 7), []);

    const versions = await repos.documents.versions(dataSourceId, ['1', '2', '3']);

    expect(versions).toEqual(
      new Map([
        ['1', 4],
        ['2', 7],
      ]),
    );
    expect(await repos.documents.versions(newId(), ['1'])).toEqual(new Map());
  });

  test('removeNotSeenBy removes only pages the run neither wrote nor marked seen', async () => {
    const oldRun = newId();
    const run = newId();
    for (const id of ['written', 'seen', 'gone']) {
      const document = page(id, 1, oldRun);
      await repos.documents.replacePage(document, chunksOf(document, 2));
    }
    const rewritten = page('written', 2, run);
    await repos.documents.replacePage(rewritten, chunksOf(rewritten, 1));
    await repos.documents.markSeen(dataSourceId, ['seen'], run);

    const removed = await repos.documents.removeNotSeenBy(dataSourceId, run);

    expect(removed).toBe(1);
    expect(await repos.documents.get(dataSourceId, 'gone')).toBeNull();
    expect(await chunkTexts('gone')).toEqual([]);
    expect(await repos.documents.count(dataSourceId)).toEqual({ pages: 2, chunks: 3 });
  });

  test('removeNotSeenBy leaves other data sources alone', async () => {
    const other = storedDocument({ dataSourceId: newId(), pageId: 'x' });
    await repos.documents.replacePage(other, chunksOf(other, 1));

    expect(await repos.documents.removeNotSeenBy(dataSourceId, newId())).toBe(0);
    expect(await repos.documents.count(other.dataSourceId)).toEqual({ pages: 1, chunks: 1 });
  });

  test('removePages removes the given pages and their chunks', async () => {
    for (const id of ['1', '2', '3']) {
      const document = page(id);
      await repos.documents.replacePage(document, chunksOf(document, 1));
    }

    expect(await repos.documents.removePages(dataSourceId, ['1', '3', 'unknown'])).toBe(2);
    expect(await repos.documents.count(dataSourceId)).toEqual({ pages: 1, chunks: 1 });
    expect(await repos.documents.removePages(dataSourceId, [])).toBe(0);
  });

  test('removeAll removes every page and chunk of the data source, and no other', async () => {
    for (const id of ['1', '2']) {
      const document = page(id);
      await repos.documents.replacePage(document, chunksOf(document, 2));
    }
    // Chunks of a write that crashed before its document: no document points at them.
    const crashing = new MongoDocumentRepository({
      documents: failingOnce(mongo.db.collection(COLLECTIONS.documents), 'updateOne'),
      chunks: mongo.db.collection(COLLECTIONS.chunks),
    });
    const leftover = page('3');
    await expect(crashing.replacePage(leftover, chunksOf(leftover, 1))).rejects.toThrow(
      'simulated',
    );
    expect(await chunkTexts('3')).toHaveLength(1);
    const other = storedDocument({ dataSourceId: newId(), pageId: '1' });
    await repos.documents.replacePage(other, chunksOf(other, 1));

    expect(await repos.documents.removeAll(dataSourceId)).toBe(2);
    expect(await repos.documents.count(dataSourceId)).toEqual({ pages: 0, chunks: 0 });
    expect(await chunkTexts('3')).toEqual([]);
    expect(await repos.documents.count(other.dataSourceId)).toEqual({ pages: 1, chunks: 1 });
    expect(await repos.documents.removeAll(newId())).toBe(0);
  });

  test('count of an unknown data source is zero', async () => {
    expect(await repos.documents.count(newId())).toEqual({ pages: 0, chunks: 0 });
  });
});
