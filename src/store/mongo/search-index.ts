/**
 * Search over chunks with MongoDB text search. A query matches chunks containing any of its
 * words (quoted phrases must appear, `-word` excludes); hits are ranked by MongoDB's text score
 * (titles weigh most, then headings, then body text: see `TEXT_WEIGHTS`), reduced to the best
 * chunk of each page, and carry a snippet around the first matching word.
 *
 * Filters narrow the chunks searched: `dataSourceIds` (an empty list means no data source, so
 * no hits: callers pass the data sources the user may see), `spaceKeys`, and `labels` (a chunk
 * matches if it has any of them). `limit` defaults to 10 and is capped at 100.
 */
import type { Collection, Document } from 'mongodb';
import type { SearchHit } from '../../domain/models';
import type { SearchFilters, SearchIndex } from '../../domain/ports';
import { parseIds } from './ids';
import { makeSnippet } from './snippet';

export const DEFAULT_SEARCH_LIMIT = 10;
export const MAX_SEARCH_LIMIT = 100;
/** Chunks fetched per hit wanted, so that de-duplication by page still fills the page. */
const OVERFETCH = 5;

function filterFor(query: string, filters: SearchFilters): Document | null {
  const filter: Document = { $text: { $search: query } };
  if (filters.dataSourceIds !== undefined) {
    const ids = parseIds(filters.dataSourceIds);
    if (ids.length === 0) return null;
    filter.dataSourceId = { $in: ids };
  }
  if (filters.spaceKeys !== undefined) {
    if (filters.spaceKeys.length === 0) return null;
    filter.spaceKey = { $in: filters.spaceKeys };
  }
  if (filters.labels !== undefined) {
    if (filters.labels.length === 0) return null;
    filter.labels = { $in: filters.labels };
  }
  return filter;
}

function toHit(chunk: Document, query: string): SearchHit {
  return {
    dataSourceId: String(chunk.dataSourceId),
    pageId: chunk.pageId,
    title: chunk.title,
    breadcrumb: chunk.breadcrumb ?? [],
    headingPath: chunk.headingPath ?? [],
    spaceKey: chunk.spaceKey,
    url: chunk.url,
    snippet: makeSnippet(chunk.text ?? '', query),
    score: chunk.score,
  };
}

export class MongoSearchIndex implements SearchIndex {
  constructor(private readonly chunks: Collection) {}

  async search(query: string, filters: SearchFilters = {}): Promise<SearchHit[]> {
    const trimmed = query.trim();
    const filter = trimmed ? filterFor(trimmed, filters) : null;
    if (!filter) return [];
    const limit = Math.min(Math.max(1, filters.limit ?? DEFAULT_SEARCH_LIMIT), MAX_SEARCH_LIMIT);

    const chunks = await this.chunks
      .find(filter, {
        projection: {
          score: { $meta: 'textScore' },
          dataSourceId: 1,
          pageId: 1,
          title: 1,
          breadcrumb: 1,
          headingPath: 1,
          spaceKey: 1,
          url: 1,
          text: 1,
        },
      })
      .sort({ score: { $meta: 'textScore' }, _id: 1 })
      .limit(limit * OVERFETCH)
      .toArray();

    // The best chunk of each page, in score order.
    const hits = new Map<string, SearchHit>();
    for (const chunk of chunks) {
      const key = `${String(chunk.dataSourceId)}/${chunk.pageId}`;
      if (!hits.has(key)) hits.set(key, toHit(chunk, trimmed));
      if (hits.size === limit) break;
    }
    return [...hits.values()];
  }
}
