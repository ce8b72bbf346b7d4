/**
 * The Confluence REST v1 client (`ConfluenceClient` in `src/domain/ports.ts`) for Cloud (Basic
 * email:API token) and Data Center (Bearer personal access token). Built by
 * `createConfluenceClientFactory`; the HTTP layer under it handles limits, retries and the
 * address guard. Before the first data call a client checks once that Confluence does not treat
 * its credentials as anonymous, so a bad token is an `auth_failed` error, never "0 pages".
 */
import type { Deployment } from '../domain/models';
import type {
  ConfluenceAuth,
  ConfluenceClient,
  ConfluenceConnection,
  ConfluencePage,
  ConfluenceUser,
  CqlSample,
  ListBatch,
  ListOptions,
  PageListing,
} from '../domain/ports';
import { isAppError } from '../errors';
import type { Logger } from '../logging/logger';
import { joinLink } from './base-url';
import { anonymousUser, badResponse } from './errors';
import type { ConfluenceHttp } from './http';
import { mapContent, toPageListing } from './page-mapper';
import { paginateSearch } from './paginate';
import {
  parseOrBadResponse,
  searchResultsSchema,
  spaceArraySchema,
  spaceSchema,
  userSchema,
} from './schemas';

/** Expansions for listings: enough to compare versions, small enough for large DC pages. */
export const LIST_EXPAND = 'version,history.lastUpdated';
/** Expansions for indexing a page. */
export const PAGE_EXPAND =
  'body.storage,version,space,ancestors,metadata.labels,history.lastUpdated';

/** Default requested page sizes (servers may cap them: DC 200/50, Cloud 100/50). */
const LIST_PAGE_SIZE = 200;
const SEARCH_PAGE_SIZE = 50;
/** Ids per `id in (...)` query in `getPages`. */
const GET_PAGES_BATCH = 25;

/** The `Authorization` header for a connection's credentials. */
export function authorizationHeader(auth: ConfluenceAuth): string {
  if (auth.kind === 'bearer') return `Bearer ${auth.token}`;
  return `Basic ${Buffer.from(`${auth.email}:${auth.token}`, 'utf8').toString('base64')}`;
}

export interface ConfluenceRestClientOptions {
  connection: ConfluenceConnection;
  http: ConfluenceHttp;
  logger: Logger;
}

/** See the file comment; callers hold it as a `ConfluenceClient`. */
export class ConfluenceRestClient implements ConfluenceClient {
  readonly connection: Readonly<{ deployment: Deployment; baseUrl: string }>;
  private readonly http: ConfluenceHttp;
  private readonly logger: Logger;
  private verified: Promise<ConfluenceUser> | null = null;

  constructor(options: ConfluenceRestClientOptions) {
    const { deployment, baseUrl } = options.connection;
    this.connection = Object.freeze({ deployment, baseUrl });
    this.http = options.http;
    this.logger = options.logger;
  }

  async verifyAuthentication(signal?: AbortSignal): Promise<ConfluenceUser> {
    const url = this.http.url('/rest/api/user/current');
    const json = await this.http.getJson(url, { kind: 'user' }, signal);
    const user = parseOrBadResponse(userSchema, json, 'The current-user answer');
    if (user.type === 'anonymous') throw anonymousUser(this.connection.deployment);

    const id = user.accountId ?? user.username ?? user.userKey;
    if (id === undefined) throw badResponse('the current user has no account id or user name.');
    return { id, displayName: user.displayName ?? user.publicName ?? id };
  }

  listPages(cql: string, options: ListOptions = {}): AsyncIterable<ListBatch<PageListing>> {
    return this.afterVerification(options.signal, () =>
      paginateSearch({
        ...this.paginationBase(cql, options),
        expand: LIST_EXPAND,
        pageSize: options.pageSize ?? LIST_PAGE_SIZE,
        map: (content) => toPageListing(content),
      }),
    );
  }

  searchPages(cql: string, options: ListOptions = {}): AsyncIterable<ListBatch<ConfluencePage>> {
    return this.afterVerification(options.signal, () =>
      paginateSearch({
        ...this.paginationBase(cql, options),
        expand: PAGE_EXPAND,
        pageSize: options.pageSize ?? SEARCH_PAGE_SIZE,
        map: (content, base) => mapContent(content, base),
      }),
    );
  }

