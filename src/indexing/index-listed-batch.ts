/**
 * Handles one batch of a listing: compares listed versions with stored ones, marks unchanged pages
 * as seen, fetches the bodies of new and changed pages in smaller batches (several requests in
 * flight; the client's limiter sets the pace), converts them to chunks and stores them. A page
 * that cannot be fetched, converted or is too large is recorded as a failure and the batch goes
 * on; anything else thrown (a client or store error) ends the batch and, with it, the run.
 *
 * Pages missing from a body answer may mean the token stopped working: Data Center answers an
 * expired personal token as the anonymous user, with fewer results instead of an error. So the
 * credentials are checked again before missing pages are recorded as failures.
 *
 * A data source deleted during its run must not get pages back: each page is written only after
 * checking that the run is still held and its data source still exists.
 */
import type { Chunk } from '../domain/models';
import type {
  ConfluenceClient,
  ConfluencePage,
  DocumentRepository,
  PageListing,
} from '../domain/ports';
import { mapConcurrently } from './map-concurrently';
import type { IndexingOptions } from './options';
import { pageUrlById, toStoredDocument } from './page-document';
import type { RunTracker } from './run-tracker';

/** Chunk size and overlap in characters, from configuration (`CHUNK_SIZE`, `CHUNK_OVERLAP`). */
export interface ChunkingOptions {
  size: number;
  overlap: number;
}

/** Cuts a page into chunks; `pageToChunks` in `src/convert/` in production. Throws when it cannot. */
export type PageConverter = (
  page: ConfluencePage,
  dataSourceId: string,
  options: ChunkingOptions,
) => Chunk[] | Promise<Chunk[]>;

export interface BatchContext {
  dataSourceId: string;
  runId: string;
  client: ConfluenceClient;
  documents: DocumentRepository;
  convert: PageConverter;
  chunking: ChunkingOptions;
  tracker: RunTracker;
  options: IndexingOptions;
  now: () => Date;
  signal?: AbortSignal;
  /**
   * Called right before each page is written; throws `RunTakenOver` when the run is no longer
   * this execution's or its data source is gone, so that nothing is written for it any more.
   */
  ensureStillWanted: () => Promise<void>;
  /** Pages this execution wrote or began to write: removed when the data source goes. */
  writtenPageIds: Set<string>;
}

export async function indexListedBatch(items: PageListing[], ctx: BatchContext): Promise<void> {
  if (items.length === 0) return;

  // Unchanged pages are only marked as seen, so that a full run does not prune them.
  const stored = await ctx.documents.versions(
    ctx.dataSourceId,
    items.map((item) => item.id),
  );
  const unchanged = items.filter((item) => stored.get(item.id) === item.version);
  if (unchanged.length > 0) {
    await ctx.documents.markSeen(
      ctx.dataSourceId,
      unchanged.map((item) => item.id),
      ctx.runId,
    );
    ctx.tracker.add({ unchanged: unchanged.length, processed: unchanged.length });
  }

  // Bodies only for what is new or changed.
  const changed = items.filter((item) => stored.get(item.id) !== item.version);
  const groups = inGroupsOf(changed, ctx.options.fetchBatchSize);
  await mapConcurrently(groups, ctx.options.fetchConcurrency, (group) => fetchAndStore(group, ctx));
}

async function fetchAndStore(group: PageListing[], ctx: BatchContext): Promise<void> {
  ctx.signal?.throwIfAborted();
  const pages = await ctx.client.getPages(
    group.map((item) => item.id),
    ctx.signal,
  );
  if (group.some((listed) => !pages.has(listed.id))) {
    await ctx.client.verifyAuthentication(ctx.signal);
  }
  for (const listed of group) {
    const page = pages.get(listed.id);
    if (page === undefined) {
      ctx.tracker.fail({
        pageId: listed.id,
        title: listed.title,
        url: pageUrlById(ctx.client.connection.baseUrl, listed.id),
        reason: 'The page was deleted or hidden between listing and fetching its body.',
      });
    } else {
      await storePage(page, ctx);
    }
    await ctx.tracker.tick();
  }
}

async function storePage(page: ConfluencePage, ctx: BatchContext): Promise<void> {
  const failure = (reason: string) => ({
    pageId: page.id,
    title: page.title,
    url: page.url,
    reason,
  });

  // A page that fails here keeps whatever version was stored before: it still matches the query.
  if (page.storage.length > ctx.options.maxPageChars) {
    ctx.tracker.fail(
      failure(
        `The page body has ${page.storage.length} characters, more than the ` +
          `${ctx.options.maxPageChars} an index run accepts.`,
      ),
    );
    await ctx.documents.markSeen(ctx.dataSourceId, [page.id], ctx.runId);
    return;
  }

  let chunks: Chunk[];
  try {
    chunks = await ctx.convert(page, ctx.dataSourceId, ctx.chunking);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    ctx.tracker.fail(failure(`The page body could not be converted: ${why.slice(0, 300)}`));
    await ctx.documents.markSeen(ctx.dataSourceId, [page.id], ctx.runId);
    return;
  }

  const document = toStoredDocument(
    page,
    { dataSourceId: ctx.dataSourceId, runId: ctx.runId },
    chunks.length,
    ctx.now(),
  );
  await ctx.ensureStillWanted();
  ctx.writtenPageIds.add(page.id);
  await ctx.documents.replacePage(document, chunks);
  ctx.tracker.add({ indexed: 1, processed: 1, chunks: chunks.length });
}

function inGroupsOf<T>(items: T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += size) groups.push(items.slice(i, i + size));
  return groups;
}
