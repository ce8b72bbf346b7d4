/**
 * Who may do what. Integrations are personal unless shared with a project: only the owner sees,
 * edits or deletes them; members of the project may use a shared one (never read its secret).
 * Data sources are visible to everyone in the workspace; their creator and workspace admins may
 * edit, reindex or delete them.
 */
import type { DataSource, Integration, Project } from '../../domain/models';
import type { AdminDirectory } from './admins';

export function ownsIntegration(integration: Integration, userId: string, teamId: string): boolean {
  return integration.teamId === teamId && integration.ownerId === userId;
}

/** Whether `userId` may pick `integration` for a data source. */
export function canUseIntegration(
  integration: Integration,
  userId: string,
  teamId: string,
  memberProjects: Project[],
): boolean {
  if (ownsIntegration(integration, userId, teamId)) return true;
  const shared = integration.sharedWithProjectId;
  return integration.teamId === teamId && !!shared && memberProjects.some((p) => p.id === shared);
}

export async function canManageDataSource(
  dataSource: DataSource,
  userId: string,
  teamId: string,
  admins: AdminDirectory,
): Promise<boolean> {
  if (dataSource.teamId !== teamId) return false;
  if (dataSource.createdBy === userId) return true;
  return admins.isAdmin(userId);
}

export const REFUSALS = {
  manageDataSource: (name: string, creator: string) =>
    `Sorry, only <@${creator}> (who created *${name}*) and workspace admins can change it. ` +
    'You can still see it and its status with `/datasource list`.',
  integrationNotYours:
    'Sorry, only the person who added that integration can see or change it. ' +
    'Ask them to update it, or add your own with `/datasource integration add`.',
  integrationNotUsable:
    'Sorry, you cannot use that integration: it is personal to someone else or shared with a ' +
    'project you are not part of.',
} as const;
