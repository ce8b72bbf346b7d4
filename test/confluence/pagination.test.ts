/** Listing pagination on both deployments: caps, quirks, resume, de-duplication, loop guards. */
import type { ListBatch, PageListing } from '../../src/domain/ports';
import { startFakeConfluence, type FakeConfluence } from '../fakes/confluence/server';
import { clientFor, collect, fakeTime } from './helpers';

/** Collects batches until the listing ends or throws; a looped listing must throw. */
async function collectUntilError<T>(listing: AsyncIterable<ListBatch<T>>) {
  const batches: Array<ListBatch<T>> = [];
  try {
    for await (const batch of listing) batches.push(batch);
  } catch (error) {
    return { batches, error };
  }
  return { batches, error: undefined };
}

const BULK = 250;

async function fakeWithBulk(options: Parameters<typeof startFakeConfluence>[0]) {
  const fake = await startFakeConfluence(options);
  fake.addSpace({ key: 'BULK', name: 'Bulk' });
  for (let i = 0; i < BULK; i++) {
    fake.addPage({ title: `Bulk page ${i}`, spaceKey: 'BULK', body: `<p>Page ${i}</p>` });
  }
  return fake;
}

const idsOf = <T extends { id: string }>(batches: ListBatch<T>[]) =>
  batches.flatMap((b) => b.items.map((i) => i.id));
const searchRequests = (fake: FakeConfluence) =>
  fake.requests.filter((r) => r.path.endsWith('/content/search'));

/** Content JSON as Confluence returns it in a listing, for hand-made answers. */
function listed(id: string) {
  return {
    id,
    type: 'page',
    title: `Page ${id}`,
    version: { number: 1, when: '2025-01-01T00:00:00.000Z' },
    _links: { webui: `/pages/${id}` },
  };
}

