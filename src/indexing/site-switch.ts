/**
 * A data source may be pointed at another Confluence site (its integration switched or edited).
 * Page ids and versions of two sites can collide, so nothing stored from the old site may be
 * kept as "unchanged": the run removes it all and lists the new site in full. Used only by
 * `runIndexing` when a run begins.
 */
import type { DataSource } from '../domain/models';
import type { DocumentRepository } from '../domain/ports';
import type { Logger } from '../logging/logger';

/**
 * Whether the stored documents came from a site other than `baseUrl` (both normalised). A data
 * source without a recorded site (never indexed, or indexed before the site was recorded) is not.
 */
export function isOtherSite(dataSource: Pick<DataSource, 'indexedBaseUrl'>, baseUrl: string) {
  const indexed = dataSource.indexedBaseUrl;
  return typeof indexed === 'string' && indexed !== baseUrl;
}

/** Removes every page and chunk of the data source; returns how many pages went. */
export async function forgetOtherSite(
  dataSource: DataSource,
  baseUrl: string,
  documents: DocumentRepository,
  logger: Logger,
): Promise<number> {
  const removed = await documents.removeAll(dataSource.id);
  logger.info(
    { dataSourceId: dataSource.id, from: dataSource.indexedBaseUrl, to: baseUrl, removed },
    'data source now points at another Confluence site; its stored pages are removed',
  );
  return removed;
}
