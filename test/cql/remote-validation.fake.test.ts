/**
 * Remote validation against the fake Confluence (Cloud and Data Center) through the real client:
 * match counts, missing spaces and pages, and Confluence's own refusals passed through.
 */
import { checkCqlWithConfluence } from '../../src/cql';
import type { FakeMode } from '../fakes/confluence/model';
import { startFakeConfluence, type FakeConfluence } from '../fakes/confluence/server';
import { clientFor, collect, errorCode } from '../confluence/helpers';

describe.each<FakeMode>(['cloud', 'datacenter'])('checkCqlWithConfluence on %s', (mode) => {
  let fake: FakeConfluence;
  beforeAll(async () => {
    fake = await startFakeConfluence({ mode });
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.resetFaults();
    fake.clearRequests();
  });

  it('reports the number of matches and the first titles', async () => {
    const result = await checkCqlWithConfluence(clientFor(fake), 'space = DOCS and type = page', {
      sampleSize: 3,
    });
    expect(result.outcome).toBe('matches');
    if (result.outcome !== 'matches') return;
    // The same query listed page by page through content/search gives the same count.
    const listed = (
      await collect(clientFor(fake).listPages('space = DOCS and type = page'))
    ).flatMap((batch) => batch.items).length;
    expect(listed).toBeGreaterThan(3);
    expect(result.totalSize).toBe(listed);
    expect(result.sample).toHaveLength(3);
    expect(result.sample[0].title).not.toBe('');
  });

  it('warns about a missing space alongside the matches of the existing one', async () => {
    const result = await checkCqlWithConfluence(clientFor(fake), 'space in (DOCS, DCOS)', {
      sampleSize: 2,
    });
    expect(result).toMatchObject({
      outcome: 'matches',
      missingSpaces: [{ key: 'DCOS', suggestion: 'DOCS' }],
    });
    if (result.outcome !== 'matches') return;
    expect(result.totalSize).toBeGreaterThan(0);
    expect(result.sample).toHaveLength(2);
    expect(result.missingContent).toBeUndefined();
  });

  it('carries no warnings when every space and page the matching query names exists', async () => {
    const page = fake.addPage({ title: `Named page ${mode}`, spaceKey: 'DOCS' });
    const result = await checkCqlWithConfluence(clientFor(fake), `space = DOCS or id = ${page.id}`);
    expect(result.outcome).toBe('matches');
    expect(result).not.toHaveProperty('missingSpaces');
    expect(result).not.toHaveProperty('missingContent');
  });

  it('names a mistyped space key and suggests the existing one', async () => {
    const result = await checkCqlWithConfluence(clientFor(fake), 'space = DCOS and type = page');
    expect(result).toEqual({
      outcome: 'no_matches',
      missingSpaces: [{ key: 'DCOS', suggestion: 'DOCS' }],
      missingContent: [],
    });
  });

  it('names a page id that does not exist', async () => {
    const result = await checkCqlWithConfluence(clientFor(fake), 'ancestor = 987654321');
    expect(result).toEqual({
      outcome: 'no_matches',
      missingSpaces: [],
      missingContent: ['987654321'],
    });
  });

  it('reports nothing missing when the named page exists but has no descendants', async () => {
    const leaf = fake.addPage({ title: `Leaf page ${mode}`, spaceKey: 'DUMMY' });
    const result = await checkCqlWithConfluence(clientFor(fake), `ancestor = ${leaf.id}`);
    expect(result).toEqual({ outcome: 'no_matches', missingSpaces: [], missingContent: [] });
  });

  it('sends nothing when the query is invalid locally', async () => {
    const result = await checkCqlWithConfluence(clientFor(fake), 'space = DOCS and (type = page');
    expect(result.outcome).toBe('invalid_local');
    expect(fake.requests).toEqual([]);
  });

  it("passes Confluence's refusal of the query through as invalid_cql", async () => {
    fake.failNext({ status: 400, path: '/search' });
    expect(await errorCode(checkCqlWithConfluence(clientFor(fake), 'space = DOCS'))).toBe(
      'invalid_cql',
    );
  });

  it('passes an authentication failure through as auth_failed', async () => {
    const wrong =
      fake.auth.kind === 'basic'
        ? { ...fake.auth, token: 'not-the-token' }
        : { kind: 'bearer' as const, token: 'not-the-token' };
    const client = clientFor(fake, undefined, {}, wrong);
    expect(await errorCode(checkCqlWithConfluence(client, 'space = DOCS'))).toBe('auth_failed');
  });
});
