/**
 * The fake Confluence itself, checked against the REST reference (§8 checklist) with plain
 * HTTP, so that the client tests stand on a faithful stand-in.
 */
import { tinyUi } from '../fakes/confluence/render';
import { startFakeConfluence, type FakeConfluence } from '../fakes/confluence/server';
import type { ConfluenceAuth } from '../../src/domain/ports';

/** Answers are read loosely here; the client's zod schemas are what checks shapes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

function header(auth: ConfluenceAuth): string {
  return auth.kind === 'bearer'
    ? `Bearer ${auth.token}`
    : `Basic ${Buffer.from(`${auth.email}:${auth.token}`).toString('base64')}`;
}

async function get(
  fake: FakeConfluence,
  path: string,
  authorization: string | null = header(fake.auth),
) {
  const response = await fetch(`${fake.baseUrl}${path}`, {
    headers: authorization ? { authorization } : {},
  });
  const text = await response.text();
  let json: Loose;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

const search = (cql: string, extra = '') =>
  `/rest/api/content/search?cql=${encodeURIComponent(cql)}${extra}`;
const titles = (json: Loose) => json.results.map((r: Loose) => r.title);

describe('fake Confluence, Cloud mode', () => {
  let fake: FakeConfluence;
  beforeAll(async () => {
    fake = await startFakeConfluence({ mode: 'cloud' });
  });
  afterAll(() => fake.close());
  afterEach(() => {
    fake.resetFaults();
    fake.settings.publicSite = false;
  });

  it('serves under /wiki with _links.base and context', async () => {
    expect(fake.baseUrl).toMatch(/\/wiki$/);
    const { json } = await get(fake, search('space = KAFKA'));
    expect(json._links).toMatchObject({ base: fake.baseUrl, context: '/wiki' });
    expect(json.totalSize).toBeUndefined();
  });

  it('refuses bad, missing and Bearer credentials with the 403 envelope and no WWW-Authenticate', async () => {
    const bad = `Basic ${Buffer.from('alice@example.test:nope').toString('base64')}`;
    for (const authorization of [bad, null, 'Bearer ATATT-fake-alice-token']) {
      const answer = await get(fake, '/rest/api/user/current', authorization);
      expect(answer.status).toBe(403);
      expect(answer.json.message).toMatch(/caller cannot access Confluence/);
      expect(answer.headers.get('www-authenticate')).toBeNull();
    }
  });

  it('answers a Basic value that is not base64 with the Tomcat 401 page', async () => {
    const answer = await get(fake, '/rest/api/user/current', 'Basic %%%not-base64');
    expect(answer.status).toBe(401);
    expect(answer.headers.get('content-type')).toMatch(/text\/html/);
    expect(answer.text).toContain('HTTP Status 401');
  });

  it('serves bad credentials as anonymous on a public site', async () => {
    fake.settings.publicSite = true;
    const answer = await get(fake, '/rest/api/user/current', null);
    expect(answer.json.type).toBe('anonymous');
    const kafka = await get(fake, search('type = page'), null);
    expect(new Set(kafka.json.results.map((r: Loose) => r._expandable.space))).toEqual(
      new Set(['/rest/api/space/KAFKA']),
    );
  });

  it('answers invalid CQL with the Cloud 400 envelope', async () => {
    const answer = await get(fake, search('foo = bar'));
    expect(answer.status).toBe(400);
    expect(answer.json.message).toBe(
      'com.atlassian.confluence.api.service.exceptions.BadRequestException: Could not parse cql : foo = bar',
    );
    expect(answer.json.data).toMatchObject({ authorized: true, valid: true, errors: [] });
  });

  it('caps limits at 100 without bodies and 50 with them, echoing the effective limit', async () => {
    expect((await get(fake, search('type = page', '&limit=500'))).json.limit).toBe(100);
    expect(
      (await get(fake, search('type = page', '&limit=500&expand=body.storage'))).json.limit,
    ).toBe(50);
  });

  it('puts an opaque cursor in next, adds prev later, and ignores start', async () => {
    const first = await get(fake, search('space = DOCS', '&limit=3&start=6'));
    expect(first.json.start).toBe(0);
    expect(first.json._links.next).toMatch(/^\/rest\/api\/content\/search\?next=true&cursor=_sa_/);
    const second = await get(fake, first.json._links.next);
    expect(second.json._links.prev).toMatch(/prev=true&cursor=/);
    expect(titles(second.json)).not.toEqual(titles(first.json));
  });

  it('uses Z timestamps, a numeric space id, string ids and root-first ancestors', async () => {
    const codes = fake.findContent('Codes (mark)');
    const { json } = await get(
      fake,
      `/rest/api/content/${codes.id}?expand=space,version,ancestors,history.lastUpdated`,
    );
    expect(json.id).toBe(codes.id);
    expect(typeof json.space.id).toBe('number');
    expect(json.version.when).toMatch(/Z$/);
    expect(json.history.lastUpdated.when).toBe(json.version.when);
    expect(json.ancestors.map((a: Loose) => a.title)).toEqual([
      'Documentation Home',
      'Samples from mark',
    ]);
    expect(json._links).toMatchObject({
      base: fake.baseUrl,
      context: '/wiki',
      webui: `/spaces/DOCS/pages/${codes.id}/Codes+(mark)`,
    });
    expect(json._expandable.body).toBe('');
  });

  it('answers 404 in the Cloud forms for missing content and spaces', async () => {
    const content = await get(fake, '/rest/api/content/999999999');
    expect(content.status).toBe(404);
    expect(content.json.message).toMatch(/NotFoundException: No content found with id : 999999999/);
    const space = await get(fake, '/rest/api/space/BOGUSKEY');
    expect(space.json.message).toMatch(/404 NOT_FOUND "No space found with key : BOGUSKEY"/);
  });

  it('sends 429 with Retry-After and the Cloud rate-limit headers', async () => {
    fake.rateLimit({ retryAfter: 5 });
    const answer = await get(fake, '/rest/api/space');
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('5');
    expect(answer.headers.get('ratelimit-reason')).toBeTruthy();
    expect(answer.headers.get('x-ratelimit-reset')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/);
  });

  it('serves /rest/api/search with totalSize, cqlQuery and only content.-prefixed expansions', async () => {
    const cql = 'space = KAFKA';
    const bare = await get(
      fake,
      `/rest/api/search?cql=${encodeURIComponent(cql)}&expand=space&limit=1`,
    );
    expect(bare.json).toMatchObject({ totalSize: 3, cqlQuery: cql, size: 1 });
    expect(bare.json.results[0]).toMatchObject({
      entityType: 'content',
      url: expect.stringMatching(/^\/spaces\/KAFKA/),
    });
    expect(bare.json.results[0].content.space).toBeUndefined();
    const prefixed = await get(
      fake,
      `/rest/api/search?cql=${encodeURIComponent(cql)}&expand=content.space`,
    );
    expect(prefixed.json.results[0].content.space.key).toBe('KAFKA');
  });
});

describe('fake Confluence, Data Center mode', () => {
  let fake: FakeConfluence;
  beforeAll(async () => {
    fake = await startFakeConfluence({ mode: 'datacenter', contextPath: 'confluence/' });
    fake.addSpace({ key: 'BULK', name: 'Bulk' });
    for (let i = 0; i < 1100; i++) fake.addPage({ title: `Bulk ${i}`, spaceKey: 'BULK' });
  });
  afterAll(() => fake.close());
  afterEach(() => {
    fake.resetFaults();
    fake.settings.dcNextFromRequestedLimit = false;
  });

  it('serves under the context path with matching _links', async () => {
    expect(fake.baseUrl).toBe(`${fake.origin}/confluence`);
    const { json } = await get(fake, '/rest/api/user/current');
    expect(json).toMatchObject({
      type: 'known',
      username: 'alice',
      _links: { base: fake.baseUrl, context: '/confluence' },
    });
  });

  it('marks a good PAT with X-Seraph-LoginReason OK and X-AUSERNAME', async () => {
    const answer = await get(fake, '/rest/api/space/DOCS');
    expect(answer.headers.get('x-seraph-loginreason')).toBe('OK');
    expect(answer.headers.get('x-ausername')).toBe('alice');
  });

  it('answers a bad PAT as the anonymous user (200) and filters searches silently', async () => {
    const me = await get(fake, '/rest/api/user/current', 'Bearer nonsense');
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ type: 'anonymous', displayName: 'Anonymous' });
    const docs = await get(fake, search('space = DOCS'), 'Bearer nonsense');
    expect(docs.status).toBe(200);
    expect(docs.json.results).toEqual([]);
  });

  it('answers bad Basic credentials with 401 HTML and AUTHENTICATED_FAILED', async () => {
    const answer = await get(
      fake,
      '/rest/api/user/current',
      `Basic ${Buffer.from('bob:nope').toString('base64')}`,
    );
    expect(answer.status).toBe(401);
    expect(answer.headers.get('x-seraph-loginreason')).toBe('AUTHENTICATED_FAILED');
    expect(answer.text).toContain('Basic Authentication Failure - Reason : AUTHENTICATED_FAILED');
  });

  it('hides restricted pages (and their children) as 404 and filters them from searches', async () => {
    const secret = fake.findContent('Security plans');
    const child = fake.findContent('Security plans: details');
    expect((await get(fake, `/rest/api/content/${secret.id}`)).status).toBe(404);
    expect((await get(fake, `/rest/api/content/${child.id}`)).status).toBe(404);
    const bob = header(fake.authFor('bob'));
    expect((await get(fake, `/rest/api/content/${child.id}`, bob)).status).toBe(200);
    expect(titles((await get(fake, search('title ~ security'))).json)).toEqual([]);
    expect(titles((await get(fake, search('title ~ security'), bob)).json)).toHaveLength(2);
  });

  it('answers invalid CQL with the Data Center 400 envelope', async () => {
    const answer = await get(fake, search('type != page'));
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({
      statusCode: 400,
      message: 'Could not parse cql : type != page',
      reason: 'Bad Request',
      data: { allowedInReadOnlyMode: true, successful: false },
    });
  });

  it('answers an empty cql and ISO dates with 400', async () => {
    expect((await get(fake, '/rest/api/content/search?cql=')).status).toBe(400);
    expect((await get(fake, search('lastmodified > "2026-05-12T09:00:00.000Z"'))).status).toBe(400);
  });

  it('answers unknown spaces and ancestors with 200 and no results', async () => {
    for (const cql of ['space = NOPE', 'ancestor = 999999']) {
      const answer = await get(fake, search(cql));
      expect(answer.status).toBe(200);
      expect(answer.json.size).toBe(0);
    }
  });

  it('answers an unknown cqlcontext space with 404', async () => {
    const context = encodeURIComponent(JSON.stringify({ spaceKey: 'NOPE' }));
    expect(
      (await get(fake, search('space = currentSpace()', `&cqlcontext=${context}`))).status,
    ).toBe(404);
  });

  it('caps limits at 50 with bodies, 200 with other expansions and 1000 without', async () => {
    const limit = async (extra: string) =>
      (await get(fake, search('space = BULK', `&limit=5000${extra}`))).json.limit;
    expect(await limit('&expand=body.storage')).toBe(50);
    expect(await limit('&expand=version')).toBe(200);
    expect(await limit('')).toBe(1000);
  });

  it('uses start/limit offsets, with next only while more remain', async () => {
    const first = await get(fake, search('space = KAFKA', '&limit=2'));
    expect(first.json._links.next).toMatch(/start=2$/);
    const last = await get(fake, search('space = KAFKA', '&limit=2&start=2'));
    expect(last.json.results).toHaveLength(1);
    expect(last.json._links.next).toBeUndefined();
    expect(last.json._links.prev).toMatch(/start=0$/);
  });

  it('can compute next from the requested limit (the skipping quirk)', async () => {
    fake.settings.dcNextFromRequestedLimit = true;
    const { json } = await get(fake, search('space = BULK', '&limit=80&expand=body.storage'));
    expect(json.size).toBe(50);
    expect(json._links.next).toMatch(/start=80$/);
  });

  it('uses offset timestamps and /display links', async () => {
    const home = fake.findContent('Documentation Home');
    const { json } = await get(fake, `/rest/api/content/${home.id}?expand=version`);
    expect(json.version.when).toMatch(/\+02:00$/);
    expect(json._links.webui).toBe('/display/DOCS/Documentation+Home');
    expect(json._links.tinyui).toBe(tinyUi(home.id));
  });

  it('sends 429 with the Data Center rate-limit headers', async () => {
    fake.rateLimit({ retryAfter: 2 });
    const answer = await get(fake, '/rest/api/space');
    expect(answer.status).toBe(429);
    expect(answer.headers.get('x-ratelimit-interval-seconds')).toBe('1');
    expect(answer.headers.get('x-ratelimit-fillrate')).toBeTruthy();
  });

  it('can reproduce the 500 for a missing space key', async () => {
    fake.settings.missingSpaceFails = true;
    const answer = await get(fake, search('space.key = NOPE'));
    fake.settings.missingSpaceFails = false;
    expect(answer.status).toBe(500);
    expect(answer.json.message).toMatch(/parameters should not be empty/);
  });

  it('can withhold one page from body fetches while listings still show it', async () => {
    const page = fake.findContent(titles((await get(fake, search('space = KAFKA'))).json)[0]);
    fake.withholdBody(page.id);
    const listed = await get(fake, search('space = KAFKA', '&expand=version'));
    const bodies = await get(fake, search(`id = ${page.id}`, '&expand=body.storage'));
    fake.resetFaults();
    const again = await get(fake, search(`id = ${page.id}`, '&expand=body.storage'));
    expect(titles(listed.json)).toContain(page.title);
    expect(bodies.json.results).toEqual([]);
    expect(titles(again.json)).toEqual([page.title]);
  });
});

describe('fake Confluence CQL evaluation', () => {
  let fake: FakeConfluence;
  beforeAll(async () => {
    fake = await startFakeConfluence({
      mode: 'datacenter',
      now: () => new Date('2024-03-01T00:00:00Z'),
    });
  });
  afterAll(() => fake.close());

  const run = async (cql: string) => {
    const answer = await get(fake, search(cql, '&limit=1000'));
    if (answer.status !== 200) throw new Error(`${cql}: ${answer.status} ${answer.text}`);
    return titles(answer.json) as string[];
  };

  it('filters by label, IN lists and type', async () => {
    expect(await run('label = md2conf AND type = page')).toHaveLength(6);
    expect(await run('label in (ide, release)')).toEqual([
      'Developer Setup with Eclipse',
      'Release Readiness Checklist',
    ]);
    expect(await run('space = DUMMY and type in (comment)')).toEqual(['Re: AAA', 'Re: AAA']);
  });

  it('matches title exactly with = and by words with ~', async () => {
    expect(await run('title = "codes (mark)"')).toEqual(['Codes (mark)']);
    expect(await run('space = DOCS and title ~ "samples"')).toEqual([
      'Samples from mark',
      'Samples from md2conf',
    ]);
  });

  it('searches body text with text ~, including prefix wildcards and phrases', async () => {
    expect(await run('text ~ "pipefail"')).toEqual(['Release Readiness Checklist']);
    expect(await run('space = KAFKA and text ~ "eclip*"')).toContain(
      'Developer Setup with Eclipse',
    );
    expect(await run('text ~ "\\"Release Readiness\\""')).toEqual(['Release Readiness Checklist']);
  });

  it('follows the page tree with ancestor and parent', async () => {
    const mark = fake.findContent('Samples from mark').id;
    const home = fake.findContent('Documentation Home').id;
    expect(await run(`ancestor = ${mark} and type = page`)).toHaveLength(6);
    expect(await run(`parent = ${home}`)).toEqual(['Samples from mark', 'Samples from md2conf']);
    expect((await run(`ancestor = ${home}`)).length).toBeGreaterThan(12);
  });

  it('supports NOT, NOT IN and ORDER BY', async () => {
    expect(await run('space = KAFKA and not title ~ index order by title desc')).toEqual([
      'Release Readiness Checklist',
      'Developer Setup with Eclipse',
    ]);
    expect(await run('space = KAFKA and label not in (index, ide)')).toEqual([
      'Release Readiness Checklist',
    ]);
  });

  it('compares dates, with day values and date functions', async () => {
    const created = fake.findContent('Documentation Home').created;
    const day = created.toISOString().slice(0, 10);
    expect(await run(`created = "${day}"`)).toEqual(['Documentation Home']);
    expect((await run(`created < "${day}"`)).length).toBe(0);
    const recent = await run('lastmodified > now("-2w")');
    const expected = [...fake.store.content.values()].filter(
      (c) =>
        c.lastModified.getTime() > Date.parse('2024-03-01T00:00:00Z') - 14 * 86_400_000 &&
        fake.store.canSee({ kind: 'user', user: fake.store.users.get('alice')! }, c),
    );
    expect(recent).toHaveLength(expected.length);
  });

  it('sees edits: a new body bumps the version and last-modified time', async () => {
    const page = fake.findContent('Release Readiness Checklist');
    const before = page.version;
    fake.setPageBody(page.id, '<p>now mentions zebras</p>');
    expect(page.version).toBe(before + 1);
    expect(await run('text ~ zebras')).toEqual(['Release Readiness Checklist']);
    fake.deletePage(page.id);
    expect(await run('text ~ zebras')).toEqual([]);
  });
});

describe('tinyUi', () => {
  it('reproduces the documented examples', () => {
    expect(tinyUi('393219')).toBe('/x/AwAG');
    expect(tinyUi('123456789')).toBe('/x/Fc1bBw');
  });
});
