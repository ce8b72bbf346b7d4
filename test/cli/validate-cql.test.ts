import { buildProgram } from '../../src/cli/main';
import { runValidateCql, type ValidateCqlDeps } from '../../src/cli/commands/validate-cql';
import type { ConfluenceClient, ConfluenceConnection, CqlSample } from '../../src/domain/ports';
import { AppError } from '../../src/errors';
import { startFakeConfluence, type FakeConfluence } from '../fakes/confluence/server';

/** Captured output and a client double built by the factory the command is given. */
function harness(
  options: { env?: Record<string, string>; sample?: () => Promise<CqlSample> } = {},
) {
  const out: string[] = [];
  const err: string[] = [];
  const connections: ConfluenceConnection[] = [];
  const unused = () => {
    throw new Error('not used');
  };
  const deps: ValidateCqlDeps = {
    env: options.env ?? {},
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    createFactory: () => (connection) => {
      connections.push(connection);
      const client: ConfluenceClient = {
        connection,
        verifyAuthentication: unused,
        listPages: unused,
        searchPages: unused,
        getPages: async () => new Map(),
        getSpace: async (key) => (key === 'DOCS' ? { key, name: 'Docs' } : null),
        listSpaces: async () => [{ key: 'DOCS', name: 'Docs' }],
        sample: options.sample ?? (async () => ({ totalSize: 0, results: [] })),
      };
      return client;
    },
  };
  return { deps, connections, stdout: () => out.join(''), stderr: () => err.join('') };
}

const CLOUD = { url: 'https://acme.atlassian.net', email: 'me@example.com' };
const TOKEN_ENV = { CONFLUENCE_TOKEN: 'secret-token-value' };

describe('validate-cql without --url (local check only)', () => {
  it('accepts a valid query with exit code 0', async () => {
    const h = harness();
    expect(await runValidateCql(['space = DOCS and type = page'], {}, h.deps)).toBe(0);
    expect(h.stdout()).toContain('The query is valid CQL');
    expect(h.stderr()).toBe('');
  });

  it('refuses an invalid query with exit code 1, the position, a caret and the remedy', async () => {
    const h = harness();
    expect(await runValidateCql(['space = DOCS and spce = X'], {}, h.deps)).toBe(1);
    expect(h.stderr()).toBe(
      'error: Confluence has no field "spce"; did you mean "space"? (line 1, column 18)\n' +
        '  space = DOCS and spce = X\n' +
        '                   ^^^^\n' +
        '  - Replace "spce" with "space".\n',
    );
    expect(h.stdout()).toBe('');
  });

  it('prints a machine-readable result with --json', async () => {
    const h = harness();
    expect(await runValidateCql(['title ~ "abc'], { json: true }, h.deps)).toBe(1);
    expect(JSON.parse(h.stdout())).toMatchObject({
      cql: 'title ~ "abc',
      valid: false,
      checkedWithConfluence: false,
      error: { code: 'invalid_cql', details: { position: 8, line: 1, column: 9 } },
    });
  });

  it('prints valid:true as JSON for a valid query', async () => {
    const h = harness();
    expect(await runValidateCql(['type = page'], { json: true }, h.deps)).toBe(0);
    expect(JSON.parse(h.stdout())).toEqual({
      cql: 'type = page',
      valid: true,
      checkedWithConfluence: false,
    });
  });

  it('joins a query given as several words and says so', async () => {
    const h = harness();
    expect(await runValidateCql(['space', '=', 'DOCS'], {}, h.deps)).toBe(0);
    expect(h.stderr()).toContain('came as 3 separate arguments');
  });

  it('refuses an out-of-range --sample with the usage exit code', async () => {
    const h = harness();
    expect(await runValidateCql(['type = page'], { sample: '99' }, h.deps)).toBe(2);
    expect(h.stderr()).toContain('--sample must be at most 25');
  });
});