  async getPages(ids: string[], signal?: AbortSignal): Promise<Map<string, ConfluencePage>> {
    // Only numeric ids can exist; anything else would change the meaning of the CQL.
    const wanted = [...new Set(ids.filter((id) => /^\d+$/.test(id)))];
    const pages = new Map<string, ConfluencePage>();
    for (let i = 0; i < wanted.length; i += GET_PAGES_BATCH) {
      const cql = `id in (${wanted.slice(i, i + GET_PAGES_BATCH).join(',')})`;
      for await (const batch of this.searchPages(cql, { signal, pageSize: GET_PAGES_BATCH })) {
        for (const page of batch.items) pages.set(page.id, page);
      }
    }
    return pages;
  }

  async getSpace(key: string, signal?: AbortSignal): Promise<{ key: string; name: string } | null> {
    await this.ensureVerified(signal);
    const url = this.http.url(`/rest/api/space/${encodeURIComponent(key)}`);
    try {
      const json = await this.http.getJson(url, { kind: 'space', key }, signal);
      const space = parseOrBadResponse(spaceSchema, json, 'The space answer');
      return { key: space.key, name: space.name };
    } catch (error) {
      if (isAppError(error, 'not_found')) return null;
      throw error;
    }
  }

  async listSpaces(
    limit: number,
    signal?: AbortSignal,
  ): Promise<Array<{ key: string; name: string }>> {
    await this.ensureVerified(signal);
    const spaces: Array<{ key: string; name: string }> = [];
    const seenLinks = new Set<string>();
    let url = this.http.url('/rest/api/space', { limit: Math.min(Math.max(limit, 1), 100) });

    while (spaces.length < limit) {
      const json = await this.http.getJson(url, { kind: 'other' }, signal);
      const page = parseOrBadResponse(spaceArraySchema, json, 'The space list');
      for (const space of page.results) spaces.push({ key: space.key, name: space.name });

      const next = page._links.next;
      if (page.results.length === 0 || next === undefined || seenLinks.has(next)) break;
      seenLinks.add(next);
      url = joinLink(this.connection.baseUrl, next);
    }
    return spaces.slice(0, limit);
  }

  async sample(cql: string, limit: number, signal?: AbortSignal): Promise<CqlSample> {
    await this.ensureVerified(signal);
    const url = this.http.url('/rest/api/search', {
      cql,
      limit: Math.min(Math.max(limit, 1), 25),
      expand: 'content.space',
      excerpt: 'none',
    });
    const json = await this.http.getJson(url, { kind: 'search', cql }, signal);
    const answer = parseOrBadResponse(searchResultsSchema, json, 'The search answer');
    const base = answer._links.base ?? this.connection.baseUrl;

    const results = answer.results.map((result) => {
      const link = result.url ?? result.content?._links?.webui;
      return {
        id: result.content?.id ?? result.space?.key ?? '',
        type: result.content?.type ?? result.entityType ?? 'unknown',
        title: result.content?.title ?? result.title ?? result.space?.name ?? '',
        url: link === undefined ? '' : joinLink(base, link),
      };
    });
    return { totalSize: answer.totalSize, results };
  }

  private paginationBase(cql: string, options: ListOptions) {
    return {
      http: this.http,
      deployment: this.connection.deployment,
      baseUrl: this.connection.baseUrl,
      logger: this.logger,
      cql,
      from: options.from,
      signal: options.signal,
    };
  }

  /** Verifies the credentials once per client; a failure is not remembered, so it is retried. */
  private ensureVerified(signal?: AbortSignal): Promise<ConfluenceUser> {
    if (!this.verified) {
      this.verified = this.verifyAuthentication(signal);
      this.verified.catch(() => {
        this.verified = null;
      });
    }
    return this.verified;
  }

  private async *afterVerification<T>(
    signal: AbortSignal | undefined,
    listing: () => AsyncGenerator<T, void, undefined>,
  ): AsyncGenerator<T, void, undefined> {
    await this.ensureVerified(signal);
    yield* listing();
  }
}
