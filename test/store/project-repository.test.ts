import { useTestDatabase } from '../support/mongo';
import { freshRepositories, newId, type Repositories } from './factories';

const mongo = useTestDatabase();
let repos: Repositories;

beforeEach(async () => {
  repos = await freshRepositories(mongo);
});

describe('MongoProjectRepository', () => {
  test('ensure creates a project with the user as creator and member', async () => {
    const project = await repos.projects.ensure('T1', 'Docs', 'U1');

    expect(project).toMatchObject({
      teamId: 'T1',
      name: 'Docs',
      createdBy: 'U1',
      memberIds: ['U1'],
    });
    expect(await repos.projects.get(project.id)).toEqual(project);
  });

  test('ensure with the same name in another case joins the existing project', async () => {
    const first = await repos.projects.ensure('T1', 'Docs', 'U1');

    const second = await repos.projects.ensure('T1', 'DOCS', 'U2');
    const again = await repos.projects.ensure('T1', 'docs', 'U2');

    expect(second.id).toBe(first.id);
    expect(second.name).toBe('Docs');
    expect(again.memberIds).toEqual(['U1', 'U2']);
  });

  test('the same name in another workspace is another project', async () => {
    const first = await repos.projects.ensure('T1', 'Docs', 'U1');
    const other = await repos.projects.ensure('T2', 'Docs', 'U1');

    expect(other.id).not.toBe(first.id);
  });

  test('concurrent first uses of a name end in one project', async () => {
    const projects = await Promise.all(
      ['U1', 'U2', 'U3'].map((user) => repos.projects.ensure('T1', 'Race', user)),
    );

    expect(new Set(projects.map((p) => p.id)).size).toBe(1);
    expect((await repos.projects.get(projects[0].id))?.memberIds.sort()).toEqual([
      'U1',
      'U2',
      'U3',
    ]);
  });

  test('list gives the workspace’s projects by name, listForMember only the user’s', async () => {
    await repos.projects.ensure('T1', 'beta', 'U1');
    await repos.projects.ensure('T1', 'Alpha', 'U2');
    await repos.projects.ensure('T2', 'Gamma', 'U1');

    expect((await repos.projects.list('T1')).map((p) => p.name)).toEqual(['Alpha', 'beta']);
    expect((await repos.projects.listForMember('T1', 'U1')).map((p) => p.name)).toEqual(['beta']);
  });

  test('get of an unknown or malformed id returns null', async () => {
    expect(await repos.projects.get(newId())).toBeNull();
    expect(await repos.projects.get('nope')).toBeNull();
  });
});
