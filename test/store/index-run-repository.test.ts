import { MAX_STORED_FAILURES } from '../../src/store';
import { useTestDatabase } from '../support/mongo';
import { freshRepositories, newId, newRun, type Repositories } from './factories';

const mongo = useTestDatabase();
let repos: Repositories;

beforeEach(async () => {
  repos = await freshRepositories(mongo);
});

describe('MongoIndexRunRepository', () => {
  test('create and get round-trip the run', async () => {
    const created = await repos.runs.create(newRun({ checkpoint: { kind: 'offset', start: 50 } }));

    expect(created.id).toMatch(/^[0-9a-f]{24}$/);
    expect(await repos.runs.get(created.id)).toEqual(created);
    expect(await repos.runs.get('x')).toBeNull();
  });

  test('findActive gives the queued or running run, and null when all have ended', async () => {
    const dataSourceId = newId();
    await repos.runs.create(newRun({ dataSourceId, status: 'completed' }));
    expect(await repos.runs.findActive(dataSourceId)).toBeNull();

    const running = await repos.runs.create(
      newRun({ dataSourceId, status: 'running', queuedAt: new Date('2024-01-02') }),
    );

    expect((await repos.runs.findActive(dataSourceId))?.id).toBe(running.id);
    expect(await repos.runs.findActive(newId())).toBeNull();
  });

  test('latest gives the most recently queued run of that data source', async () => {
    const dataSourceId = newId();
    await repos.runs.create(
      newRun({ dataSourceId, status: 'completed', queuedAt: new Date('2024-01-01') }),
    );
    const newest = await repos.runs.create(
      newRun({ dataSourceId, status: 'failed', queuedAt: new Date('2024-01-03') }),
    );
    await repos.runs.create(
      newRun({ dataSourceId, status: 'completed', queuedAt: new Date('2024-01-02') }),
    );
    await repos.runs.create(newRun({ queuedAt: new Date('2024-02-01') }));

    expect((await repos.runs.latest(dataSourceId))?.id).toBe(newest.id);
  });

  test('allows one queued or running run per data source, and another once it has ended', async () => {
    const dataSourceId = newId();
    const first = await repos.runs.create(newRun({ dataSourceId, status: 'queued' }));

    await expect(
      repos.runs.create(newRun({ dataSourceId, status: 'running' })),
    ).rejects.toMatchObject({ code: 'conflict' });
    const other = await repos.runs.create(newRun({ dataSourceId: newId(), status: 'queued' }));
    expect(other.id).not.toBe(first.id);

    await repos.runs.update(first.id, { status: 'running' });
    await repos.runs.finish(first.id, 'completed');
    const next = await repos.runs.create(newRun({ dataSourceId, status: 'queued' }));
    expect((await repos.runs.findActive(dataSourceId))?.id).toBe(next.id);
  });

  test('update sets fields and returns the run; unknown ids give null', async () => {
    const run = await repos.runs.create(newRun());
    const startedAt = new Date('2024-01-01T00:01:00Z');

    const updated = await repos.runs.update(run.id, {
      status: 'running',
      startedAt,
      checkpoint: { kind: 'cursor', next: '/rest/api/search?cursor=abc' },
    });

    expect(updated).toMatchObject({ status: 'running', startedAt });
    expect(updated?.checkpoint).toEqual({ kind: 'cursor', next: '/rest/api/search?cursor=abc' });
    expect(await repos.runs.update(newId(), { status: 'running' })).toBeNull();
  });

  test('update caps a failure list that is too long', async () => {
    const run = await repos.runs.create(newRun());
    const failures = Array.from({ length: MAX_STORED_FAILURES + 1 }, (_, i) => ({
      pageId: String(i),
      title: 't',
      reason: 'r',
    }));

    const updated = await repos.runs.update(run.id, { failures });

    expect(updated?.failures).toHaveLength(MAX_STORED_FAILURES);
  });

  test('finish records status, error and end time', async () => {
    const run = await repos.runs.create(newRun({ status: 'running' }));
    const at = new Date('2024-01-01T01:00:00Z');
    const error = {
      code: 'auth_failed' as const,
      message: 'Confluence did not accept the token.',
      remedies: ['Create a new token.'],
      details: {},
    };

    const finished = await repos.runs.finish(run.id, 'failed', error, at);

    expect(finished).toMatchObject({ status: 'failed', error, finishedAt: at });
    const completed = await repos.runs.finish(run.id, 'completed');
    expect(completed?.error).toBeNull();
    expect(completed?.finishedAt).toBeInstanceOf(Date);
  });
});
