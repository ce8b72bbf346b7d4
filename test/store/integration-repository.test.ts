import { useTestDatabase } from '../support/mongo';
import {
  expectAppError,
  freshRepositories,
  newId,
  newIntegration,
  type Repositories,
} from './factories';

const mongo = useTestDatabase();
let repos: Repositories;

beforeEach(async () => {
  repos = await freshRepositories(mongo);
});

describe('MongoIntegrationRepository', () => {
  test('create returns the integration with a string id and timestamps, and get reads it back', async () => {
    const created = await repos.integrations.create(newIntegration());

    expect(created.id).toMatch(/^[0-9a-f]{24}$/);
    expect(created.createdAt).toBeInstanceOf(Date);
    expect(await repos.integrations.get(created.id)).toEqual(created);
  });

  test('get of an unknown or malformed id returns null', async () => {
    expect(await repos.integrations.get(newId())).toBeNull();
    expect(await repos.integrations.get('not-an-id')).toBeNull();
  });

  test('an alias is unique per owner without regard to case', async () => {
    await repos.integrations.create(newIntegration({ alias: 'Wiki' }));

    const duplicate = repos.integrations.create(newIntegration({ alias: 'WIKI' }));

    await expectAppError(duplicate, 'conflict');
  });

  test('another owner may use the same alias', async () => {
    await repos.integrations.create(newIntegration({ alias: 'Wiki' }));

    const other = await repos.integrations.create(newIntegration({ alias: 'Wiki', ownerId: 'U2' }));

    expect(other.ownerId).toBe('U2');
  });

  test('update changes fields and updatedAt, and returns null for an unknown id', async () => {
    const created = await repos.integrations.create(newIntegration());

    const updated = await repos.integrations.update(created.id, {
      secretHint: 'wxyz',
      verifiedAs: 'Ada',
    });

    expect(updated).toMatchObject({ id: created.id, secretHint: 'wxyz', verifiedAs: 'Ada' });
    expect(updated!.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
    expect(await repos.integrations.update(newId(), { alias: 'x' })).toBeNull();
  });

  test('renaming onto a taken alias is a conflict', async () => {
    await repos.integrations.create(newIntegration({ alias: 'One' }));
    const two = await repos.integrations.create(newIntegration({ alias: 'Two' }));

    const rename = repos.integrations.update(two.id, { alias: 'one' });

    await expectAppError(rename, 'conflict');
  });

  test('delete removes it once', async () => {
    const created = await repos.integrations.create(newIntegration());

    expect(await repos.integrations.delete(created.id)).toBe(true);
    expect(await repos.integrations.delete(created.id)).toBe(false);
    expect(await repos.integrations.get(created.id)).toBeNull();
  });

  test('listOwnedBy lists only the owner’s integrations in that workspace', async () => {
    await repos.integrations.create(newIntegration({ alias: 'B' }));
    await repos.integrations.create(newIntegration({ alias: 'a' }));
    await repos.integrations.create(newIntegration({ alias: 'C', ownerId: 'U2' }));
    await repos.integrations.create(newIntegration({ alias: 'D', teamId: 'T2' }));

    const owned = await repos.integrations.listOwnedBy('T1', 'U1');

    expect(owned.map((i) => i.alias)).toEqual(['a', 'B']);
  });

  describe('listUsableBy', () => {
    test('gives owned integrations plus those shared with projects the user is a member of', async () => {
      const project = await repos.projects.create('T1', 'Docs', 'U2');
      await repos.projects.addMembers(project.id, ['U1']);
      await repos.integrations.create(newIntegration({ alias: 'Mine' }));
      await repos.integrations.create(
        newIntegration({ alias: 'Shared', ownerId: 'U2', sharedWithProjectId: project.id }),
      );
      await repos.integrations.create(newIntegration({ alias: 'Private', ownerId: 'U2' }));

      const usable = await repos.integrations.listUsableBy('T1', 'U1', [project.id]);

      expect(usable.map((i) => i.alias)).toEqual(['Mine', 'Shared']);
    });

    test('never gives integrations shared with a project the user is not a member of', async () => {
      const project = await repos.projects.create('T1', 'Secret', 'U2');
      await repos.integrations.create(
        newIntegration({ alias: 'Shared', ownerId: 'U2', sharedWithProjectId: project.id }),
      );

      const usable = await repos.integrations.listUsableBy('T1', 'U1', [project.id]);

      expect(usable).toEqual([]);
    });

    test('never gives another workspace’s integrations', async () => {
      await repos.integrations.create(newIntegration({ alias: 'Elsewhere', teamId: 'T2' }));

      expect(await repos.integrations.listUsableBy('T1', 'U1', [])).toEqual([]);
    });
  });

  test('an integration without a secret (command line) round-trips', async () => {
    const created = await repos.integrations.create(
      newIntegration({ teamId: 'cli', ownerId: 'cli', secret: undefined, email: undefined }),
    );

    const read = await repos.integrations.get(created.id);

    expect(read).toEqual(created);
    expect(read).not.toHaveProperty('secret');
  });
});
