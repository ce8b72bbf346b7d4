/**
 * Server-side cursors for find, aggregate, listIndexes and listCollections. A cursor holds the
 * rest of its result (computed when it was opened) until `getMore` drains it or `killCursors`
 * drops it. Batches are capped by count (101 for a first batch by default, as MongoDB does) and
 * by size, so that a reply stays under the 16 MiB document limit.
 */
import { BSON, Long, type Document } from 'bson';
import { CommandError } from './errors';
import { MAX_BSON_OBJECT_SIZE } from './wire';

const DEFAULT_FIRST_BATCH = 101;
const BATCH_BYTES = MAX_BSON_OBJECT_SIZE - 64 * 1024;

interface OpenCursor {
  namespace: string;
  /** The whole result; `next` is the first document not returned yet. */
  documents: Document[];
  next: number;
}

export class CursorRegistry {
  private readonly open = new Map<number, OpenCursor>();
  private nextId = 1_000 + Math.floor(Math.random() * 1_000_000);

  /** The next batch of `documents` from position `start`: at most `batchSize` and the byte cap. */
  private take(documents: Document[], start: number, batchSize: number | undefined): Document[] {
    const limit = batchSize && batchSize > 0 ? batchSize : documents.length;
    const batch: Document[] = [];
    let bytes = 0;
    for (let i = start; i < documents.length; i++) {
      const document = documents[i];
      if (batch.length >= limit) break;
      bytes += BSON.calculateObjectSize(document);
      if (batch.length > 0 && bytes > BATCH_BYTES) break;
      batch.push(document);
    }
    return batch;
  }

  /** The `cursor` field of a reply; keeps a server cursor only if documents remain. */
  first(
    namespace: string,
    documents: Document[],
    batchSize?: number,
    singleBatch = false,
  ): Document {
    const firstBatch = this.take(documents, 0, batchSize ?? DEFAULT_FIRST_BATCH);
    let id = 0;
    if (firstBatch.length < documents.length && !singleBatch) {
      id = this.nextId++;
      this.open.set(id, { namespace, documents, next: firstBatch.length });
    }
    return { id: Long.fromNumber(id), ns: namespace, firstBatch };
  }

  /** The `cursor` field of a getMore reply. Throws CursorNotFound (43) for unknown ids. */
  more(id: number, namespace: string, batchSize?: number): Document {
    const cursor = this.open.get(id);
    if (!cursor || cursor.namespace !== namespace) {
      throw new CommandError('CursorNotFound', `cursor id ${id} not found`);
    }
    const nextBatch = this.take(cursor.documents, cursor.next, batchSize);
    cursor.next += nextBatch.length;
    const exhausted = cursor.next >= cursor.documents.length;
    if (exhausted) this.open.delete(id);
    return { id: Long.fromNumber(exhausted ? 0 : id), ns: namespace, nextBatch };
  }

  /** Drops cursors; returns which existed. */
  kill(ids: number[]): { killed: number[]; notFound: number[] } {
    const killed = ids.filter((id) => this.open.delete(id));
    return { killed, notFound: ids.filter((id) => !killed.includes(id)) };
  }

  clear(): void {
    this.open.clear();
  }
}
