/**
 * `content/search` and `/search` of the fake Confluence: CQL evaluation (product parser, fake
 * evaluator), silent filtering of what the viewer may not see, limit caps, and both pagination
 * styles (Cloud cursor in `_links.next`, Data Center `start`/`limit`), with optional Data Center
 * quirks (a `next` computed from the requested limit; a `next` that leads to empty results).
 */
import { parseCql } from '../../../src/cql';
import { CqlEvaluationFailure, CqlEvaluator } from './cql-eval';
import {
  type Answer,
  contentNotFound,
  cqlParseError,
  errorEnvelope,
  spaceNotFound,
} from './envelopes';
import type { FakeContent, Viewer } from './model';
import { type RenderContext, parseExpand, renderContent, spaceWebUi, webUi } from './render';

export interface SearchSettings {
  /** Cloud caps (unpublished by Atlassian): with `body.*` and without. */
  cloudCaps: { withBody: number; other: number };
  /** DC quirk: `next` start = start + requested limit (skips records when capped). */
  dcNextFromRequestedLimit: boolean;
  /** Quirk: keep a `next` link even at the end, leading to a page of empty results. */
  emptyTrailingNext: boolean;
  /** DC quirk CONFSERVER-55445: a missing space key in the CQL gives 500. */
  missingSpaceFails: boolean;
  /**
   * Content ids left out of `content/search` answers that expand `body` (listings without bodies
   * still show them): as if the page vanished between listing and fetching its body.
   */
  withheldBodies: Set<string>;
  now: () => Date;
}

const DEFAULT_LIMIT = 25;

/** Silent caps (reference §3.4). `expand` are the content expansions requested. */
function cap(ctx: RenderContext, settings: SearchSettings, expand: Set<string>): number {
  const withBody = expand.has('body');
  if (ctx.mode === 'cloud')
    return withBody ? settings.cloudCaps.withBody : settings.cloudCaps.other;
  if (withBody) return 50;
  return expand.size > 0 ? 200 : 1000;
}

function encodeCursor(offset: number): string {
  return `_sa_${Buffer.from(JSON.stringify([offset, 'fake'])).toString('base64')}`;
}

function decodeCursor(cursor: string): number | null {
  try {
    const [offset] = JSON.parse(Buffer.from(cursor.replace(/^_sa_/, ''), 'base64').toString());
    return Number.isInteger(offset) && offset >= 0 ? offset : null;
  } catch {
    return null;
  }
}

/** A query string with the parameters in order; commas in `expand` stay readable. */
function query(params: Array<[string, string | number | undefined]>): string {
  return params
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) =>
      k === 'expand' ? `${k}=${v}` : `${k}=${encodeURIComponent(String(v)).replace(/%20/g, '+')}`,
    )
    .join('&');
}

/** Runs the CQL for the viewer: sorted visible matches, or the error answer Confluence gives. */
function runCql(
  ctx: RenderContext,
  settings: SearchSettings,
  viewer: Viewer,
  params: URLSearchParams,
): FakeContent[] | Answer {
  const cql = params.get('cql') ?? '';
  if (cql.trim() === '') return cqlParseError(ctx.mode, cql);

  let cqlContext: { spaceKey?: string; contentId?: string } = {};
  const rawContext = params.get('cqlcontext');
  if (rawContext) {
    try {
      cqlContext = JSON.parse(rawContext);
    } catch {
      return errorEnvelope(ctx.mode, 400, 'Could not parse cqlcontext');
    }
    if (cqlContext.spaceKey && !ctx.store.spaces.has(cqlContext.spaceKey)) {
      return spaceNotFound(ctx.mode, cqlContext.spaceKey);
    }
    if (cqlContext.contentId && !ctx.store.content.has(String(cqlContext.contentId))) {
      return contentNotFound(ctx.mode, String(cqlContext.contentId));
    }
  }

  let parsed;
  try {
    parsed = parseCql(cql);
  } catch {
    return cqlParseError(ctx.mode, cql);
  }
  try {
    const evaluator = new CqlEvaluator({
      store: ctx.store,
      viewer,
      mode: ctx.mode,
      now: settings.now(),
      cqlContext,
      missingSpaceFails: settings.missingSpaceFails && ctx.mode === 'datacenter',
    });
    const matches = evaluator.predicate(parsed);
    return evaluator.sort(parsed, ctx.store.visibleContent(viewer).filter(matches));
  } catch (error) {
    if (error instanceof CqlEvaluationFailure) {
      return errorEnvelope(ctx.mode, error.status, error.message);
    }
    throw error;
  }
}

interface Window {
  items: FakeContent[];
  start: number;
  limit: number;
  links: Record<string, string>;
}

