import { checkCqlWithConfluence, MAX_WARNING_LOOKUPS, suggestSpaceKey } from '../../src/cql';
import type { ConfluenceClient, ConfluencePage, CqlSample } from '../../src/domain/ports';
import { AppError } from '../../src/errors';

/** A ConfluenceClient double that knows a few spaces and pages and records what it was asked. */
function fakeClient(overrides: {
  sample?: (cql: string, limit: number) => Promise<CqlSample>;
  spaces?: string[];
  pageIds?: string[];
}) {
  const calls: string[] = [];
  const spaces = overrides.spaces ?? ['DOCS', 'ENG', 'OPS'];
  const pageIds = new Set(overrides.pageIds ?? ['100', '200']);
  const unused = () => {
    throw new Error('not used by remote validation');
  };
  const client: ConfluenceClient = {
    connection: { deployment: 'cloud', baseUrl: 'https://example.invalid/wiki' },
    verifyAuthentication: unused,
    listPages: unused,
    searchPages: unused,
    async getPages(ids) {
      calls.push(`getPages ${ids.join(',')}`);
      return new Map(
        ids.filter((id) => pageIds.has(id)).map((id) => [id, { id } as ConfluencePage]),
      );
    },
    async getSpace(key) {
      calls.push(`getSpace ${key}`);
      return spaces.includes(key) ? { key, name: `${key} space` } : null;
    },
    async listSpaces(limit) {
      calls.push(`listSpaces ${limit}`);
      return spaces.map((key) => ({ key, name: key }));
    },
    async sample(cql, limit) {
      calls.push(`sample ${limit} ${cql}`);
      return overrides.sample ? overrides.sample(cql, limit) : { totalSize: 0, results: [] };
    },
  };
  return { client, calls };
}

const RESULT = { id: '100', type: 'page', title: 'Runbook', url: 'https://example.invalid/x' };

