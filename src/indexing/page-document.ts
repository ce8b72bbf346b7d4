/**
 * Turns a fetched Confluence page into the stored document record, and names a page's address
 * when only its id is known (a page that vanished between listing and fetching).
 */
import type { StoredDocument } from '../domain/models';
import type { ConfluencePage } from '../domain/ports';

export function toStoredDocument(
  page: ConfluencePage,
  ids: { dataSourceId: string; runId: string },
  chunkCount: number,
  indexedAt: Date,
): StoredDocument {
  return {
    dataSourceId: ids.dataSourceId,
    pageId: page.id,
    type: page.type,
    title: page.title,
    spaceKey: page.space.key,
    spaceName: page.space.name,
    url: page.url,
    breadcrumb: page.ancestors.map((ancestor) => ancestor.title),
    labels: page.labels,
    version: page.version,
    lastModified: page.lastModified,
    chunkCount,
    runId: ids.runId,
    indexedAt,
  };
}

/** `viewpage.action?pageId=` works on Cloud (under /wiki) and Data Center alike. */
export function pageUrlById(baseUrl: string, pageId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/pages/viewpage.action?pageId=${encodeURIComponent(pageId)}`;
}
