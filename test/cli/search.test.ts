/**
 * `datasource-bot search` over pages indexed from the fake Confluence into the development store
 * (shared through MONGODB_URI, as between two terminals).
 */
import { runIndexCommand } from '../../src/cli/commands/index-datasource';
import { runSearchCommand, type SearchCommandOptions } from '../../src/cli/commands/search';
import { startFakeConfluence, type FakeConfluence } from '../fakes/confluence/server';
import { useTestDatabase } from '../support/mongo';

const mongo = useTestDatabase();
let confluence: FakeConfluence;
let env: Record<string, string>;

beforeAll(async () => {
  confluence = await startFakeConfluence({ mode: 'datacenter' });
  env = {
    MONGODB_URI: mongo.uri,
    MONGODB_DB: mongo.dbName,
    CONFLUENCE_TOKEN: confluence.auth.token,
    CONFLUENCE_ALLOW_HTTP: 'true',
    CONFLUENCE_ALLOWED_PRIVATE: '127.0.0.1',
  };
  const code = await runIndexCommand(
    { url: confluence.baseUrl, cql: 'space = KAFKA', name: 'kafka' },
    { env, stdout: () => {}, stderr: () => {}, isTTY: false, onInterrupt: () => () => {} },
  );
  if (code !== 0) throw new Error(`indexing the fixture pages failed with ${code}`);
});
afterAll(() => confluence.close());

async function search(query: string, options: SearchCommandOptions = {}, environment = env) {
  const out: string[] = [];
  const err: string[] = [];
  const deps = {
    env: environment,
    stdout: (t: string) => out.push(t),
    stderr: (t: string) => err.push(t),
  };
  const code = await runSearchCommand(query, options, deps);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('search', () => {
  it('finds indexed pages', async () => {
    const result = await search('kafka');

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^1\. .+\(score/);
  });

  it('names a mistyped --space that left out every page the words match', async () => {
    const result = await search('kafka', { space: ['KAFAK'] });

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^No indexed page matches "kafka" with these filters\.\n {2}- --space KAFAK matched no page with these words; without it, \d+ pages? match, in KAFKA\. Did you mean "KAFKA"\?\n$/,
    );
  });

  it('names a --label that left out every page, and gives the reason in --json', async () => {
    const result = await search('kafka', { label: ['nope'], json: true });

    expect(JSON.parse(result.stdout)).toMatchObject({
      hits: [],
      why: {
        matchesWithoutFilters: true,
        excludedBy: [{ option: '--label', values: ['nope'], matchesWithout: expect.any(Number) }],
      },
    });
  });

  it('says when the words match nothing even without filters', async () => {
    const result = await search('zzyzx', { space: ['KAFKA'] });

    expect(result.stdout).toBe(
      'No indexed page matches "zzyzx" with these filters.\n' +
        '  No indexed page matches these words even without filters.\n',
    );
  });

  it('keeps the short answer when no filter was given', async () => {
    const result = await search('zzyzx');

    expect(result.stdout).toBe('No indexed page matches "zzyzx".\n');
  });

  it('refuses to search without MONGODB_URI, with one message and the usage exit code', async () => {
    const { MONGODB_URI: _unset, ...withoutUri } = env;
    void _unset;

    const result = await search('kafka', {}, withoutUri);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.match(/MONGODB_URI/g)).toHaveLength(2);
    expect(result.stderr).toMatch(/^error: No MONGODB_URI is set, so there is no index to search/);
  });
});
