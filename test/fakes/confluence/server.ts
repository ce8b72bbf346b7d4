/**
 * A fake Confluence (Cloud or Data Center) for tests, faithful to
 * `../shared/reference/confluence-rest-api.md` §8. Plain http on 127.0.0.1, ephemeral port; the
 * product reaches it with `allowHttp` and loopback allow-listed.
 *
 * CQL: queries are read with the product's own parser (`parseCql` from `src/cql/`) and evaluated
 * by this fake (`cql-eval.ts`). So the fake refuses (400 "Could not parse cql") exactly what the
 * product's parser refuses, which may differ from real Confluence at the edges; the fake cannot
 * detect a parser bug that accepts something Confluence would refuse.
 *
 * API (stable; add to it, do not change it):
 *
 *   const fake = await startFakeConfluence({ mode: 'cloud' | 'datacenter', contextPath?, ... });
 *   fake.baseUrl       http://127.0.0.1:PORT/wiki (cloud) or http://127.0.0.1:PORT[/context] (DC)
 *   fake.auth          working credentials of user alice: cloud Basic email+token, DC Bearer PAT
 *   fake.authFor(user) working credentials of another seeded user (`bob` can see restricted pages)
 *   fake.requests      log of requests: { method, path, query, auth, status }; clearRequests()
 *   fake.store         the data (spaces, content, users, tokens), for assertions
 *   fake.findContent(title)          the content with that title (throws when absent)
 *   fake.addSpace / addPage / updatePage / setPageBody / deletePage / restrictPage / unrestrictPage
 *   fake.addUser / addToken / revokeToken / expireToken
 *   fake.failNext({ status, times, retryAfter, body, contentType, headers, path })
 *   fake.rateLimit({ times, retryAfter })   429 with the deployment's X-RateLimit headers
 *   fake.loginPage(times)            200 text/html login page instead of JSON
 *   fake.withholdBody(id, on = true)  body fetches (`content/search` expanding `body`) leave it out
 *   fake.delay(ms), fake.hang(on = true), fake.resetFaults()   (resetFaults also un-withholds)
 *   fake.settings      quirks, changeable at any time (see FakeConfluenceOptions)
 *   await fake.close()
 *
 * Seeded (unless `seed: false`): users alice and bob, spaces DOCS, KAFKA (anonymous access),
 * MIGR and DUMMY filled from the real fixtures (see `fixture-pages.ts`), with a page tree,
 * labels, versions, a blog post, comments, attachments and a branch restricted to bob.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConfluenceAuth } from '../../../src/domain/ports';
import { FakeAuthenticator } from './auth';
import { type FailureSpec, FaultQueue, type PreparedAnswer } from './faults';
import {
  type ContentType,
  type FakeContent,
  type FakeMode,
  type FakeSpace,
  FakeStore,
  type FakeUser,
} from './model';
import type { RenderContext } from './render';
import { routeRest } from './rest-routes';
import type { SearchSettings } from './search-routes';
import { seedFixtures } from './seed';

export interface FakeConfluenceOptions {
  mode: FakeMode;
  /** Data Center context path such as `/confluence`; ignored on Cloud (always `/wiki`). */
  contextPath?: string;
  /** Port to listen on; default 0 (ephemeral). */
  port?: number;
  /** Load the fixture pages. Default true. Users alice and bob exist either way. */
  seed?: boolean;
  /** Cloud: bad or missing credentials become the anonymous user instead of 403. */
  publicSite?: boolean;
  /** Data Center: Basic authentication disabled by an admin (403). */
  basicAuthDisabled?: boolean;
  /** Data Center: failed Basic logins before AUTHENTICATION_DENIED (CAPTCHA). Default 3. */
  captchaAfterFailures?: number;
  /** Cloud caps for `limit`. Default 50 with `body.*`, 100 otherwise. */
  cloudCaps?: { withBody: number; other: number };
  /** DC quirk: `next` start computed from the requested limit. Default false. */
  dcNextFromRequestedLimit?: boolean;
  /** Quirk: a `next` link at the end that leads to empty results. Default false. */
  emptyTrailingNext?: boolean;
  /** DC quirk: CQL naming a missing space key gives 500. Default false. */
  missingSpaceFails?: boolean;
  /** Data Center time-zone offset of timestamps, minutes. Default 120 (+02:00). */
  utcOffsetMinutes?: number;
  /** Clock for edits and date functions. Default `() => new Date()`. */
  now?: () => Date;
}

