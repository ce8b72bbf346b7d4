import { isAppError } from '../../src/errors';
import { useTestDatabase } from '../support/mongo';
import { freshRepositories, newId, type Repositories } from './factories';

const mongo = useTestDatabase();
let repos: Repositories;

beforeEach(async () => {
  repos = await freshRepositories(mongo);
});

describe('MongoProjectRepository', () => {
  test('create makes a project with the user as creator and only member', async () => {
    const project = await repos.projects.create('T1', 'Docs', 'U1');

    expect(project).toMatchObject({
      teamId: 'T1',
      name: 'Docs',
      createdBy: 'U1',
      memberIds: ['U1'],
    });
    expect(await repos.projects.get(project.id)).toEqual(project);
  });

  test('create with a taken name in another case is refused and joins nobody', async () => {
    const first = await repos.projects.create('T1', 'Docs', 'U1');

    const attempt = repos.projects.create('T1', 'DOCS', 'U2');

    await expect(attempt).rejects.toMatchObject({ name: 'AppError', code: 'conflict' });
    await expect(attempt).rejects.toThrow('A project called "DOCS" already exists.');
    expect(await repos.projects.get(first.id)).toEqual(first);
    expect(await repos.projects.listForMember('T1', 'U2')).toEqual([]);
  });

  test('the same name in another workspace is another project', async () => {
    const first = await repos.projects.create('T1', 'Docs', 'U1');
    const other = await repos.projects.create('T2', 'Docs', 'U1');

    expect(other.id).not.toBe(first.id);
  });

  test('concurrent creates of one name make one project; the others get conflict', async () => {
    const outcomes = await Promise.allSettled(
      ['U1', 'U2', 'U3'].map((user) => repos.projects.create('T1', 'Race', user)),
    );

    const made = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(made).toHaveLength(1);
    expect(refused.every((o) => isAppError(o.reason, 'conflict'))).toBe(true);
    const [project] = await repos.projects.list('T1');
    expect(project.memberIds).toHaveLength(1);
  });

  test('addMembers adds each user once and keeps the existing members', async () => {
    const project = await repos.projects.create('T1', 'Docs', 'U1');

    await repos.projects.addMembers(project.id, ['U2', 'U3']);
    const again = await repos.projects.addMembers(project.id, ['U2', 'U1']);

    expect(again?.memberIds).toEqual(['U1', 'U2', 'U3']);
    expect((await repos.projects.listForMember('T1', 'U3')).map((p) => p.id)).toEqual([project.id]);
  });

  test('removeMember takes the user out; a non-member leaves the project unchanged', async () => {
    const project = await repos.projects.create('T1', 'Docs', 'U1');
    await repos.projects.addMembers(project.id, ['U2']);

    const after = await repos.projects.removeMember(project.id, 'U1');
    const unchanged = await repos.projects.removeMember(project.id, 'U9');

    expect(after?.memberIds).toEqual(['U2']);
    expect(unchanged?.memberIds).toEqual(['U2']);
    expect(await repos.projects.listForMember('T1', 'U1')).toEqual([]);
  });

  test('removeMember refuses to remove the last member', async () => {
    const project = await repos.projects.create('T1', 'Docs', 'U1');

    const attempt = repos.projects.removeMember(project.id, 'U1');

    await expect(attempt).rejects.toMatchObject({ name: 'AppError', code: 'conflict' });
    expect((await repos.projects.get(project.id))?.memberIds).toEqual(['U1']);
  });

  test('addMembers and removeMember of an unknown or malformed id return null', async () => {
    expect(await repos.projects.addMembers(newId(), ['U1'])).toBeNull();
    expect(await repos.projects.addMembers('nope', ['U1'])).toBeNull();
    expect(await repos.projects.removeMember(newId(), 'U1')).toBeNull();
    expect(await repos.projects.removeMember('nope', 'U1')).toBeNull();
  });

  test('list gives the workspace’s projects by name, listForMember only the user’s', async () => {
    await repos.projects.create('T1', 'beta', 'U1');
    await repos.projects.create('T1', 'Alpha', 'U2');
    await repos.projects.create('T2', 'Gamma', 'U1');

    expect((await repos.projects.list('T1')).map((p) => p.name)).toEqual(['Alpha', 'beta']);
    expect((await repos.projects.listForMember('T1', 'U1')).map((p) => p.name)).toEqual(['beta']);
  });

  test('get of an unknown or malformed id returns null', async () => {
    expect(await repos.projects.get(newId())).toBeNull();
    expect(await repos.projects.get('nope')).toBeNull();
  });
});
