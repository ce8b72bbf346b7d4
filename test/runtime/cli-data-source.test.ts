import { CLI_TEAM, ensureCliDataSource } from '../../src/runtime/cli-data-source';
import { MemoryDataSources, MemoryIntegrations, MemoryProjects } from '../indexing/doubles';

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
