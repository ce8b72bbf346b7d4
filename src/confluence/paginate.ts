/**
 * Streams every result of a `content/search` query, one response at a time. Cloud follows the
 * `_links.next` cursor as returned; Data Center computes the next offset from the number of
 * results that actually came back (servers cap the limit silently and some compute `next` from
 * the requested limit). It ends on a missing `next` or an empty page. A repeated cursor or a page
 * of only already-seen ids means the server's pagination loops: the fresh results are yielded,
 * then `bad_response` is thrown, so that no caller mistakes a cut-short listing for a complete one
 * (a complete listing is what allows pages to be pruned). Every content id is yielded once.
 * Memory: one response at a time plus the set of ids already yielded (strings, for the
 * de-duplication), never the pages themselves.
 */
import type { Deployment } from '../domain/models';
import type { ListBatch, ListCheckpoint } from '../domain/ports';
import type { Logger } from '../logging/logger';
import { AppError } from '../errors';
import { joinLink } from './base-url';
import type { ConfluenceHttp } from './http';
import { isPageType } from './page-mapper';
import { type ContentJson, contentArraySchema, contentSchema, parseOrBadResponse } from './schemas';

export interface PaginateOptions<T> {
  http: ConfluenceHttp;
  deployment: Deployment;
  baseUrl: string;
  logger: Logger;
  cql: string;
  expand: string;
  pageSize: number;
  from?: ListCheckpoint | null;
  signal?: AbortSignal;
  /** Turns one page or blog post result into the item yielded; `base` is the root `_links.base`. */
  map: (content: ContentJson, base: string) => T;
}

const SEARCH_PATH = '/rest/api/content/search';

function requestUrl<T>(options: PaginateOptions<T>, at: ListCheckpoint | null): string {
  if (at?.kind === 'cursor') return joinLink(options.baseUrl, at.next);
  const query = { cql: options.cql, expand: options.expand, limit: options.pageSize };
  return options.http.url(SEARCH_PATH, at ? { ...query, start: at.start } : query);
}

/** Where the listing goes after a response, or null when it is complete. */
function nextCheckpoint(
  deployment: Deployment,
  at: ListCheckpoint | null,
  returned: number,
  nextLink: string | undefined,
): ListCheckpoint | null {
  if (returned === 0 || nextLink === undefined) return null;
  if (deployment === 'cloud') return { kind: 'cursor', next: nextLink };
  const start = at?.kind === 'offset' ? at.start : 0;
  return { kind: 'offset', start: start + returned };
}

export async function* paginateSearch<T>(
  options: PaginateOptions<T>,
): AsyncGenerator<ListBatch<T>, void, undefined> {
  const seenIds = new Set<string>();
  const seenCursors = new Set<string>();
  let at: ListCheckpoint | null = options.from ?? null;

  for (;;) {
    const json = await options.http.getJson(
      requestUrl(options, at),
      { kind: 'search', cql: options.cql },
      options.signal,
    );
    const page = parseOrBadResponse(contentArraySchema, json, 'The search answer');
    const base = page._links.base ?? options.baseUrl;

    // Each result once; anything that is not a page or blog post is counted, not yielded.
    const items: T[] = [];
    let skipped = 0;
    let fresh = 0;
    for (const [index, raw] of page.results.entries()) {
      const content = parseOrBadResponse(contentSchema, raw, `Search result ${index}`);
      if (seenIds.has(content.id)) continue;
      seenIds.add(content.id);
      fresh++;
      if (isPageType(content.type)) items.push(options.map(content, base));
      else skipped++;
    }

    const next = nextCheckpoint(options.deployment, at, page.results.length, page._links.next);
    const looped =
      next !== null && (fresh === 0 || (next.kind === 'cursor' && seenCursors.has(next.next)));
    if (next?.kind === 'cursor') seenCursors.add(next.next);

    if (looped) {
      options.logger.warn({ cql: options.cql }, 'Confluence pagination looped; listing stopped');
      if (items.length > 0 || skipped > 0) yield { items, skipped, next: at };
      throw paginationLoopError();
    }
    yield { items, skipped, next };
    if (next === null) return;
    at = next;
  }
}

function paginationLoopError(): AppError {
  return new AppError(
    'bad_response',
    'Confluence kept sending results it had already sent, so the list of matching pages could ' +
      'not be read to its end. Pages indexed so far are kept; none were removed.',
    {
      retryable: true,
      remedies: [
        'Retry later: this usually comes from pages being edited while the list is read.',
        'If it keeps happening, add ORDER BY created to the query so the order is stable.',
      ],
    },
  );
}