export interface RequestLogEntry {
  method: string;
  /** Path without query, e.g. `/wiki/rest/api/content/search`. */
  path: string;
  query: Record<string, string>;
  /** Kind of credentials sent (never the credentials). */
  auth: 'basic' | 'bearer' | 'none' | 'other';
  /** Status answered; undefined while pending or for hung requests. */
  status?: number;
}

export interface NewPage {
  title: string;
  spaceKey: string;
  id?: string;
  type?: ContentType;
  parentId?: string | null;
  body?: string;
  labels?: string[];
  version?: number;
  created?: Date;
  lastModified?: Date;
  author?: string;
  restrictedTo?: string[] | null;
}

export interface FakeConfluence {
  readonly mode: FakeMode;
  readonly baseUrl: string;
  readonly origin: string;
  readonly auth: ConfluenceAuth;
  readonly requests: RequestLogEntry[];
  readonly store: FakeStore;
  readonly settings: SearchSettings & {
    publicSite: boolean;
    basicAuthDisabled: boolean;
    captchaAfterFailures: number;
  };
  authFor(username: string): ConfluenceAuth;
  clearRequests(): void;
  findContent(title: string): FakeContent;
  addUser(user: Partial<FakeUser> & { username: string }): FakeUser;
  addSpace(space: { key: string; name: string } & Partial<Omit<FakeSpace, 'id'>>): FakeSpace;
  addPage(page: NewPage): FakeContent;
  /** Changes title, labels, parent or body; bumps the version and last-modified time. */
  updatePage(
    id: string,
    changes: Partial<Pick<FakeContent, 'title' | 'body' | 'labels' | 'parentId'>>,
  ): FakeContent;
  setPageBody(id: string, body: string): FakeContent;
  /** Removes the content (it then answers 404 and leaves searches). */
  deletePage(id: string): void;
  /** Only `allowed` user names may view it (none: nobody); descendants inherit. */
  restrictPage(id: string, allowed?: string[]): void;
  unrestrictPage(id: string): void;
  /** A new working token for `username` (default alice); returns the credentials to use. */
  addToken(username?: string, token?: string): ConfluenceAuth;
  revokeToken(token: string): void;
  expireToken(token: string): void;
  failNext(spec: FailureSpec): void;
  rateLimit(spec?: { times?: number; retryAfter?: number | string; path?: string | RegExp }): void;
  loginPage(times?: number): void;
  /**
   * Leaves the content out of body fetches (searches expanding `body`) while listings still show
   * it, so an index run lists the page and then cannot fetch it; `false` serves it again.
   */
  withholdBody(id: string, on?: boolean): void;
  delay(ms: number): void;
  hang(on?: boolean): void;
  resetFaults(): void;
  close(): Promise<void>;
}

const LOGIN_PAGE =
  '<!DOCTYPE html><html><head><title>Log in - Confluence</title></head><body>' +
  '<form id="loginform" action="/dologin.action" method="post"><label>Username</label>' +
  '<input name="os_username"/><label>Password</label><input type="password" name="os_password"/>' +
  '<input type="submit" value="Log in"/></form></body></html>';

const NOT_FOUND_PAGE =
  '<!doctype html><html lang="en"><head><title>HTTP Status 404 – Not Found</title></head>' +
  '<body><h1>HTTP Status 404 – Not Found</h1></body></html>';

function defaultUsers(): FakeUser[] {
  return [
    {
      username: 'alice',
      displayName: 'Alice Example',
      accountId: '5b10a2844c20165700ede21a',
      userKey: '8a7f808a1',
      email: 'alice@example.test',
      password: 'alice-password',
    },
    {
      username: 'bob',
      displayName: 'Bob Example',
      accountId: '5b10a2844c20165700ede21b',
      userKey: '8a7f808a2',
      email: 'bob@example.test',
      password: 'bob-password',
    },
  ];
}