describe('validate-cql with --url', () => {
  it('prints the match count and the first titles', async () => {
    const h = harness({
      env: TOKEN_ENV,
      sample: async () => ({
        totalSize: 12,
        results: [
          { id: '1', type: 'page', title: 'Runbook', url: 'https://acme.atlassian.net/wiki/x' },
        ],
      }),
    });
    expect(await runValidateCql(['space = DOCS'], CLOUD, h.deps)).toBe(0);
    expect(h.stdout()).toBe(
      'Confluence accepts the query: 12 results.\n' +
        'First results:\n' +
        '  - Runbook (page)  https://acme.atlassian.net/wiki/x\n',
    );
  });

  it('builds a Cloud connection with Basic auth from CONFLUENCE_TOKEN and --email', async () => {
    const h = harness({ env: TOKEN_ENV });
    await runValidateCql(['space = DOCS'], CLOUD, h.deps);
    expect(h.connections).toEqual([
      {
        deployment: 'cloud',
        baseUrl: 'https://acme.atlassian.net/wiki',
        auth: { kind: 'basic', email: 'me@example.com', token: 'secret-token-value' },
      },
    ]);
  });

  it('builds a Data Center connection with a Bearer token, inferred from the URL', async () => {
    const h = harness();
    await runValidateCql(
      ['space = DOCS'],
      { url: 'https://wiki.corp.example/confluence/', token: 'pat-value' },
      h.deps,
    );
    expect(h.connections[0]).toEqual({
      deployment: 'datacenter',
      baseUrl: 'https://wiki.corp.example/confluence',
      auth: { kind: 'bearer', token: 'pat-value' },
    });
    expect(h.stderr()).toContain('prefer the CONFLUENCE_TOKEN environment variable');
  });

  it('explains a query that matches nothing, naming the missing space and a close key', async () => {
    const h = harness({ env: TOKEN_ENV });
    expect(await runValidateCql(['space = DCOS'], CLOUD, h.deps)).toBe(0);
    expect(h.stdout()).toBe(
      'Confluence accepts the query, but nothing matches it.\n' +
        '  - No space "DCOS" is visible with this token. Did you mean "DOCS"?\n',
    );
  });

  it('says everything named exists when nothing matches for another reason', async () => {
    const h = harness({ env: TOKEN_ENV });
    await runValidateCql(['space = DOCS and label = nope'], CLOUD, h.deps);
    expect(h.stdout()).toContain('Every space and page it names exists');
  });

  it('prints the remote outcome as JSON', async () => {
    const h = harness({ env: TOKEN_ENV });
    await runValidateCql(['space = DCOS'], { ...CLOUD, json: true }, h.deps);
    expect(JSON.parse(h.stdout())).toEqual({
      cql: 'space = DCOS',
      valid: true,
      checkedWithConfluence: true,
      baseUrl: 'https://acme.atlassian.net/wiki',
      outcome: 'no_matches',
      missingSpaces: [{ key: 'DCOS', suggestion: 'DOCS' }],
      missingContent: [],
    });
  });

  it('puts the warnings of a matching query into the JSON', async () => {
    const h = harness({ env: TOKEN_ENV, sample: async () => ({ totalSize: 3, results: [] }) });
    const code = await runValidateCql(['space in (DOCS, DCOS)'], { ...CLOUD, json: true }, h.deps);
    expect(code).toBe(0);
    expect(JSON.parse(h.stdout())).toMatchObject({
      outcome: 'matches',
      totalSize: 3,
      missingSpaces: [{ key: 'DCOS', suggestion: 'DOCS' }],
    });
  });

  it("reports Confluence's refusal of the query with exit code 1", async () => {
    const refusal = new AppError('invalid_cql', 'Could not parse cql: space = DOCS', {
      remedies: ['Check the query syntax.'],
    });
    const h = harness({ env: TOKEN_ENV, sample: () => Promise.reject(refusal) });
    expect(await runValidateCql(['space = DOCS'], CLOUD, h.deps)).toBe(1);
    expect(h.stderr()).toBe(
      'error: Confluence refused the query: Could not parse cql: space = DOCS\n' +
        '  - Check the query syntax.\n',
    );
  });

  it('reports an authentication failure with exit code 1 and never prints the token', async () => {
    const failure = new AppError('auth_failed', 'Confluence did not accept the credentials.');
    const h = harness({ env: TOKEN_ENV, sample: () => Promise.reject(failure) });
    expect(await runValidateCql(['space = DOCS'], { ...CLOUD, json: true }, h.deps)).toBe(1);
    expect(JSON.parse(h.stdout())).toMatchObject({ valid: null, error: { code: 'auth_failed' } });
    expect(h.stdout() + h.stderr()).not.toContain('secret-token-value');
  });

  it('does not ask Confluence when the query is invalid locally', async () => {
    const h = harness({ env: TOKEN_ENV });
    expect(await runValidateCql(['type != page'], CLOUD, h.deps)).toBe(1);
    expect(h.connections).toEqual([]);
  });

  it('needs a token', async () => {
    const h = harness();
    expect(await runValidateCql(['space = DOCS'], CLOUD, h.deps)).toBe(2);
    expect(h.stderr()).toContain('No token: set CONFLUENCE_TOKEN');
    expect(h.connections).toEqual([]);
  });

  it('selects Cloud with --email on a site outside atlassian.net', async () => {
    const h = harness({ env: TOKEN_ENV });
    await runValidateCql(
      ['space = DOCS'],
      { url: 'https://confluence.example.test', email: 'me@example.com' },
      h.deps,
    );
    expect(h.connections).toEqual([
      {
        deployment: 'cloud',
        baseUrl: 'https://confluence.example.test/wiki',
        auth: { kind: 'basic', email: 'me@example.com', token: 'secret-token-value' },
      },
    ]);
  });

  it('lets --deployment datacenter override --email, and says the email is ignored', async () => {
    const h = harness({ env: TOKEN_ENV });
    await runValidateCql(
      ['space = DOCS'],
      { url: 'https://confluence.example.test', email: 'me@example.com', deployment: 'datacenter' },
      h.deps,
    );
    expect(h.connections[0]).toMatchObject({
      deployment: 'datacenter',
      auth: { kind: 'bearer', token: 'secret-token-value' },
    });
    expect(h.stderr()).toContain('--email is ignored');
  });

  it('needs --email for Cloud', async () => {
    const h = harness({ env: TOKEN_ENV });
    expect(await runValidateCql(['space = DOCS'], { url: CLOUD.url }, h.deps)).toBe(2);
    expect(h.stderr()).toContain('needs the account email');
  });

  it('refuses a malformed URL with the usage exit code', async () => {
    const h = harness({ env: TOKEN_ENV });
    expect(await runValidateCql(['space = DOCS'], { url: 'ftp://wiki' }, h.deps)).toBe(2);
    expect(h.stderr()).toContain('must start with https://');
  });

  it('refuses a URL whose token holds "/" without printing the token, with --json', async () => {
    const h = harness({ env: TOKEN_ENV });
    const url = 'https://me:NjQ2Mzk4OTg1/NDk0OmE0Zm@wiki.example.com';
    expect(await runValidateCql(['space = DOCS'], { url, json: true }, h.deps)).toBe(2);
    expect(h.stdout() + h.stderr()).toContain('wiki.example.com');
    expect(h.stdout() + h.stderr()).not.toContain('NjQ2Mzk4OTg1');
    expect(h.stdout() + h.stderr()).not.toContain('NDk0OmE0Zm');
  });

  it('refuses invalid configuration with the usage exit code', async () => {
    const h = harness({ env: { ...TOKEN_ENV, CONFLUENCE_TIMEOUT_MS: 'soon' } });
    expect(await runValidateCql(['space = DOCS'], CLOUD, h.deps)).toBe(2);
    expect(h.stderr()).toContain('CONFLUENCE_TIMEOUT_MS must be a whole number');
  });

  it('refuses a bad --deployment and --email', async () => {
    const h = harness({ env: TOKEN_ENV });
    const code = await runValidateCql(
      ['space = DOCS'],
      { url: CLOUD.url, deployment: 'server', email: 'nope' },
      h.deps,
    );
    expect(code).toBe(2);
    expect(h.stderr()).toContain('--email must be an email address');
    expect(h.stderr()).toContain('--deployment must be cloud or datacenter');
  });
});

