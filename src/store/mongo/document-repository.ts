/**
 * Indexed pages (`documents`) and their chunks (`chunks`) in MongoDB.
 *
 * Replacing a page never shows a reader the page with none or half of its chunks. Every
 * `replacePage` call tags its chunks with a fresh `writeId` and runs three steps:
 *   1. insert the new chunks (tagged with the new writeId);
 *   2. upsert the document, pointing at the new writeId (and carrying version and runId);
 *   3. delete the page's chunks with any other writeId.
 * A crash after 1 leaves extra chunks of the newer write beside the complete older set; a crash
 * after 2 leaves the older chunks beside the complete newer set. Either way the next
 * `replacePage` of the page, or `removeNotSeenBy` at the end of a full run (which sweeps chunks
 * no document points at), cleans them up. Writing the same version twice is safe too, since the
 * writeId, not the version, tells old chunks from new.
 */
import { ObjectId, type Collection, type Document } from 'mongodb';
import { AppError } from '../../errors';
import type { Chunk, StoredDocument } from '../../domain/models';
import type { DocumentRepository } from '../../domain/ports';
import { parseId, requireId } from './ids';
import { toStoredDocument } from './records';

export interface DocumentCollections {
  documents: Collection;
  chunks: Collection;
}

function checkChunks(document: StoredDocument, chunks: Chunk[]): void {
  const stray = chunks.find(
    (chunk) => chunk.dataSourceId !== document.dataSourceId || chunk.pageId !== document.pageId,
  );
  if (stray) {
    throw new AppError('internal', 'A chunk was given with a page it does not belong to.', {
      details: { pageId: document.pageId, chunkPageId: stray.pageId },
    });
  }
}

export class MongoDocumentRepository implements DocumentRepository {
  constructor(private readonly collections: DocumentCollections) {}

  private get documents() {
    return this.collections.documents;
  }

  private get chunks() {
    return this.collections.chunks;
  }

  async get(dataSourceId: string, pageId: string): Promise<StoredDocument | null> {
    const owner = parseId(dataSourceId);
    const record = owner && (await this.documents.findOne({ dataSourceId: owner, pageId }));
    return record ? toStoredDocument(record) : null;
  }

  async versions(dataSourceId: string, pageIds: string[]): Promise<Map<string, number>> {
    const owner = parseId(dataSourceId);
    const versions = new Map<string, number>();
    if (!owner || pageIds.length === 0) return versions;
    const records = await this.documents
      .find(
        { dataSourceId: owner, pageId: { $in: pageIds } },
        { projection: { pageId: 1, version: 1 } },
      )
      .toArray();
    for (const record of records) versions.set(record.pageId as string, record.version as number);
    return versions;
  }

  /** See the file comment for the order of steps. `chunkCount` is taken from `chunks`. */
  async replacePage(document: StoredDocument, chunks: Chunk[]): Promise<void> {
    checkChunks(document, chunks);
    const dataSourceId = requireId(document.dataSourceId, 'data source');
    const runId = requireId(document.runId, 'run');
    const writeId = new ObjectId();
    const page = { dataSourceId, pageId: document.pageId };

    // 1. The new chunks, beside the old ones.
    if (chunks.length > 0) {
      await this.chunks.insertMany(chunks.map((chunk) => ({ ...chunk, dataSourceId, writeId })));
    }

    // 2. The document now points at them.
    const record: Document = {
      ...document,
      dataSourceId,
      runId,
      seenByRunId: runId,
      writeId,
      chunkCount: chunks.length,
    };
    await this.documents.updateOne(page, { $set: record }, { upsert: true });

    // 3. The old chunks go.
    await this.chunks.deleteMany({ ...page, writeId: { $ne: writeId } });
  }

  /** Removes pages not seen by `runId`, their chunks, and chunks no document points at. */
  async removeNotSeenBy(dataSourceId: string, runId: string): Promise<number> {
    const owner = requireId(dataSourceId, 'data source');
    const run = requireId(runId, 'run');
    const stale = await this.documents
      .find({ dataSourceId: owner, seenByRunId: { $ne: run } }, { projection: { pageId: 1 } })
      .toArray();
    const removed = await this.removePages(
      dataSourceId,
      stale.map((record) => record.pageId),
    );
    await this.sweepOrphanChunks(owner);
    return removed;
  }

  async markSeen(dataSourceId: string, pageIds: string[], runId: string): Promise<void> {
    if (pageIds.length === 0) return;
    const owner = requireId(dataSourceId, 'data source');
    await this.documents.updateMany(
      { dataSourceId: owner, pageId: { $in: pageIds } },
      { $set: { seenByRunId: requireId(runId, 'run') } },
    );
  }

  /** Documents go first, then chunks: a crash in between leaves chunks the next sweep removes. */
  async removePages(dataSourceId: string, pageIds: string[]): Promise<number> {
    const owner = parseId(dataSourceId);
    if (!owner || pageIds.length === 0) return 0;
    const selector = { dataSourceId: owner, pageId: { $in: pageIds } };
    const { deletedCount } = await this.documents.deleteMany(selector);
    await this.chunks.deleteMany(selector);
    return deletedCount;
  }

  /** Documents first, then every chunk of the data source (leftovers of interrupted writes too). */
  async removeAll(dataSourceId: string): Promise<number> {
    const owner = parseId(dataSourceId);
    if (!owner) return 0;
    const { deletedCount } = await this.documents.deleteMany({ dataSourceId: owner });
    await this.chunks.deleteMany({ dataSourceId: owner });
    return deletedCount;
  }

  /** Pages, and the chunks those pages point at (leftovers of interrupted writes not counted). */
  async count(dataSourceId: string): Promise<{ pages: number; chunks: number }> {
    const owner = parseId(dataSourceId);
    if (!owner) return { pages: 0, chunks: 0 };
    const [totals] = await this.documents
      .aggregate([
        { $match: { dataSourceId: owner } },
        { $group: { _id: null, pages: { $sum: 1 }, chunks: { $sum: '$chunkCount' } } },
      ])
      .toArray();
    return { pages: totals?.pages ?? 0, chunks: totals?.chunks ?? 0 };
  }

  /** Deletes chunks of the data source whose writeId no document points at. */
  private async sweepOrphanChunks(dataSourceId: ObjectId): Promise<void> {
    const current = await this.documents
      .find({ dataSourceId }, { projection: { writeId: 1 } })
      .toArray();
    await this.chunks.deleteMany({
      dataSourceId,
      writeId: { $nin: current.map((record) => record.writeId) },
    });
  }
}
