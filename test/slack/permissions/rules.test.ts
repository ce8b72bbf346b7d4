import {
  canManageDataSource,
  canUseIntegration,
  ownsIntegration,
} from '../../../src/slack/permissions/rules';
import { makeDataSource, makeIntegration, makeProject } from '../support/factories';

const admins = (ids: string[]) => ({ isAdmin: async (id: string) => ids.includes(id) });

describe('who may use an integration', () => {
  const platform = makeProject({ id: 'p1', memberIds: ['UALICE', 'UBOB'] });

  it('lets its owner use it', () => {
    expect(canUseIntegration(makeIntegration(), 'UALICE', 'T0001', [])).toBe(true);
    expect(ownsIntegration(makeIntegration(), 'UALICE', 'T0001')).toBe(true);
  });

  it('keeps a personal integration from everyone else', () => {
    expect(canUseIntegration(makeIntegration(), 'UBOB', 'T0001', [platform])).toBe(false);
  });

  it('lets members of the project it is shared with use it, but not own it', () => {
    const shared = makeIntegration({ sharedWithProjectId: 'p1' });
    expect(canUseIntegration(shared, 'UBOB', 'T0001', [platform])).toBe(true);
    expect(ownsIntegration(shared, 'UBOB', 'T0001')).toBe(false);
    expect(canUseIntegration(shared, 'UCAROL', 'T0001', [])).toBe(false);
  });

  it('never crosses workspaces', () => {
    expect(canUseIntegration(makeIntegration(), 'UALICE', 'TOTHER', [])).toBe(false);
  });
});

describe('who may manage a data source', () => {
  it('lets its creator and workspace admins, and nobody else', async () => {
    const ds = makeDataSource({ createdBy: 'UALICE' });
    await expect(canManageDataSource(ds, 'UALICE', 'T0001', admins([]))).resolves.toBe(true);
    await expect(canManageDataSource(ds, 'UADMIN', 'T0001', admins(['UADMIN']))).resolves.toBe(
      true,
    );
    await expect(canManageDataSource(ds, 'UBOB', 'T0001', admins(['UADMIN']))).resolves.toBe(false);
    await expect(canManageDataSource(ds, 'UALICE', 'TOTHER', admins([]))).resolves.toBe(false);
  });
});
