/**
 * The REST resources of the fake Confluence other than search: current and anonymous user,
 * content by id, space by key, the space list and (Data Center) server information. Hidden and
 * missing things answer the same 404, as Confluence does.
 */
import { type Answer, contentNotFound, errorEnvelope, spaceNotFound } from './envelopes';
import type { Viewer } from './model';
import {
  type RenderContext,
  parseExpand,
  renderAnonymous,
  renderContent,
  renderSpace,
  renderUser,
} from './render';
import { type SearchSettings, contentSearch, siteSearch } from './search-routes';

/** Root-level `_links` carry `base` and `context` (nested objects do not). */
function withRoot(ctx: RenderContext, body: Record<string, unknown>): Record<string, unknown> {
  return { ...body, _links: { ...(body._links as object), base: ctx.base, context: ctx.context } };
}

function listSpaces(
  ctx: RenderContext,
  params: URLSearchParams,
  viewer: Viewer,
  selfUrl: string,
): Answer {
  const { store } = ctx;
  const visible = [...store.spaces.values()].filter((s) => store.canSeeSpace(viewer, s));
  const asked = Math.max(1, Number.parseInt(params.get('limit') ?? '25', 10) || 25);
  const limit = Math.min(asked, 100);
  const start = Math.max(0, Number.parseInt(params.get('start') ?? '0', 10) || 0);
  const results = visible.slice(start, start + limit);
  const links: Record<string, string> = { base: ctx.base, context: ctx.context, self: selfUrl };
  if (start + limit < visible.length) {
    links.next = `/rest/api/space?limit=${asked}&start=${start + limit}`;
  }
  const body = {
    results: results.map((s) => renderSpace(ctx, s)),
    start,
    limit,
    size: results.length,
  };
  return { status: 200, body: { ...body, _links: links } };
}

/** Answers `GET /rest/api{rest}` for an authenticated (or anonymous) viewer. */
export function routeRest(
  ctx: RenderContext,
  settings: SearchSettings,
  rest: string,
  params: URLSearchParams,
  viewer: Viewer,
  selfUrl: string,
): Answer {
  const { store, mode } = ctx;
  if (rest === '/user/current') {
    const user = viewer.kind === 'user' ? renderUser(ctx, viewer.user) : renderAnonymous(ctx);
    return { status: 200, body: withRoot(ctx, user) };
  }
  if (rest === '/user/anonymous') return { status: 200, body: withRoot(ctx, renderAnonymous(ctx)) };
  if (rest === '/content/search') return contentSearch(ctx, settings, viewer, params, selfUrl);
  if (rest === '/search') return siteSearch(ctx, settings, viewer, params, selfUrl);
  if (rest === '/space') return listSpaces(ctx, params, viewer, selfUrl);
  if (rest === '/server-information' && mode === 'datacenter') {
    return { status: 200, body: { baseUrl: ctx.base, version: '9.2.1', buildNumber: 9012 } };
  }

  const contentId = /^\/content\/([^/]+)$/.exec(rest)?.[1];
  if (contentId !== undefined) {
    const content = store.content.get(contentId);
    if (!content || !store.canSee(viewer, content)) return contentNotFound(mode, contentId);
    const expand = parseExpand(params.get('expand'));
    return { status: 200, body: renderContent(ctx, content, expand, true) };
  }

  const spaceKey = /^\/space\/([^/]+)$/.exec(rest)?.[1];
  if (spaceKey !== undefined) {
    const key = decodeURIComponent(spaceKey);
    const space = store.spaces.get(key);
    if (!space || !store.canSeeSpace(viewer, space)) return spaceNotFound(mode, key);
    return { status: 200, body: withRoot(ctx, renderSpace(ctx, space)) };
  }
  return errorEnvelope(mode, 404, `Could not find resource ${rest}`);
}