describe('validate-cql through the program', () => {
  let written: string[];
  beforeEach(() => {
    written = [];
    const capture = (chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    };
    jest.spyOn(process.stdout, 'write').mockImplementation(capture);
    jest.spyOn(process.stderr, 'write').mockImplementation(capture);
    process.exitCode = undefined;
  });
  afterEach(() => {
    jest.restoreAllMocks();
    process.exitCode = undefined;
  });

  it('sets exit code 1 and prints the caret for an invalid query', async () => {
    await buildProgram().parseAsync(['node', 'datasource-bot', 'validate-cql', 'text = x']);
    expect(process.exitCode).toBe(1);
    expect(written.join('')).toContain('text only supports ~ and !~');
    expect(written.join('')).toContain('  text = x\n       ^');
  });

  it('sets exit code 0 for a valid query and passes --json through', async () => {
    await buildProgram().parseAsync([
      'node',
      'datasource-bot',
      'validate-cql',
      '--json',
      'type = page',
    ]);
    expect(process.exitCode).toBe(0);
    expect(JSON.parse(written.join(''))).toMatchObject({ valid: true });
  });
});

describe('validate-cql against the fake Data Center', () => {
  let fake: FakeConfluence;
  let env: Record<string, string>;
  beforeAll(async () => {
    fake = await startFakeConfluence({ mode: 'datacenter', contextPath: '/confluence' });
    if (fake.auth.kind !== 'bearer') throw new Error('expected a personal access token');
    env = {
      CONFLUENCE_TOKEN: fake.auth.token,
      CONFLUENCE_ALLOW_HTTP: 'true',
      CONFLUENCE_ALLOWED_PRIVATE: '127.0.0.0/8',
      LOG_LEVEL: 'silent',
    };
  });
  afterAll(async () => {
    await fake.close();
  });

  function realDeps(): { deps: ValidateCqlDeps; stdout: () => string; stderr: () => string } {
    const out: string[] = [];
    const err: string[] = [];
    const deps = { env, stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) };
    return { deps, stdout: () => out.join(''), stderr: () => err.join('') };
  }

  it('prints the match count and titles from Confluence', async () => {
    const h = realDeps();
    const code = await runValidateCql(
      ['space = DOCS and type = page'],
      { url: fake.baseUrl },
      h.deps,
    );
    expect(h.stderr()).toBe('');
    expect(code).toBe(0);
    expect(h.stdout()).toMatch(
      /^Confluence accepts the query: \d+ results\.\nFirst results:\n {2}- /,
    );
  });

  it('reports a mistyped space key with the suggestion', async () => {
    const h = realDeps();
    await runValidateCql(['space = DCOS'], { url: fake.baseUrl, json: true }, h.deps);
    expect(JSON.parse(h.stdout())).toMatchObject({
      outcome: 'no_matches',
      missingSpaces: [{ key: 'DCOS', suggestion: 'DOCS' }],
    });
  });

  it('prints the matches and warns about a missing space, with exit code 0', async () => {
    const h = realDeps();
    const code = await runValidateCql(['space in (DOCS, DCOS)'], { url: fake.baseUrl }, h.deps);
    expect(code).toBe(0);
    expect(h.stdout()).toMatch(/^Confluence accepts the query: \d+ results\.\n/);
    expect(h.stdout()).toContain(
      'Warning: some spaces or pages it names are not visible, so they add nothing:\n' +
        '  - No space "DCOS" is visible with this token. Did you mean "DOCS"?\n',
    );
    expect(h.stdout()).not.toContain('Every space and page it names exists');
  });

  it('refuses a loopback URL unless configuration allows it', async () => {
    const h = realDeps();
    h.deps.env = { CONFLUENCE_TOKEN: 'x', CONFLUENCE_ALLOW_HTTP: 'true', LOG_LEVEL: 'silent' };
    const code = await runValidateCql(['space = DOCS'], { url: fake.baseUrl, json: true }, h.deps);
    expect(code).toBe(1);
    expect(JSON.parse(h.stdout())).toMatchObject({ error: { code: 'blocked_address' } });
  });
});