/** The slice of `all` this request gets, and the pagination links. */
function paginate(
  ctx: RenderContext,
  settings: SearchSettings,
  path: string,
  params: URLSearchParams,
  all: FakeContent[],
  contentExpand: Set<string>,
): Window | Answer {
  const requested = Number.parseInt(params.get('limit') ?? '', 10);
  const asked = Number.isInteger(requested) && requested > 0 ? requested : DEFAULT_LIMIT;
  const limit = Math.min(asked, cap(ctx, settings, contentExpand));
  const cql = params.get('cql') ?? '';
  const expand = params.get('expand') ?? undefined;

  let start: number;
  if (ctx.mode === 'cloud') {
    const cursor = params.get('cursor');
    const decoded = cursor === null ? 0 : decodeCursor(cursor);
    if (decoded === null) return errorEnvelope(ctx.mode, 400, 'Invalid cursor');
    start = decoded;
  } else {
    start = Math.max(0, Number.parseInt(params.get('start') ?? '0', 10) || 0);
  }
  const items = all.slice(start, start + limit);
  const more = start + limit < all.length;
  const links: Record<string, string> = {};

  if (ctx.mode === 'cloud') {
    const nextStart = start + limit;
    if (more || settings.emptyTrailingNext) {
      links.next = `${path}?${query([
        ['next', 'true'],
        ['cursor', encodeCursor(nextStart)],
        ['expand', expand],
        ['limit', asked],
        ['start', nextStart],
        ['cql', cql],
      ])}`;
    }
    if (start > 0) {
      const prevStart = Math.max(0, start - limit);
      links.prev = `${path}?${query([
        ['prev', 'true'],
        ['cursor', encodeCursor(prevStart)],
        ['expand', expand],
        ['limit', asked],
        ['start', prevStart],
        ['cql', cql],
      ])}`;
    }
  } else {
    const nextStart = start + (settings.dcNextFromRequestedLimit ? asked : limit);
    if (more || settings.emptyTrailingNext) {
      links.next = `${path}?${query([
        ['cql', cql],
        ['expand', expand],
        ['limit', asked],
        ['start', nextStart],
      ])}`;
    }
    if (start > 0) {
      links.prev = `${path}?${query([
        ['cql', cql],
        ['expand', expand],
        ['limit', asked],
        ['start', Math.max(0, start - limit)],
      ])}`;
    }
  }
  return { items, start, limit, links };
}

function isAnswer(value: unknown): value is Answer {
  return typeof value === 'object' && value !== null && 'status' in value && 'body' in value;
}

/** `GET /rest/api/content/search`. */
export function contentSearch(
  ctx: RenderContext,
  settings: SearchSettings,
  viewer: Viewer,
  params: URLSearchParams,
  selfUrl: string,
): Answer {
  const matches = runCql(ctx, settings, viewer, params);
  if (isAnswer(matches)) return matches;
  const expand = parseExpand(params.get('expand'));
  const all = expand.has('body')
    ? matches.filter((c) => !settings.withheldBodies.has(c.id))
    : matches;
  const window = paginate(ctx, settings, '/rest/api/content/search', params, all, expand);
  if (isAnswer(window)) return window;

  return {
    status: 200,
    body: {
      results: window.items.map((c) => renderContent(ctx, c, expand)),
      start: window.start,
      limit: window.limit,
      size: window.items.length,
      _links: { base: ctx.base, context: ctx.context, ...window.links, self: selfUrl },
    },
  };
}

function excerpt(content: FakeContent): string {
  return content.body
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);
}

/** `GET /rest/api/search`: envelopes, `content.`-prefixed expansions, `totalSize`. */
export function siteSearch(
  ctx: RenderContext,
  settings: SearchSettings,
  viewer: Viewer,
  params: URLSearchParams,
  selfUrl: string,
): Answer {
  const all = runCql(ctx, settings, viewer, params);
  if (isAnswer(all)) return all;
  // Bare expansions are ignored here; only `content.x` expands `x` of each content.
  const requested = (params.get('expand') ?? '').split(',').map((e) => e.trim());
  const contentExpand = parseExpand(
    requested
      .filter((e) => e.startsWith('content.'))
      .map((e) => e.slice('content.'.length))
      .join(','),
  );
  const window = paginate(ctx, settings, '/rest/api/search', params, all, contentExpand);
  if (isAnswer(window)) return window;

  const results = window.items.map((c) => {
    const space = ctx.store.spaces.get(c.spaceKey);
    return {
      content: renderContent(ctx, c, contentExpand),
      title: c.title,
      excerpt: excerpt(c),
      url: webUi(ctx, c),
      resultGlobalContainer: {
        title: space?.name ?? c.spaceKey,
        displayUrl: spaceWebUi(ctx, c.spaceKey),
      },
      breadcrumbs: [],
      entityType: 'content',
      iconCssClass: `aui-icon content-type-${c.type}`,
      lastModified: c.lastModified.toISOString(),
      friendlyLastModified: c.lastModified.toDateString(),
      score: 1,
    };
  });
  return {
    status: 200,
    body: {
      results,
      start: window.start,
      limit: window.limit,
      size: results.length,
      totalSize: all.length,
      cqlQuery: params.get('cql') ?? '',
      searchDuration: 7,
      _links: { base: ctx.base, context: ctx.context, ...window.links, self: selfUrl },
    },
  };
}
