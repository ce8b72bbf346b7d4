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
  remaining: Document[];
}

export class CursorRegistry {
  private readonly open = new Map<number, OpenCursor>();
  private nextId = 1_000 + Math.floor(Math.random() * 1_000_000);

  private take(documents: Document[], batchSize: number | undefined): Document[] {
    const limit = batchSize && batchSize > 0 ? batchSize : documents.length;
    const batch: Document[] = [];
    let bytes = 0;
    for (const document of documents) {
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
    const firstBatch = this.take(documents, batchSize ?? DEFAULT_FIRST_BATCH);
    const remaining = documents.slice(firstBatch.length);
    let id = 0;
    if (remaining.length > 0 && !singleBatch) {
      id = this.nextId++;
      this.open.set(id, { namespace, remaining });
    }
    return { id: Long.fromNumber(id), ns: namespace, firstBatch };
  }

  /** The `cursor` field of a getMore reply. Throws CursorNotFound (43) for unknown ids. */
  more(id: number, namespace: string, batchSize?: number): Document {
    const cursor = this.open.get(id);
    if (!cursor || cursor.namespace !== namespace) {
      throw new CommandError('CursorNotFound', `cursor id ${id} not found`);
    }
    const nextBatch = this.take(cursor.remaining, batchSize);
    cursor.remaining = cursor.remaining.slice(nextBatch.length);
    const exhausted = cursor.remaining.length === 0;
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