describe('validate-cql against the fake Cloud on its own host (127.0.0.1)', () => {
  let fake: FakeConfluence;
  let env: Record<string, string>;
  beforeAll(async () => {
    fake = await startFakeConfluence({ mode: 'cloud' });
    if (fake.auth.kind !== 'basic') throw new Error('expected email and API token');
    env = {
      CONFLUENCE_TOKEN: fake.auth.token,
      CONFLUENCE_ALLOW_HTTP: 'true',
      CONFLUENCE_ALLOWED_PRIVATE: '127.0.0.0/8',
      LOG_LEVEL: 'silent',
    };
  });
  afterAll(() => fake.close());

  function run(options: Record<string, string>) {
    const out: string[] = [];
    const err: string[] = [];
    const deps = { env, stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) };
    return runValidateCql(['space = DOCS'], options, deps).then((code) => ({
      code,
      stdout: out.join(''),
      stderr: err.join(''),
    }));
  }

  it('reaches it as Cloud when --email is given', async () => {
    const email = fake.auth.kind === 'basic' ? fake.auth.email : '';

    const result = await run({ url: fake.baseUrl, email });

    expect(result.stderr).toBe('');
    expect(result).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Confluence accepts/) });
  });

  it('without --email, fails authentication and asks whether this is Cloud', async () => {
    const result = await run({ url: fake.baseUrl });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Is this Confluence Cloud? Pass --email');
    expect(result.stderr).toContain('Set CONFLUENCE_TOKEN to a valid token');
    expect(result.stderr).not.toContain('integration');
  });
});
