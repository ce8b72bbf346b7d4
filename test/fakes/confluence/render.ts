/**
 * JSON the fake Confluence answers with, shaped as in the REST reference (§4, §7): content with
 * only the requested expansions and everything else under `_expandable`, users per deployment,
 * dates with `Z` on Cloud and an offset on Data Center, and links relative to `_links.base`.
 */
import type { FakeContent, FakeMode, FakeSpace, FakeStore, FakeUser } from './model';

export interface RenderContext {
  mode: FakeMode;
  /** Absolute base, e.g. `http://127.0.0.1:5000/wiki`. */
  base: string;
  /** `/wiki`, `/confluence` or `''`. */
  context: string;
  store: FakeStore;
  /** Data Center time zone offset for timestamps, in minutes. */
  utcOffsetMinutes: number;
}

/** `a.b,c` → {a, a.b, c}: every requested path and its prefixes. */
export function parseExpand(param: string | null): Set<string> {
  const paths = new Set<string>();
  for (const item of (param ?? '').split(',')) {
    const parts = item.trim().split('.').filter(Boolean);
    for (let i = 1; i <= parts.length; i++) paths.add(parts.slice(0, i).join('.'));
  }
  return paths;
}

const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Cloud `2025-01-02T03:04:05.678Z`; Data Center `2025-01-02T05:04:05.678+02:00`. */
export function formatWhen(ctx: RenderContext, date: Date): string {
  if (ctx.mode === 'cloud') return date.toISOString();
  const offset = ctx.utcOffsetMinutes;
  const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 23);
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function friendly(date: Date): string {
  return `${MONTHS[date.getUTCMonth()]} ${pad(date.getUTCDate())}, ${date.getUTCFullYear()}`;
}