function defaultToken(mode: FakeMode, username: string): string {
  return mode === 'cloud' ? `ATATT-fake-${username}-token` : `fake-pat-${username}-0123456789`;
}

function authKind(header: string | undefined): RequestLogEntry['auth'] {
  if (!header) return 'none';
  if (/^basic /i.test(header)) return 'basic';
  if (/^bearer /i.test(header)) return 'bearer';
  return 'other';
}

export async function startFakeConfluence(options: FakeConfluenceOptions): Promise<FakeConfluence> {
  const mode = options.mode;
  const prefix =
    mode === 'cloud'
      ? '/wiki'
      : (options.contextPath ?? '').replace(/\/+$/, '').replace(/^(?=[^/])/, '/');
  const store = new FakeStore();
  const settings = {
    publicSite: options.publicSite ?? false,
    basicAuthDisabled: options.basicAuthDisabled ?? false,
    captchaAfterFailures: options.captchaAfterFailures ?? 3,
    cloudCaps: options.cloudCaps ?? { withBody: 50, other: 100 },
    dcNextFromRequestedLimit: options.dcNextFromRequestedLimit ?? false,
    emptyTrailingNext: options.emptyTrailingNext ?? false,
    missingSpaceFails: options.missingSpaceFails ?? false,
    withheldBodies: new Set<string>(),
    now: options.now ?? (() => new Date()),
  };
  const authenticator = new FakeAuthenticator(store, {
    mode,
    get publicSite() {
      return settings.publicSite;
    },
    get basicAuthDisabled() {
      return settings.basicAuthDisabled;
    },
    get captchaAfterFailures() {
      return settings.captchaAfterFailures;
    },
  });
  const faults = new FaultQueue(mode);
  const requests: RequestLogEntry[] = [];
  const pending = new Set<http.ServerResponse>();
  const ctx: RenderContext = {
    mode,
    base: '',
    context: prefix,
    store,
    utcOffsetMinutes: options.utcOffsetMinutes ?? 120,
  };

  // --- control API -----------------------------------------------------------------------
  const addUser = (user: Partial<FakeUser> & { username: string }): FakeUser => {
    const full: FakeUser = {
      displayName: user.username,
      accountId: `fake-account-${user.username}`,
      userKey: `fake-key-${user.username}`,
      email: `${user.username}@example.test`,
      ...user,
    };
    store.users.set(full.username, full);
    return full;
  };

  const addToken = (username = 'alice', token?: string): ConfluenceAuth => {
    const user = store.users.get(username);
    if (!user) throw new Error(`fake Confluence: no user ${username}`);
    const value = token ?? `${defaultToken(mode, username)}-${store.tokens.size + 1}`;
    store.tokens.set(value, { token: value, username, state: 'active' });
    return mode === 'cloud'
      ? { kind: 'basic', email: user.email, token: value }
      : { kind: 'bearer', token: value };
  };

  const addSpace: FakeConfluence['addSpace'] = (space) => {
    const full: FakeSpace = {
      id: store.allocateSpaceId(),
      type: 'global',
      anonymousAccess: false,
      restrictedTo: null,
      ...space,
    };
    store.spaces.set(full.key, full);
    return full;
  };

  const getContent = (id: string): FakeContent => {
    const content = store.content.get(id);
    if (!content) throw new Error(`fake Confluence: no content ${id}`);
    return content;
  };

  const addPage = (page: NewPage): FakeContent => {
    if (!store.spaces.has(page.spaceKey))
      throw new Error(`fake Confluence: no space ${page.spaceKey}`);
    const created = page.created ?? settings.now();
    const content: FakeContent = {
      id: page.id ?? store.allocateContentId(),
      type: page.type ?? 'page',
      status: 'current',
      title: page.title,
      spaceKey: page.spaceKey,
      parentId: page.parentId ?? null,
      body: page.body ?? '',
      labels: page.labels ?? [],
      version: page.version ?? 1,
      created,
      lastModified: page.lastModified ?? created,
      author: page.author ?? 'alice',
      restrictedTo: page.restrictedTo ?? null,
    };
    store.content.set(content.id, content);
    return content;
  };

  const updatePage: FakeConfluence['updatePage'] = (id, changes) => {
    const content = getContent(id);
    Object.assign(content, changes);
    content.version += 1;
    content.lastModified = settings.now();
    return content;
  };

  for (const user of defaultUsers()) addUser(user);
  if (options.seed ?? true) seedFixtures(store, addSpace, addPage);
  const aliceAuth = addToken('alice', defaultToken(mode, 'alice'));
  addToken('bob', defaultToken(mode, 'bob'));

  // --- serving -------------------------------------------------------------------------
  const send = (res: http.ServerResponse, entry: RequestLogEntry, answer: PreparedAnswer): void => {
    entry.status = answer.status;
    pending.delete(res);
    res.writeHead(answer.status, { 'content-type': answer.contentType, ...answer.headers });
    res.end(answer.body);
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', ctx.base);
    const header = req.headers.authorization;
    const entry: RequestLogEntry = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      auth: authKind(header),
    };
    requests.push(entry);
    pending.add(res);

    if (faults.hanging) return;
    if (faults.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.delayMs));
    const fault = faults.take(url.pathname);
    if (fault) return send(res, entry, fault);

    const html = (status: number, body: string) =>
      send(res, entry, { status, headers: {}, contentType: 'text/html;charset=UTF-8', body });
    if (url.pathname === `${prefix}/login.action`) return html(200, LOGIN_PAGE);
    if (!url.pathname.startsWith(`${prefix}/rest/api/`)) return html(404, NOT_FOUND_PAGE);

    const outcome = authenticator.authenticate(header);
    if (outcome.kind === 'reject') return send(res, entry, outcome.rejection);
    const rest = url.pathname.slice(`${prefix}/rest/api`.length);
    const answer = routeRest(ctx, settings, rest, url.searchParams, outcome.viewer, url.toString());
    send(res, entry, {
      status: answer.status,
      headers: { ...outcome.headers, ...(answer.headers ?? {}) },
      contentType: 'application/json;charset=UTF-8',
      body: JSON.stringify(answer.body),
    });
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fake Confluence failed: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ctx.base = `${origin}${prefix}`;

  return {
    mode,
    baseUrl: ctx.base,
    origin,
    auth: aliceAuth,
    requests,
    store,
    settings,
    authFor: (username) => {
      const token = defaultToken(mode, username);
      if (!store.tokens.has(token)) return addToken(username, token);
      const user = store.users.get(username);
      return mode === 'cloud'
        ? { kind: 'basic', email: user?.email ?? '', token }
        : { kind: 'bearer', token };
    },
    clearRequests: () => {
      requests.length = 0;
    },
    findContent: (title) => {
      const found = [...store.content.values()].find((c) => c.title === title);
      if (!found) throw new Error(`fake Confluence: no content titled ${title}`);
      return found;
    },
    addUser,
    addSpace,
    addPage,
    updatePage,
    setPageBody: (id, body) => updatePage(id, { body }),
    deletePage: (id) => {
      getContent(id);
      store.content.delete(id);
    },
    restrictPage: (id, allowed = []) => {
      getContent(id).restrictedTo = [...allowed];
    },
    unrestrictPage: (id) => {
      getContent(id).restrictedTo = null;
    },
    addToken,
    revokeToken: (token) => setTokenState(store, token, 'revoked'),
    expireToken: (token) => setTokenState(store, token, 'expired'),
    failNext: (spec) => faults.add(spec),
    rateLimit: (spec = {}) => faults.add({ status: 429, ...spec }),
    loginPage: (times = 1) =>
      faults.add({ status: 200, times, body: LOGIN_PAGE, contentType: 'text/html;charset=UTF-8' }),
    withholdBody: (id, on = true) => {
      getContent(id);
      if (on) settings.withheldBodies.add(id);
      else settings.withheldBodies.delete(id);
    },
    delay: (ms) => {
      faults.delayMs = ms;
    },
    hang: (on = true) => {
      faults.hanging = on;
    },
    resetFaults: () => {
      faults.clear();
      settings.withheldBodies.clear();
    },
    close: async () => {
      for (const res of pending) res.destroy();
      pending.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

function setTokenState(store: FakeStore, token: string, state: 'revoked' | 'expired'): void {
  const record = store.tokens.get(token);
  if (!record) throw new Error('fake Confluence: unknown token');
  record.state = state;
}
