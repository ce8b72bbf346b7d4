/**
 * What the fake Confluence knows: users, credentials, spaces and content, and who may see what.
 * Mutated through the control API of `startFakeConfluence` (see `server.ts`); read by the routes.
 */

export type FakeMode = 'cloud' | 'datacenter';
export type ContentType = 'page' | 'blogpost' | 'comment' | 'attachment';

export interface FakeUser {
  /** Data Center user name; also the handle used by restrictions. */
  username: string;
  displayName: string;
  /** Cloud account id. */
  accountId: string;
  /** Data Center user key. */
  userKey: string;
  email: string;
  /** Data Center password for Basic authentication; absent means Basic never works. */
  password?: string;
  /** Cloud: the account exists but has no Confluence product access (older 403 form). */
  noConfluenceAccess?: boolean;
}

export interface FakeSpace {
  id: number;
  key: string;
  name: string;
  type: 'global' | 'personal';
  /** Whether the anonymous user may read it (public site, or DC bad PAT). */
  anonymousAccess: boolean;
  /** When set, only these user names may see the space. */
  restrictedTo: string[] | null;
  homepageId?: string;
}

export interface FakeContent {
  id: string;
  type: ContentType;
  status: 'current' | 'trashed';
  title: string;
  spaceKey: string;
  /** Parent page (for attachments and comments: the page they belong to). */
  parentId: string | null;
  /** Storage-format body. */
  body: string;
  labels: string[];
  version: number;
  created: Date;
  lastModified: Date;
  /** User name of the author of the latest version. */
  author: string;
  /** When set, only these user names may view it (and its descendants). */
  restrictedTo: string[] | null;
}

export type TokenState = 'active' | 'revoked' | 'expired';

export interface FakeToken {
  token: string;
  username: string;
  state: TokenState;
}

/** Who a request is evaluated for: a known user or the anonymous user. */
export type Viewer = { kind: 'user'; user: FakeUser } | { kind: 'anonymous' };

export class FakeStore {
  readonly users = new Map<string, FakeUser>();
  readonly tokens = new Map<string, FakeToken>();
  readonly spaces = new Map<string, FakeSpace>();
  readonly content = new Map<string, FakeContent>();
  private nextSpaceId = 32770;
  private nextContentId = 1_000_001;

  allocateSpaceId(): number {
    return this.nextSpaceId++;
  }

  /** Sequential ids, skipping any given explicitly. */
  allocateContentId(): string {
    while (this.content.has(String(this.nextContentId))) this.nextContentId++;
    return String(this.nextContentId++);
  }

  userByEmail(email: string): FakeUser | undefined {
    const wanted = email.toLowerCase();
    return [...this.users.values()].find((u) => u.email.toLowerCase() === wanted);
  }

  /** Root first, parent last; stops at a missing parent. */
  ancestorsOf(content: FakeContent): FakeContent[] {
    const chain: FakeContent[] = [];
    const seen = new Set<string>();
    let parentId = content.parentId;
    while (parentId !== null && !seen.has(parentId)) {
      seen.add(parentId);
      const parent = this.content.get(parentId);
      if (!parent) break;
      chain.unshift(parent);
      parentId = parent.parentId;
    }
    return chain;
  }

  canSeeSpace(viewer: Viewer, space: FakeSpace): boolean {
    if (viewer.kind === 'anonymous') return space.anonymousAccess;
    return space.restrictedTo === null || space.restrictedTo.includes(viewer.user.username);
  }

  /** Current content in a visible space, with no view restriction on it or an ancestor. */
  canSee(viewer: Viewer, content: FakeContent): boolean {
    if (content.status !== 'current') return false;
    const space = this.spaces.get(content.spaceKey);
    if (!space || !this.canSeeSpace(viewer, space)) return false;
    return [content, ...this.ancestorsOf(content)].every(
      (item) =>
        item.restrictedTo === null ||
        (viewer.kind === 'user' && item.restrictedTo.includes(viewer.user.username)),
    );
  }

  visibleContent(viewer: Viewer): FakeContent[] {
    return [...this.content.values()].filter((c) => this.canSee(viewer, c));
  }
}