/** `/x/...`: the id as 8 little-endian bytes, url-safe base64, trailing `A`s and `=` dropped. */
export function tinyUi(id: string): string {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(BigInt(id));
  const encoded = bytes.toString('base64').replace(/\//g, '-').replace(/\+/g, '_');
  return `/x/${encoded.replace(/[A=]+$/, '')}`;
}

const plusTitle = (title: string) => encodeURIComponent(title).replace(/%20/g, '+');

function datePath(date: Date): string {
  return `${date.getUTCFullYear()}/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())}`;
}

export function spaceWebUi(ctx: RenderContext, key: string): string {
  return ctx.mode === 'cloud' ? `/spaces/${key}` : `/display/${key}`;
}

/** The `webui` link of a content item, in the deployment's style. */
export function webUi(ctx: RenderContext, content: FakeContent): string {
  const { id, parentId, spaceKey } = content;
  const title = plusTitle(content.title);
  const parentTitle = plusTitle(
    (parentId ? ctx.store.content.get(parentId)?.title : undefined) ?? '',
  );
  const day = datePath(content.created);

  if (ctx.mode === 'cloud') {
    const space = `/spaces/${spaceKey}`;
    const parentPage = `${space}/pages/${parentId}/${parentTitle}`;
    switch (content.type) {
      case 'blogpost':
        return `${space}/blog/${day}/${id}/${title}`;
      case 'attachment':
        return `${parentPage}?preview=/${parentId}/${id}/${title}`;
      case 'comment':
        return `${parentPage}?focusedCommentId=${id}#comment-${id}`;
      default:
        return `${space}/pages/${id}/${title}`;
    }
  }
  switch (content.type) {
    case 'blogpost':
      return `/display/${spaceKey}/${day}/${title}`;
    case 'attachment':
      return `/pages/viewpageattachments.action?pageId=${parentId}&preview=%2F${parentId}%2F${id}%2F${title}`;
    case 'comment':
      return `/pages/viewpage.action?pageId=${parentId}&focusedCommentId=${id}#comment-${id}`;
    default:
      // Titles that cannot sit in a path get the legacy viewpage form.
      return /[?/\\&#:;%+]|[^\x20-\x7e]/.test(content.title)
        ? `/pages/viewpage.action?pageId=${id}`
        : `/display/${spaceKey}/${title}`;
  }
}

export function renderUser(ctx: RenderContext, user: FakeUser): Record<string, unknown> {
  if (ctx.mode === 'cloud') {
    return {
      type: 'known',
      accountId: user.accountId,
      accountType: 'atlassian',
      email: '',
      publicName: user.displayName,
      profilePicture: {
        path: `/wiki/aa-avatar/${user.accountId}`,
        width: 48,
        height: 48,
        isDefault: false,
      },
      displayName: user.displayName,
      isExternalCollaborator: false,
      _expandable: { operations: '', personalSpace: '' },
      _links: { self: `${ctx.base}/rest/api/user?accountId=${user.accountId}` },
    };
  }
  return {
    type: 'known',
    username: user.username,
    userKey: user.userKey,
    profilePicture: {
      path: `${ctx.context}/images/icons/profilepics/default.svg`,
      width: 48,
      height: 48,
      isDefault: true,
    },
    displayName: user.displayName,
    _links: { self: `${ctx.base}/rest/api/user?key=${user.userKey}` },
    _expandable: { status: '' },
  };
}

export function renderAnonymous(ctx: RenderContext): Record<string, unknown> {
  return {
    type: 'anonymous',
    profilePicture: {
      path: `${ctx.context}/images/icons/profilepics/anonymous.svg`,
      width: 48,
      height: 48,
      isDefault: true,
    },
    displayName: 'Anonymous',
    _links: { self: `${ctx.base}/rest/api/user/anonymous` },
  };
}

export function renderSpace(ctx: RenderContext, space: FakeSpace): Record<string, unknown> {
  return {
    id: space.id,
    key: space.key,
    ...(ctx.mode === 'cloud' ? { alias: space.key } : {}),
    name: space.name,
    type: space.type,
    status: 'current',
    _expandable: {
      settings: `/rest/api/space/${space.key}/settings`,
      metadata: '',
      operations: '',
      lookAndFeel: `/rest/api/settings/lookandfeel?spaceKey=${space.key}`,
      identifiers: '',
      permissions: '',
      icon: '',
      description: '',
      theme: `/rest/api/space/${space.key}/theme`,
      history: '',
      ...(space.homepageId ? { homepage: `/rest/api/content/${space.homepageId}` } : {}),
    },
    _links: { webui: spaceWebUi(ctx, space.key), self: `${ctx.base}/rest/api/space/${space.key}` },
  };
}

function authorOf(ctx: RenderContext, content: FakeContent): Record<string, unknown> {
  const user = ctx.store.users.get(content.author);
  return user ? renderUser(ctx, user) : renderAnonymous(ctx);
}

function renderVersion(ctx: RenderContext, content: FakeContent): Record<string, unknown> {
  return {
    by: authorOf(ctx, content),
    when: formatWhen(ctx, content.lastModified),
    friendlyWhen: friendly(content.lastModified),
    message: '',
    number: content.version,
    minorEdit: false,
    ...(ctx.mode === 'cloud' ? { contentTypeModified: false } : {}),
    _expandable: { content: `/rest/api/content/${content.id}`, collaborators: '' },
    _links: { self: `${ctx.base}/rest/api/content/${content.id}/version/${content.version}` },
  };
}

function renderHistory(
  ctx: RenderContext,
  content: FakeContent,
  expand: Set<string>,
): Record<string, unknown> {
  const expandable: Record<string, string> = {
    lastOwnedBy: '',
    previousVersion: '',
    contributors: '',
    nextVersion: '',
    ownedBy: '',
  };
  if (!expand.has('history.lastUpdated')) expandable.lastUpdated = '';
  return {
    latest: true,
    createdBy: authorOf(ctx, content),
    createdDate: formatWhen(ctx, content.created),
    ...(expand.has('history.lastUpdated') ? { lastUpdated: renderVersion(ctx, content) } : {}),
    _expandable: expandable,
    _links: { self: `${ctx.base}/rest/api/content/${content.id}/history` },
  };
}

function renderBody(content: FakeContent, expand: Set<string>): Record<string, unknown> {
  const others = ['editor', 'atlas_doc_format', 'view', 'export_view', 'styled_view', 'dynamic'];
  const body: Record<string, unknown> = {};
  const expandable: Record<string, string> = {};
  for (const name of ['storage', ...others]) {
    if (!expand.has(`body.${name}`)) {
      expandable[name] = '';
      continue;
    }
    body[name] = {
      value: content.body,
      representation: name,
      embeddedContent: [],
      _expandable: { content: `/rest/api/content/${content.id}` },
    };
  }
  return { ...body, _expandable: expandable };
}

function renderLabels(ctx: RenderContext, content: FakeContent): Record<string, unknown> {
  return {
    labels: {
      results: content.labels.map((name) => ({
        prefix: 'global',
        name,
        id: String(1000 + [...name].reduce((sum, c) => sum + c.charCodeAt(0), 0)),
        label: name,
      })),
      start: 0,
      limit: 200,
      size: content.labels.length,
      _links: { self: `${ctx.base}/rest/api/content/${content.id}/label` },
    },
    _expandable: { currentuser: '', comments: '', simple: '', properties: '', likes: '' },
  };
}

/** A short reference to content (ancestors, container). */
function renderReference(ctx: RenderContext, content: FakeContent): Record<string, unknown> {
  return {
    id: content.id,
    type: content.type,
    status: content.status,
    title: content.title,
    _links: { webui: webUi(ctx, content), self: `${ctx.base}/rest/api/content/${content.id}` },
    _expandable: {
      container: `/rest/api/space/${content.spaceKey}`,
      history: `/rest/api/content/${content.id}/history`,
    },
  };
}

/** A content object with the expansions in `expand`; `root` adds base/context/collection. */
export function renderContent(
  ctx: RenderContext,
  content: FakeContent,
  expand: Set<string>,
  root = false,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: content.id,
    type: content.type,
    status: content.status,
    title: content.title,
  };
  const expandable: Record<string, string> = {
    childTypes: '',
    container: `/rest/api/space/${content.spaceKey}`,
    operations: '',
    children: `/rest/api/content/${content.id}/child`,
    restrictions: `/rest/api/content/${content.id}/restriction/byOperation`,
    descendants: `/rest/api/content/${content.id}/descendant`,
  };
  const space = ctx.store.spaces.get(content.spaceKey);

  if (expand.has('space') && space) out.space = renderSpace(ctx, space);
  else expandable.space = `/rest/api/space/${content.spaceKey}`;
  if (expand.has('history')) out.history = renderHistory(ctx, content, expand);
  else expandable.history = `/rest/api/content/${content.id}/history`;
  if (expand.has('version')) out.version = renderVersion(ctx, content);
  else expandable.version = '';
  if (expand.has('ancestors')) {
    out.ancestors = ctx.store.ancestorsOf(content).map((a) => renderReference(ctx, a));
  } else expandable.ancestors = '';
  if (expand.has('body')) out.body = renderBody(content, expand);
  else expandable.body = '';
  if (expand.has('metadata.labels')) out.metadata = renderLabels(ctx, content);
  else expandable.metadata = '';
  if (content.type === 'page') out.extensions = { position: Number(content.id) % 1000 };

  const links: Record<string, string> = {
    webui: webUi(ctx, content),
    ...(ctx.mode === 'cloud'
      ? {
          editui: `/pages/resumedraft.action?draftId=${content.id}`,
          edituiv2: `/spaces/${content.spaceKey}/pages/edit-v2/${content.id}`,
        }
      : { edit: `/pages/resumedraft.action?draftId=${content.id}` }),
    tinyui: tinyUi(content.id),
    self: `${ctx.base}/rest/api/content/${content.id}`,
  };
  if (root)
    Object.assign(links, { base: ctx.base, context: ctx.context, collection: '/rest/api/content' });
  return { ...out, _expandable: expandable, _links: links };
}
