/**
 * `datasource-bot index` end to end: the fake Confluence over HTTP, the development store over
 * the MongoDB wire protocol (shared between runs through MONGODB_URI, as in a terminal).
 */
import {
  runIndexCommand,
  type IndexCommandDeps,
  type IndexCommandOptions,
} from '../../src/cli/commands/index-datasource';
import { startFakeConfluence, type FakeConfluence } from '../fakes/confluence/server';
import { useTestDatabase } from '../support/mongo';

const mongo = useTestDatabase();
let confluence: FakeConfluence;

beforeAll(async () => {
  confluence = await startFakeConfluence({ mode: 'datacenter', contextPath: '/confluence' });
});
afterAll(() => confluence.close());
beforeEach(() => mongo.reset());

/** Runs `index` with captured output; the environment points at the fake and the test store. */
async function index(
  options: IndexCommandOptions,
  env: Record<string, string> = {},
  onInterrupt: IndexCommandDeps['onInterrupt'] = () => () => {},
) {
  const out: string[] = [];
  const err: string[] = [];
  const deps: IndexCommandDeps = {
    env: {
      MONGODB_URI: mongo.uri,
      MONGODB_DB: mongo.dbName,
      CONFLUENCE_TOKEN: confluence.auth.token,
      CONFLUENCE_ALLOW_HTTP: 'true',
      CONFLUENCE_ALLOWED_PRIVATE: '127.0.0.1',
      ...env,
    },
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    isTTY: false,
    onInterrupt,
  };
  const code = await runIndexCommand(options, deps);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('index: integrations keyed by the base URL', () => {
  it('indexes with the right URL after a mistyped one, under the same and another name', async () => {
    const mistyped = `${confluence.baseUrl.slice(0, -1)}`;
    const cql = 'space = DOCS';

    const failed = await index({ url: mistyped, cql, name: 'docs' });
    const fixed = await index({ url: confluence.baseUrl, cql, name: 'docs' });
    const other = await index({ url: confluence.baseUrl, cql, name: 'other' });

    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('no REST API at this address');
    expect(fixed).toMatchObject({ code: 0, stderr: expect.not.stringContaining('error') });
    expect(fixed.stdout).toMatch(/^Indexed "docs": [1-9]\d* pages found/);
    expect(other.code).toBe(0);
    const integrations = await mongo.db.collection('integrations').find().toArray();
    expect(integrations.map((i) => i.baseUrl)).toEqual([confluence.baseUrl]);
  });
});

describe('index: a run that finds no pages', () => {
  it('says which space the query names does not exist, as validate-cql does', async () => {
    const result = await index({ url: confluence.baseUrl, cql: 'space = DCOS', name: 'none' });

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Indexed "none": 0 pages found/);
    expect(result.stderr).toContain(
      'Confluence accepts the query, but nothing matches it.\n' +
        '  - No space "DCOS" is visible with this token. Did you mean "DOCS"?\n',
    );
  });

  it('puts the explanation in the --json summary', async () => {
    const options = { url: confluence.baseUrl, cql: 'space = NOPE', name: 'none', json: true };

    const result = await index(options);

    expect(JSON.parse(result.stdout)).toMatchObject({
      pagesFound: 0,
      noPages: { outcome: 'no_matches', missingSpaces: [{ key: 'NOPE' }], missingContent: [] },
    });
  });

  it('says nothing more when the run found pages', async () => {
    const result = await index({ url: confluence.baseUrl, cql: 'space = DOCS', name: 'docs' });

    expect(result.stderr).not.toContain('nothing matches');
  });
});

describe('index: interrupted by a signal', () => {
  afterEach(() => confluence.hang(false));

  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)(
    'cancels the run on %s, ends it as cancelled, and leaves the data source free',
    async (signal) => {
      let interrupt: ((s: typeof signal) => void) | undefined;
      let listening = false;
      const onInterrupt: IndexCommandDeps['onInterrupt'] = (handler) => {
        interrupt = handler;
        listening = true;
        return () => (listening = false);
      };
      confluence.clearRequests();
      confluence.hang();
      const pending = index(
        { url: confluence.baseUrl, cql: 'space = DOCS', name: 'docs' },
        {},
        onInterrupt,
      );
      await eventually(() => confluence.requests.some((r) => r.status === undefined));

      interrupt!(signal);
      const stopped = await pending;

      expect(stopped.stderr).toContain(`Interrupted by ${signal}: the run was cancelled.`);
      expect(stopped.code).toBe({ SIGINT: 130, SIGTERM: 143, SIGHUP: 129 }[signal]);
      expect(listening).toBe(false);
      const runs = await mongo.db.collection('index_runs').find().toArray();
      expect(runs.map((r) => r.status)).toEqual(['cancelled']);
      confluence.hang(false);
      const again = await index({ url: confluence.baseUrl, cql: 'space = DOCS', name: 'docs' });
      expect(again.code).toBe(0);
    },
  );
});

/** Polls until `check` holds; fails after five seconds. */
async function eventually(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('index: Cloud on a host outside atlassian.net', () => {
  let cloud: FakeConfluence;
  let email: string;
  beforeAll(async () => {
    cloud = await startFakeConfluence({ mode: 'cloud' });
    email = cloud.auth.kind === 'basic' ? cloud.auth.email : '';
  });
  afterAll(() => cloud.close());

  const onCloud = () => ({ CONFLUENCE_TOKEN: cloud.auth.token });

  it('indexes as Cloud with --email', async () => {
    const result = await index(
      { url: cloud.baseUrl, email, cql: 'space = DOCS', name: 'c' },
      onCloud(),
    );

    expect(result.stdout).toMatch(/^Indexed "c": [1-9]\d* pages found/);
    expect(result.code).toBe(0);
  });

  it('without --email, fails with remedies for a terminal user, as text and as JSON', async () => {
    const options = { url: cloud.baseUrl, cql: 'space = DOCS', name: 'c' };

    const text = await index(options, onCloud());
    const json = await index({ ...options, json: true }, onCloud());

    expect(text.code).toBe(1);
    expect(text.stderr).toContain('Is this Confluence Cloud? Pass --email');
    expect(text.stderr).toContain('Set CONFLUENCE_TOKEN to a valid token');
    expect(text.stderr).not.toContain('integration');
    const summary = JSON.parse(json.stdout);
    expect(summary.error.remedies[0]).toMatch(/^Is this Confluence Cloud\?/);
  });

  it('with --deployment datacenter and --email, signs in as Data Center (and fails here)', async () => {
    const result = await index(
      { url: cloud.baseUrl, email, deployment: 'datacenter', cql: 'space = DOCS', name: 'c' },
      onCloud(),
    );

    expect(result.stderr).toContain('--email is ignored');
    expect(result.code).toBe(1);
  });
});
