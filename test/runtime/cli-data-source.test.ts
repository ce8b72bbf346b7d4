import { silentLogger } from '../../src/logging/logger';
import {
  CLI_TEAM,
  CLI_USER,
  cliIntegrationAlias,
  ensureCliDataSource,
} from '../../src/runtime/cli-data-source';
import { openStore, type Store } from '../../src/store';
import { MemoryDataSources, MemoryIntegrations, MemoryProjects } from '../indexing/doubles';
import { useTestDatabase } from '../support/mongo';

function repos() {
  return {
    integrations: new MemoryIntegrations(),
    projects: new MemoryProjects(),
    dataSources: new MemoryDataSources(),
  };
}

const REQUEST = {
  deployment: 'datacenter' as const,
  baseUrl: 'https://wiki.example.test',
  token: 'secret-token-1234',
  cql: 'space = DOCS',
  name: 'Docs',
};

describe('ensureCliDataSource', () => {
  it('creates the integration without a secret, the cli project and the data source', async () => {
    const r = repos();

    const ds = await ensureCliDataSource(r, REQUEST);

    expect(ds).toMatchObject({
      teamId: CLI_TEAM,
      name: 'Docs',
      cql: 'space = DOCS',
      schedule: 'off',
    });
    const [integration] = [...r.integrations.records.values()];
    expect(integration).toMatchObject({ teamId: 'cli', ownerId: 'cli', secretHint: '…1234' });
    expect(integration.secret).toBeUndefined();
    expect(JSON.stringify(integration)).not.toContain('secret-token');
    expect((await r.projects.get(ds.projectId))?.name).toBe('cli');
  });

  it('reuses the data source of the same name and updates its query', async () => {
    const r = repos();
    const first = await ensureCliDataSource(r, REQUEST);

    const second = await ensureCliDataSource(r, { ...REQUEST, cql: 'space = KAFKA' });

    expect(second.id).toBe(first.id);
    expect(second.cql).toBe('space = KAFKA');
    expect(r.dataSources.records.size).toBe(1);
    expect(r.integrations.records.size).toBe(1);
  });

  it('makes a separate integration for another site and points the data source at it', async () => {
    const r = repos();
    await ensureCliDataSource(r, REQUEST);

    const moved = await ensureCliDataSource(r, {
      ...REQUEST,
      baseUrl: 'https://other.example.test',
    });

    expect(r.integrations.records.size).toBe(2);
    expect((await r.integrations.get(moved.integrationId))?.baseUrl).toBe(
      'https://other.example.test',
    );
  });

  it('keeps the hint of the latest token', async () => {
    const r = repos();
    await ensureCliDataSource(r, REQUEST);

    await ensureCliDataSource(r, { ...REQUEST, token: 'another-token-9876' });

    expect([...r.integrations.records.values()][0].secretHint).toBe('…9876');
  });
});

describe('ensureCliDataSource on the MongoDB store (aliases are unique per owner there)', () => {
  const mongo = useTestDatabase();
  let store: Store;

  beforeEach(async () => {
    await mongo.reset();
    store = await openStore({ uri: mongo.uri, dbName: mongo.dbName, logger: silentLogger() });
  });
  afterEach(() => store.close());

  const MISTYPED = { ...REQUEST, baseUrl: 'http://127.0.0.1:18090/confluenc', name: 'docs' };
  const RIGHT = { ...REQUEST, baseUrl: 'http://127.0.0.1:18090/confluence', name: 'docs' };

  it('takes the right URL after a mistyped one of the same host, under any name', async () => {
    const first = await ensureCliDataSource(store, MISTYPED);

    const fixed = await ensureCliDataSource(store, RIGHT);
    const other = await ensureCliDataSource(store, { ...RIGHT, name: 'other' });

    expect(fixed.id).toBe(first.id);
    const integrations = await store.integrations.listOwnedBy(CLI_TEAM, CLI_USER);
    expect(integrations.map((i) => i.baseUrl)).toEqual([RIGHT.baseUrl]);
    expect(fixed.integrationId).toBe(integrations[0].id);
    expect(other.integrationId).toBe(integrations[0].id);
  });

  it('keeps the integration it leaves while another data source still uses it', async () => {
    await ensureCliDataSource(store, MISTYPED);
    const stays = await ensureCliDataSource(store, { ...MISTYPED, name: 'stays' });

    await ensureCliDataSource(store, RIGHT);

    expect(await store.integrations.get(stays.integrationId)).not.toBeNull();
    expect(await store.integrations.listOwnedBy(CLI_TEAM, CLI_USER)).toHaveLength(2);
  });

  it('names the integration by deployment, base URL and email, one per key', async () => {
    const dc = await ensureCliDataSource(store, RIGHT);
    const cloud = await ensureCliDataSource(store, {
      ...RIGHT,
      deployment: 'cloud',
      baseUrl: 'http://127.0.0.1:18090/wiki',
      email: 'alice@example.test',
      name: 'cloud',
    });

    expect((await store.integrations.get(dc.integrationId))?.alias).toBe(
      'Data Center http://127.0.0.1:18090/confluence',
    );
    expect((await store.integrations.get(cloud.integrationId))?.alias).toBe(
      'Cloud http://127.0.0.1:18090/wiki (alice@example.test)',
    );
  });

  it('numbers the alias when an integration of another key already holds it', async () => {
    await store.integrations.create({
      teamId: CLI_TEAM,
      ownerId: CLI_USER,
      alias: cliIntegrationAlias(RIGHT),
      deployment: 'datacenter',
      baseUrl: 'https://elsewhere.example.test',
      secretHint: '…0000',
    });

    const ds = await ensureCliDataSource(store, RIGHT);

    const integration = await store.integrations.get(ds.integrationId);
    expect(integration).toMatchObject({
      baseUrl: RIGHT.baseUrl,
      alias: `${cliIntegrationAlias(RIGHT)} #2`,
    });
  });

  it('reuses an integration made before aliases named the URL (host-only alias)', async () => {
    const legacy = await store.integrations.create({
      teamId: CLI_TEAM,
      ownerId: CLI_USER,
      alias: '127.0.0.1:18090',
      deployment: 'datacenter',
      baseUrl: RIGHT.baseUrl,
      secretHint: '…0000',
    });

    const ds = await ensureCliDataSource(store, RIGHT);

    expect(ds.integrationId).toBe(legacy.id);
  });
});

describe('cliIntegrationAlias', () => {
  it('fits a long URL into 200 characters, still distinct per URL', () => {
    const long = (end: string) => ({
      deployment: 'datacenter' as const,
      baseUrl: `https://wiki.example.test/${'a'.repeat(300)}${end}`,
    });

    const one = cliIntegrationAlias(long('x'));
    const two = cliIntegrationAlias(long('y'));

    expect(one.length).toBeLessThanOrEqual(200);
    expect(two.length).toBeLessThanOrEqual(200);
    expect(one).not.toBe(two);
  });
});