describe.each(['cloud', 'datacenter'] as const)('pagination on %s', (mode) => {
  let fake: FakeConfluence;
  beforeAll(async () => {
    fake = await fakeWithBulk({ mode, contextPath: '/confluence' });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.clearRequests();
    fake.resetFaults();
    fake.settings.emptyTrailingNext = false;
  });

  it('yields every visible page once across many responses', async () => {
    const batches = await collect(clientFor(fake).listPages('space = DOCS', { pageSize: 4 }));
    const expected = [...fake.store.content.values()]
      .filter((c) => c.spaceKey === 'DOCS' && c.type === 'page' && c.restrictedTo === null)
      .filter((c) => c.title !== 'Security plans: details')
      .map((c) => c.id);
    expect(idsOf(batches).sort()).toEqual(expected.sort());
    expect(batches.at(-1)?.next).toBeNull();
  });

  it('tolerates the silent cap on bodies and still yields all pages once', async () => {
    const batches = await collect(clientFor(fake).searchPages('space = BULK', { pageSize: 500 }));
    const ids = idsOf(batches);
    expect(ids).toHaveLength(BULK);
    expect(new Set(ids).size).toBe(BULK);
    expect(searchRequests(fake)).toHaveLength(5);
  });

  it('counts results that are not pages or blog posts as skipped', async () => {
    const docs = await collect(clientFor(fake).listPages('space = DOCS'));
    expect(docs.reduce((n, b) => n + b.skipped, 0)).toBe(2);
    const dummy = await collect(clientFor(fake).searchPages('space = DUMMY'));
    expect(dummy.reduce((n, b) => n + b.skipped, 0)).toBe(2);
    expect(dummy.flatMap((b) => b.items.map((i) => i.type)).sort()).toEqual([
      'blogpost',
      'page',
      'page',
      'page',
      'page',
      'page',
    ]);
  });

  it('resumes from a checkpoint where the earlier listing stopped', async () => {
    const full = await collect(clientFor(fake).listPages('space = BULK', { pageSize: 40 }));
    const checkpoint = full[1].next;
    expect(checkpoint).not.toBeNull();
    const resumed = await collect(
      clientFor(fake).listPages('space = BULK', { pageSize: 40, from: checkpoint }),
    );
    expect(idsOf(resumed)).toEqual(idsOf(full.slice(2)));
  });

  it('yields a page once even when an edit moves it to a later response', async () => {
    const client = clientFor(fake);
    const seen: string[] = [];
    let edited = '';
    for await (const batch of client.listPages('space = DOCS order by lastmodified asc', {
      pageSize: 5,
    })) {
      seen.push(...batch.items.map((i) => i.id));
      if (!edited) {
        edited = batch.items[0].id;
        fake.setPageBody(edited, '<p>edited, so now the most recent</p>');
      }
    }
    expect(seen.filter((id) => id === edited)).toHaveLength(1);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('stops on a next link that leads to empty results', async () => {
    fake.settings.emptyTrailingNext = true;
    const batches = await collect(clientFor(fake).listPages('space = KAFKA', { pageSize: 2 }));
    expect(idsOf(batches)).toHaveLength(3);
    expect(searchRequests(fake)).toHaveLength(3);
    expect(batches.at(-1)).toEqual({ items: [], skipped: 0, next: null });
  });

  it('fails without claiming completeness when a response repeats only results already seen', async () => {
    const page = (next: string) => ({
      results: [listed('11'), listed('12')],
      size: 2,
      _links: { base: fake.baseUrl, next },
    });
    fake.failNext({
      status: 200,
      path: 'content/search',
      body: page('/rest/api/content/search?cursor=a&start=2'),
    });
    fake.failNext({
      status: 200,
      path: 'content/search',
      body: page('/rest/api/content/search?cursor=b&start=4'),
    });
    const { batches, error } = await collectUntilError(clientFor(fake).listPages('space = X'));
    expect(idsOf(batches)).toEqual(['11', '12']);
    expect(batches.every((b) => b.next !== null)).toBe(true);
    expect(error).toMatchObject({ code: 'bad_response', retryable: true });
    expect(searchRequests(fake)).toHaveLength(2);
  });
});

describe('Cloud pagination', () => {
  let fake: FakeConfluence;
  beforeAll(async () => {
    fake = await fakeWithBulk({ mode: 'cloud', cloudCaps: { withBody: 20, other: 30 } });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.clearRequests());

  it('follows the cursor in _links.next and never sends start', async () => {
    const batches = await collect(clientFor(fake).listPages('space = BULK', { pageSize: 100 }));
    expect(idsOf(batches)).toHaveLength(BULK);
    const requests = searchRequests(fake);
    expect(requests).toHaveLength(Math.ceil(BULK / 30));
    expect(requests[0].query.cursor).toBeUndefined();
    expect(requests.slice(1).every((r) => r.query.cursor?.startsWith('_sa_'))).toBe(true);
    expect(batches[0].next).toMatchObject({ kind: 'cursor' });
  });

  it('fails without claiming completeness on a repeated cursor', async () => {
    const body = (ids: string[]) => ({
      results: ids.map(listed),
      size: ids.length,
      _links: { base: fake.baseUrl, next: '/rest/api/content/search?next=true&cursor=same' },
    });
    fake.failNext({ status: 200, path: 'content/search', body: body(['1', '2']) });
    fake.failNext({ status: 200, path: 'content/search', body: body(['3', '4']) });
    const { batches, error } = await collectUntilError(clientFor(fake).listPages('space = X'));
    expect(idsOf(batches)).toEqual(['1', '2', '3', '4']);
    expect(batches.every((b) => b.next !== null)).toBe(true);
    expect(error).toMatchObject({ code: 'bad_response' });
    expect(searchRequests(fake)).toHaveLength(2);
  });
});

describe('Data Center pagination', () => {
  let fake: FakeConfluence;
  beforeAll(async () => {
    fake = await fakeWithBulk({ mode: 'datacenter', dcNextFromRequestedLimit: true });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.clearRequests());

  it('computes offsets from what came back, not from the next link or the requested limit', async () => {
    const batches = await collect(clientFor(fake).searchPages('space = BULK', { pageSize: 80 }));
    expect(new Set(idsOf(batches)).size).toBe(BULK);
    expect(searchRequests(fake).map((r) => r.query.start)).toEqual([
      undefined,
      '50',
      '100',
      '150',
      '200',
    ]);
    expect(batches.map((b) => b.next)).toEqual([
      { kind: 'offset', start: 50 },
      { kind: 'offset', start: 100 },
      { kind: 'offset', start: 150 },
      { kind: 'offset', start: 200 },
      null,
    ]);
  });

  it('allows larger responses for listings without bodies (cap 200)', async () => {
    const batches = await collect(clientFor(fake).listPages('space = BULK', { pageSize: 1000 }));
    expect(batches.map((b: ListBatch<PageListing>) => b.items.length)).toEqual([200, 50]);
  });
});

describe('getPages and sample', () => {
  let fake: FakeConfluence;
  beforeAll(async () => {
    fake = await fakeWithBulk({ mode: 'datacenter', contextPath: '/confluence' });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.clearRequests());

  it('fetches bodies in batches with id in (...)', async () => {
    const ids = [...fake.store.content.values()]
      .filter((c) => c.spaceKey === 'BULK')
      .slice(0, 60)
      .map((c) => c.id);
    const pages = await clientFor(fake, fakeTime()).getPages(ids);
    expect(pages.size).toBe(60);
    expect(pages.get(ids[0])?.storage).toBe('<p>Page 0</p>');
    const queries = searchRequests(fake).map((r) => r.query.cql);
    expect(queries).toHaveLength(3);
    expect(queries.every((q) => q.startsWith('id in ('))).toBe(true);
  });

  it('samples with /rest/api/search: total count and absolute links', async () => {
    const sample = await clientFor(fake).sample('space = BULK', 3);
    expect(sample.totalSize).toBe(BULK);
    expect(sample.results).toHaveLength(3);
    expect(sample.results[0].url).toBe(`${fake.baseUrl}/display/BULK/Bulk+page+0`);
    const request = fake.requests.find((r) => r.path.endsWith('/rest/api/search'));
    expect(request?.query.expand?.split(',').every((e) => e.startsWith('content.'))).toBe(true);
  });
});
