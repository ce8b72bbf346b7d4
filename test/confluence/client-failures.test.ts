/** Each failure mode of the Confluence client against the fake, with fake time. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeConfluence, type FakeConfluence } from '../fakes/confluence/server';
import { clientFor, collect, errorCode, fakeTime } from './helpers';

const searches = (fake: FakeConfluence) =>
  fake.requests.filter((r) => r.path.endsWith('/rest/api/content/search'));

describe.each(['cloud', 'datacenter'] as const)('invalid CQL on %s', (mode) => {
  let fake: FakeConfluence;
  beforeAll(async () => {
    fake = await startFakeConfluence({ mode });
  });
  afterAll(() => fake.close());

  it("reports Confluence's reason without the Java exception class", async () => {
    const client = clientFor(fake);
    const error = await collect(client.listPages('space = DOCS AND (title ~ "x"')).catch((e) => e);
    expect(error.code).toBe('invalid_cql');
    expect(error.details.reason).toBe('Could not parse cql : space = DOCS AND (title ~ "x"');
    expect(error.message).not.toMatch(/Exception/);
  });

  it('reports the invalid CQL in sample() too', async () => {
    expect(await errorCode(clientFor(fake).sample('foo = bar', 5))).toBe('invalid_cql');
  });

  it('answers an unknown space with no pages, not an error', async () => {
    const batches = await collect(clientFor(fake).listPages('space = NOSUCH'));
    expect(batches.flatMap((b) => b.items)).toEqual([]);
  });
});

describe('transient failures', () => {
  let fake: FakeConfluence;
  beforeAll(async () => {
    fake = await startFakeConfluence({ mode: 'cloud' });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.resetFaults();
    fake.clearRequests();
  });

  it('times out a request that gets no answer', async () => {
    fake.hang();
    const client = clientFor(fake, fakeTime(), { timeoutMs: 150, maxAttempts: 2 });
    const error = await client.verifyAuthentication().catch((e) => e);
    expect(error.code).toBe('timeout');
    expect(fake.requests).toHaveLength(2);
  });

  it('waits as long as Retry-After says on 429, then succeeds', async () => {
    fake.rateLimit({ retryAfter: 7, path: 'content/search' });
    const time = fakeTime();
    const batches = await collect(clientFor(fake, time).listPages('space = KAFKA'));
    expect(batches.flatMap((b) => b.items)).toHaveLength(3);
    expect(time.sleeps).toContain(7000);
    expect(searches(fake).map((r) => r.status)).toEqual([429, 200]);
  });

  it('reads Retry-After given as an HTTP date', async () => {
    const time = fakeTime();
    fake.rateLimit({
      retryAfter: new Date(time.clock() + 12_000).toUTCString(),
      path: 'content/search',
    });
    await collect(clientFor(fake, time).listPages('space = KAFKA'));
    expect(time.sleeps).toContain(12_000);
  });

  it('backs off with jitter on 429 without Retry-After', async () => {
    fake.rateLimit({ times: 2, path: 'content/search' });
    const time = fakeTime();
    const batches = await collect(clientFor(fake, time).listPages('space = KAFKA'));
    expect(batches.flatMap((b) => b.items)).toHaveLength(3);
    expect(time.sleeps).toHaveLength(2);
    expect(time.sleeps[1]).toBeGreaterThan(time.sleeps[0]);
  });

  it('gives up with rate_limited when 429 lasts beyond the attempts', async () => {
    fake.rateLimit({ times: 10, retryAfter: 1, path: 'content/search' });
    const client = clientFor(fake, fakeTime(), { maxAttempts: 3 });
    expect(await errorCode(collect(client.listPages('space = KAFKA')))).toBe('rate_limited');
    expect(searches(fake)).toHaveLength(3);
  });

  it('retries 5xx with backoff and then succeeds', async () => {
    fake.failNext({ status: 503, times: 2, path: 'content/search' });
    const time = fakeTime();
    const batches = await collect(clientFor(fake, time).listPages('space = KAFKA'));
    expect(batches.flatMap((b) => b.items)).toHaveLength(3);
    expect(searches(fake).map((r) => r.status)).toEqual([503, 503, 200]);
    expect(time.sleeps).toHaveLength(2);
  });

  it('stops retrying 5xx when the time budget is spent', async () => {
    fake.failNext({ status: 500, times: 100, path: 'content/search' });
    const time = fakeTime();
    const client = clientFor(fake, time, { retryBudgetMs: 3000, maxAttempts: 50 });
    expect(await errorCode(collect(client.listPages('space = KAFKA')))).toBe('server_error');
    expect(time.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(3000);
    expect(searches(fake).length).toBeLessThan(50);
  });

  it('reports a proxy error page (502 HTML) as server_error after retries', async () => {
    fake.failNext({
      status: 502,
      times: 10,
      body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
    });
    const client = clientFor(fake, fakeTime(), { maxAttempts: 2 });
    expect(await errorCode(client.verifyAuthentication())).toBe('server_error');
  });

  it('retries a refused connection and reports unreachable', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const gone = { ...fake, baseUrl: `http://127.0.0.1:${port}/wiki` } as FakeConfluence;
    const time = fakeTime();
    const error = await clientFor(gone, time, { maxAttempts: 3 })
      .verifyAuthentication()
      .catch((e) => e);
    expect(error.code).toBe('unreachable');
    expect(time.sleeps).toHaveLength(2);
  });
});

describe('answers that are not the documented JSON', () => {
  let fake: FakeConfluence;
  beforeAll(async () => {
    fake = await startFakeConfluence({ mode: 'datacenter', contextPath: '/confluence' });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.resetFaults();
    fake.clearRequests();
  });

  it('recognises an HTML login page', async () => {
    fake.loginPage();
    const error = await clientFor(fake)
      .verifyAuthentication()
      .catch((e) => e);
    expect(error.code).toBe('bad_response');
    expect(error.message).toMatch(/login page/);
  });

  it('recognises XML', async () => {
    fake.failNext({
      status: 200,
      contentType: 'application/xml',
      body: '<content><id>1</id></content>',
    });
    const error = await clientFor(fake)
      .verifyAuthentication()
      .catch((e) => e);
    expect(error.code).toBe('bad_response');
    expect(error.message).toMatch(/XML/);
  });

  it('recognises a wrong context path (404 web page)', async () => {
    const wrong = { ...fake, baseUrl: fake.origin } as FakeConfluence;
    expect(await errorCode(clientFor(wrong).verifyAuthentication())).toBe('bad_response');
  });

  it('reports JSON of the wrong shape as bad_response', async () => {
    fake.failNext({ status: 200, body: { results: 'not a list' }, path: 'content/search' });
    expect(await errorCode(collect(clientFor(fake).listPages('space = DOCS')))).toBe(
      'bad_response',
    );
  });

  it('reports a result without a version as bad_response', async () => {
    fake.failNext({
      status: 200,
      path: 'content/search',
      body: { results: [{ id: '1', type: 'page', title: 'A' }], size: 1, _links: {} },
    });
    expect(await errorCode(collect(clientFor(fake).listPages('space = DOCS')))).toBe(
      'bad_response',
    );
  });

  it('reports JSON that does not parse as bad_response', async () => {
    fake.failNext({ status: 200, contentType: 'application/json', body: '{"type": "known", ' });
    expect(await errorCode(clientFor(fake).verifyAuthentication())).toBe('bad_response');
  });

  it('refuses a redirect to another host and does not follow it', async () => {
    const elsewhere = `http://localhost:${new URL(fake.origin).port}/confluence/rest/api/user/current`;
    fake.failNext({ status: 302, headers: { location: elsewhere } });
    expect(await errorCode(clientFor(fake).verifyAuthentication())).toBe('blocked_address');
    expect(fake.requests).toHaveLength(1);
  });

  it('follows a redirect on the same host', async () => {
    fake.failNext({
      status: 301,
      headers: { location: '/confluence/rest/api/user/current?moved=1' },
    });
    await expect(clientFor(fake).verifyAuthentication()).resolves.toMatchObject({ id: 'alice' });
    expect(fake.requests.map((r) => r.status)).toEqual([301, 200]);
  });

  it('stops after three redirects', async () => {
    fake.failNext({
      status: 302,
      times: 10,
      headers: { location: '/confluence/rest/api/user/current' },
    });
    expect(await errorCode(clientFor(fake).verifyAuthentication())).toBe('bad_response');
    expect(fake.requests).toHaveLength(4);
  });

  it('returns null for a missing space and leaves hidden or unknown ids out of getPages', async () => {
    const client = clientFor(fake);
    expect(await client.getSpace('NOSUCH')).toBeNull();
    const secret = fake.findContent('Security plans').id;
    const home = fake.findContent('Documentation Home').id;
    const pages = await client.getPages([secret, home, '999999999', 'not-an-id']);
    expect([...pages.keys()]).toEqual([home]);
  });
});
