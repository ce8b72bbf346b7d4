/**
 * Maps Confluence REST content JSON to the product's page records. Used by the client for search
 * results and by the `convert` command for REST JSON files. Links are `_links.base + webui` as
 * Confluence returned them; nothing is guessed.
 */
import type { ConfluencePage, PageListing } from '../domain/ports';
import { joinLink } from './base-url';
import { badResponse } from './errors';
import { type ContentJson, contentSchema, parseOrBadResponse } from './schemas';

/** Content types indexed as pages; everything else in a search result is skipped. */
export function isPageType(type: string): type is 'page' | 'blogpost' {
  return type === 'page' || type === 'blogpost';
}

function lastModifiedOf(content: ContentJson): Date {
  const when =
    content.history?.lastUpdated?.when ?? content.version?.when ?? content.history?.createdDate;
  const date = when === undefined ? NaN : Date.parse(when);
  if (Number.isNaN(date)) {
    throw badResponse(`page ${content.id} has no readable last-modified time.`, { id: content.id });
  }
  return new Date(date);
}

function versionOf(content: ContentJson): number {
  const number = content.version?.number ?? content.history?.lastUpdated?.number;
  if (number === undefined) {
    throw badResponse(`page ${content.id} came without a version number.`, { id: content.id });
  }
  return number;
}

/** A search result as a listing entry. `content.type` must be page or blogpost. */
export function toPageListing(content: ContentJson): PageListing {
  if (!isPageType(content.type)) {
    throw badResponse(`content ${content.id} is a ${content.type}, not a page.`);
  }
  return {
    id: content.id,
    type: content.type,
    title: content.title,
    version: versionOf(content),
    lastModified: lastModifiedOf(content),
  };
}

/** The base URL the content's links are relative to: given, `_links.base`, or from `self`. */
function baseOf(content: ContentJson, base: string | undefined): string {
  const found =
    base ?? content._links?.base ?? content._links?.self?.replace(/\/rest\/api\/.*$/, '');
  if (found === undefined) {
    throw badResponse(`page ${content.id} came without _links.base or _links.self.`);
  }
  return found;
}

/** Space key from the expansion, else from the `_expandable` link Confluence gave. */
function spaceOf(content: ContentJson): { key: string; name: string } {
  if (content.space)
    return { key: content.space.key, name: content.space.name ?? content.space.key };
  const link = content._expandable?.space ?? content._expandable?.container;
  const key = typeof link === 'string' ? /\/space\/([^/?]+)/.exec(link)?.[1] : undefined;
  return key === undefined ? { key: '', name: '' } : { key: decodeURIComponent(key), name: key };
}

/**
 * Maps one content object (already parsed with `contentSchema`) to a page with body. `base` is
 * the response's root `_links.base` (search results carry it only at the root).
 */
export function mapContent(content: ContentJson, base?: string): ConfluencePage {
  const webui = content._links?.webui;
  if (webui === undefined) throw badResponse(`page ${content.id} came without _links.webui.`);
  return {
    ...toPageListing(content),
    status: content.status ?? 'current',
    space: spaceOf(content),
    ancestors: (content.ancestors ?? []).map((a) => ({ id: a.id, title: a.title })),
    labels: (content.metadata?.labels?.results ?? []).map((label) => label.name),
    url: joinLink(baseOf(content, base), webui),
    storage: content.body?.storage?.value ?? '',
  };
}

/**
 * Maps REST content JSON (a `GET content/{id}` answer or one search result) to a page. Throws
 * `bad_response` when it is not a page or blog post or lacks what indexing needs.
 */
export function toConfluencePage(json: unknown, base?: string): ConfluencePage {
  return mapContent(parseOrBadResponse(contentSchema, json, 'The content JSON'), base);
}
