/**
 * One call from a fetched Confluence page to its chunks: storage format to Markdown, then cut
 * along headings. Called by the indexing job for every new or changed page.
 */
import type { ConfluencePage } from '../domain/ports';
import { type ChunkDraft, type ChunkMeta, chunkPage, type ChunkOptions } from './chunker';
import { storageToMarkdown } from './storage-to-markdown';

/** The site a page URL belongs to, for resolving site-relative links in its body. */
export function siteOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** What every chunk of `page` carries, except the data source. Also used by `convert`. */
export function pageChunkMeta(page: ConfluencePage): Omit<ChunkMeta, 'dataSourceId'> {
  return {
    pageId: page.id,
    title: page.title,
    breadcrumb: page.ancestors.map((ancestor) => ancestor.title),
    spaceKey: page.space.key,
    url: page.url,
    labels: page.labels,
    version: page.version,
    lastModified: page.lastModified,
  };
}

/**
 * Converts and chunks a page. `options` are the configured chunking (`config.chunking`: size
 * 1500 and overlap 150 characters by default). A page without text gives no chunks.
 */
export function pageToChunks(
  page: ConfluencePage,
  dataSourceId: string,
  options: ChunkOptions,
): ChunkDraft[] {
  const markdown = storageToMarkdown(page.storage, { baseUrl: siteOf(page.url) });
  return chunkPage(markdown, { dataSourceId, ...pageChunkMeta(page) }, options);
}