describe('checkCqlWithConfluence', () => {
  it('returns the local error and sends nothing when the parser refuses the query', async () => {
    const { client, calls } = fakeClient({});
    const result = await checkCqlWithConfluence(client, 'spce = DOCS');
    expect(result.outcome).toBe('invalid_local');
    if (result.outcome !== 'invalid_local') return;
    expect(result.error.code).toBe('invalid_cql');
    expect(result.error.details).toMatchObject({ position: 0 });
    expect(calls).toEqual([]);
  });

  it('reports the match count and the sample, with a default sample size of 1', async () => {
    const { client, calls } = fakeClient({
      sample: async () => ({ totalSize: 42, results: [RESULT] }),
    });
    const result = await checkCqlWithConfluence(client, 'space = DOCS');
    expect(result).toEqual({ outcome: 'matches', totalSize: 42, sample: [RESULT] });
    expect(calls).toEqual(['sample 1 space = DOCS', 'getSpace DOCS']);
  });

  it('warns about missing spaces and pages even when the query matches', async () => {
    const { client } = fakeClient({ sample: async () => ({ totalSize: 7, results: [RESULT] }) });
    const result = await checkCqlWithConfluence(client, 'space in (DOCS, DCOS) or ancestor = 999');
    expect(result).toEqual({
      outcome: 'matches',
      totalSize: 7,
      sample: [RESULT],
      missingSpaces: [{ key: 'DCOS', suggestion: 'DOCS' }],
      missingContent: ['999'],
    });
  });

  it('looks up at most MAX_WARNING_LOOKUPS spaces and ids when the query matches', async () => {
    const { client, calls } = fakeClient({
      sample: async () => ({ totalSize: 1, results: [RESULT] }),
    });
    const keys = Array.from({ length: MAX_WARNING_LOOKUPS + 2 }, (_, i) => `S${i}`);
    const ids = Array.from({ length: MAX_WARNING_LOOKUPS + 2 }, (_, i) => `${1000 + i}`);
    const cql = `space in (${keys.join(', ')}) or id in (${ids.join(', ')})`;
    const result = await checkCqlWithConfluence(client, cql);
    expect(calls.filter((c) => c.startsWith('getSpace'))).toHaveLength(MAX_WARNING_LOOKUPS);
    expect(calls).toContain(`getPages ${ids.slice(0, MAX_WARNING_LOOKUPS).join(',')}`);
    expect(result).toMatchObject({
      missingSpaces: keys.slice(0, MAX_WARNING_LOOKUPS).map((key) => ({ key })),
      missingContent: ids.slice(0, MAX_WARNING_LOOKUPS),
    });
  });

  it('still checks every named space when nothing matches', async () => {
    const { client, calls } = fakeClient({});
    const keys = Array.from({ length: MAX_WARNING_LOOKUPS + 2 }, (_, i) => `S${i}`);
    await checkCqlWithConfluence(client, `space in (${keys.join(', ')})`);
    expect(calls.filter((c) => c.startsWith('getSpace'))).toHaveLength(keys.length);
  });

  it('passes the requested sample size and the query unchanged', async () => {
    const { client, calls } = fakeClient({
      sample: async () => ({ totalSize: 3, results: [RESULT, RESULT, RESULT] }),
    });
    await checkCqlWithConfluence(client, 'type = page  ORDER BY title', { sampleSize: 5 });
    expect(calls).toEqual(['sample 5 type = page  ORDER BY title']);
  });

  it('counts the sample when Confluence gives results but no total', async () => {
    const { client } = fakeClient({ sample: async () => ({ totalSize: 0, results: [RESULT] }) });
    expect(await checkCqlWithConfluence(client, 'space = DOCS')).toMatchObject({
      outcome: 'matches',
      totalSize: 1,
    });
  });

  it('names a mistyped space key and suggests the close one', async () => {
    const { client } = fakeClient({});
    const result = await checkCqlWithConfluence(client, 'space = DCOS and type = page');
    expect(result).toEqual({
      outcome: 'no_matches',
      missingSpaces: [{ key: 'DCOS', suggestion: 'DOCS' }],
      missingContent: [],
    });
  });

  it('suggests the same key in another case', async () => {
    const { client } = fakeClient({});
    const result = await checkCqlWithConfluence(client, 'space = docs');
    expect(result).toMatchObject({ missingSpaces: [{ key: 'docs', suggestion: 'DOCS' }] });
  });

  it('names a missing space without a suggestion when nothing is close', async () => {
    const { client } = fakeClient({});
    const result = await checkCqlWithConfluence(client, 'space in (ENG, MARKETING)');
    expect(result).toMatchObject({ missingSpaces: [{ key: 'MARKETING' }] });
    if (result.outcome === 'no_matches') expect(result.missingSpaces[0].suggestion).toBeUndefined();
  });

  it('names page ids that do not exist and checks each referenced id', async () => {
    const { client, calls } = fakeClient({});
    const result = await checkCqlWithConfluence(client, 'ancestor in (100, 999) or parent = 555');
    expect(result).toEqual({
      outcome: 'no_matches',
      missingSpaces: [],
      missingContent: ['999', '555'],
    });
    expect(calls).toContain('getPages 100,999,555');
  });

  it('reports nothing missing when every referenced entity exists', async () => {
    const { client, calls } = fakeClient({});
    const result = await checkCqlWithConfluence(client, 'space = DOCS and ancestor = 100');
    expect(result).toEqual({ outcome: 'no_matches', missingSpaces: [], missingContent: [] });
    expect(calls.some((c) => c.startsWith('listSpaces'))).toBe(false);
  });

  it('lists visible spaces only once for several missing keys', async () => {
    const { client, calls } = fakeClient({});
    await checkCqlWithConfluence(client, 'space in (DCOS, ENGG)', { spaceListLimit: 50 });
    expect(calls.filter((c) => c.startsWith('listSpaces'))).toEqual(['listSpaces 50']);
  });

  it("throws Confluence's own refusal unchanged", async () => {
    const refusal = new AppError('invalid_cql', 'Confluence could not parse the query.');
    const { client } = fakeClient({ sample: () => Promise.reject(refusal) });
    await expect(checkCqlWithConfluence(client, 'space = DOCS')).rejects.toBe(refusal);
  });

  it('throws an authentication failure unchanged', async () => {
    const failure = new AppError('auth_failed', 'Confluence did not accept the token.');
    const { client } = fakeClient({ sample: () => Promise.reject(failure) });
    await expect(checkCqlWithConfluence(client, 'space = DOCS')).rejects.toBe(failure);
  });
});

describe('suggestSpaceKey', () => {
  it('prefers the same letters in another case, then the closest key', () => {
    expect(suggestSpaceKey('ops', ['OPS', 'OPZ'])).toBe('OPS');
    expect(suggestSpaceKey('DCOS', ['ENG', 'DOCS'])).toBe('DOCS');
    expect(suggestSpaceKey('ENGINERING', ['ENGINEERING', 'ENG'])).toBe('ENGINEERING');
  });

  it('suggests nothing when no key is close', () => {
    expect(suggestSpaceKey('HR', ['DOCS', 'ENGINEERING'])).toBeUndefined();
    expect(suggestSpaceKey('DOCS', [])).toBeUndefined();
  });
});
