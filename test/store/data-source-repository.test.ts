import { useTestDatabase } from '../support/mongo';
import {
  chunksOf,
  expectAppError,
  freshRepositories,
  newDataSource,
  newId,
  newRun,
  storedDocument,
  type Repositories,
} from './factories';

const mongo = useTestDatabase();
let repos: Repositories;

beforeEach(async () => {
  repos = await freshRepositories(mongo);
});

describe('MongoDataSourceRepository', () => {
  test('create starts idle with no pages, and get reads it back', async () => {
    const created = await repos.dataSources.create(newDataSource());

    expect(created).toMatchObject({
      status: 'idle',
      pageCount: 0,
      chunkCount: 0,
      name: 'Handbook',
    });
    expect(created.id).toMatch(/^[0-9a-f]{24}$/);
    expect(await repos.dataSources.get(created.id)).toEqual(created);
  });

  test('a name is unique within its project without regard to case', async () => {
    const projectId = newId();
    await repos.dataSources.create(newDataSource({ projectId, name: 'Handbook' }));

    await expectAppError(
      repos.dataSources.create(newDataSource({ projectId, name: 'HANDBOOK' })),
      'conflict',
    );
  });

  test('one Slack form (origin view id) creates at most one data source', async () => {
    const first = await repos.dataSources.create(newDataSource({ originViewId: 'V0FORM1' }));

    const again = repos.dataSources.create(
      newDataSource({ originViewId: 'V0FORM1', name: 'Another name' }),
    );

    await expect(again).rejects.toMatchObject({
      code: 'conflict',
      details: { originViewId: 'V0FORM1' },
    });
    expect(await repos.dataSources.get(first.id)).toMatchObject({ originViewId: 'V0FORM1' });
    expect(await repos.dataSources.list('T1')).toHaveLength(1);
  });

  test('data sources without an origin view id never clash on it', async () => {
    await repos.dataSources.create(newDataSource({ name: 'One' }));
    await repos.dataSources.create(newDataSource({ name: 'Two' }));
    await repos.dataSources.create(newDataSource({ name: 'Three', originViewId: 'V0FORM2' }));

    expect(await repos.dataSources.list('T1')).toHaveLength(3);
  });

  test('a name clash in a form that is new is a name conflict, not an origin one', async () => {
    const projectId = newId();
    await repos.dataSources.create(newDataSource({ projectId, originViewId: 'V0FORM3' }));

    const clash = repos.dataSources.create(newDataSource({ projectId, originViewId: 'V0FORM4' }));

    await expect(clash).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('already has a data source called'),
    });
  });

  test('the validator refuses an empty origin view id', async () => {
    const bad = repos.dataSources.create(newDataSource({ originViewId: '' }));

    await expect(bad).rejects.toMatchObject({ code: 121 });
  });

  test('the same name is allowed in another project', async () => {
    await repos.dataSources.create(newDataSource({ name: 'Handbook' }));

    const other = await repos.dataSources.create(newDataSource({ name: 'Handbook' }));

    expect(other.name).toBe('Handbook');
  });

  test('renaming onto a name taken in the project is a conflict', async () => {
    const projectId = newId();
    await repos.dataSources.create(newDataSource({ projectId, name: 'One' }));
    const two = await repos.dataSources.create(newDataSource({ projectId, name: 'Two' }));

    await expectAppError(repos.dataSources.update(two.id, { name: 'one' }), 'conflict');
  });

  test('create refuses a project id that is not an id', async () => {
    await expectAppError(
      repos.dataSources.create(newDataSource({ projectId: 'cli' })),
      'invalid_input',
    );
  });

  test('findByName matches without case, optionally within one project', async () => {
    const projectId = newId();
    const mine = await repos.dataSources.create(newDataSource({ projectId, name: 'Handbook' }));
    await repos.dataSources.create(newDataSource({ name: 'handbook' }));
    await repos.dataSources.create(newDataSource({ name: 'Handbook', teamId: 'T2' }));

    expect(await repos.dataSources.findByName('T1', 'HANDBOOK')).toHaveLength(2);
    expect(await repos.dataSources.findByName('T1', 'handbook', projectId)).toEqual([mine]);
    expect(await repos.dataSources.findByName('T1', 'handbook', 'bad')).toEqual([]);
  });

  test('update changes fields, maps ids and returns the new record', async () => {
    const created = await repos.dataSources.create(newDataSource());
    const runId = newId();
    const at = new Date('2024-03-01T00:00:00Z');

    const updated = await repos.dataSources.update(created.id, {
      status: 'running',
      lastRunId: runId,
      lastRunAt: at,
      schedule: 'daily',
      notify: { channelId: 'C1', messageTs: '1.2' },
    });

    expect(updated).toMatchObject({
      status: 'running',
      lastRunId: runId,
      lastRunAt: at,
      schedule: 'daily',
      notify: { channelId: 'C1', messageTs: '1.2' },
    });
    expect(await repos.dataSources.get(created.id)).toEqual(updated);
    expect(await repos.dataSources.update(newId(), { status: 'running' })).toBeNull();
  });

  test('update ignores id and createdAt', async () => {
    const created = await repos.dataSources.create(newDataSource());

    const updated = await repos.dataSources.update(created.id, {
      id: newId(),
      createdAt: new Date(0),
      description: 'changed',
    });

    expect(updated).toMatchObject({ id: created.id, createdAt: created.createdAt });
  });

  test('a value the validator refuses fails the write', async () => {
    const created = await repos.dataSources.create(newDataSource());

    const bad = repos.dataSources.update(created.id, { schedule: 'yearly' as never });

    await expect(bad).rejects.toMatchObject({ code: 121 });
  });

  test('list gives the workspace’s data sources by name', async () => {
    await repos.dataSources.create(newDataSource({ name: 'beta' }));
    await repos.dataSources.create(newDataSource({ name: 'Alpha' }));
    await repos.dataSources.create(newDataSource({ name: 'Other', teamId: 'T2' }));

    expect((await repos.dataSources.list('T1')).map((d) => d.name)).toEqual(['Alpha', 'beta']);
  });

  test('listBySchedule gives every scheduled data source and none that are off', async () => {
    await repos.dataSources.create(newDataSource({ name: 'off', schedule: 'off' }));
    await repos.dataSources.create(
      newDataSource({ name: 'later', schedule: 'daily', nextRunAt: new Date(2000) }),
    );
    await repos.dataSources.create(
      newDataSource({
        name: 'sooner',
        schedule: 'hourly',
        nextRunAt: new Date(1000),
        teamId: 'T2',
      }),
    );

    const scheduled = await repos.dataSources.listBySchedule();

    expect(scheduled.map((d) => d.name)).toEqual(['sooner', 'later']);
  });

  test('delete removes the data source with its runs, documents and chunks, and nothing else', async () => {
    const doomed = await repos.dataSources.create(newDataSource({ name: 'Doomed' }));
    const kept = await repos.dataSources.create(newDataSource({ name: 'Kept' }));
    for (const ds of [doomed, kept]) {
      const run = await repos.runs.create(newRun({ dataSourceId: ds.id }));
      const page = storedDocument({ dataSourceId: ds.id, runId: run.id });
      await repos.documents.replacePage(page, chunksOf(page, 2));
    }

    expect(await repos.dataSources.delete(doomed.id)).toBe(true);

    expect(await repos.dataSources.get(doomed.id)).toBeNull();
    expect(await repos.runs.latest(doomed.id)).toBeNull();
    expect(await repos.documents.count(doomed.id)).toEqual({ pages: 0, chunks: 0 });
    expect(await mongo.db.collection('chunks').countDocuments({})).toBe(2);
    expect(await repos.documents.count(kept.id)).toEqual({ pages: 1, chunks: 2 });
    expect(await repos.runs.latest(kept.id)).not.toBeNull();
    expect(await repos.dataSources.delete(doomed.id)).toBe(false);
  });
});
