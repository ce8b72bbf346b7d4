/**
 * Who may do what. Integrations are personal unless shared with a project: only the owner sees,
 * edits or deletes them; members of the project may use a shared one (never read its secret).
 * Data sources are visible to everyone in the workspace; their creator and workspace admins may
 * edit, reindex or delete them. Projects are joined by invitation: their members and workspace
 * admins add and remove members. Someone who leaves a project keeps the data sources they made in
 * it (they belong to the project, and their runs keep using the integration they were saved
 * with), but can no longer choose the project's shared integrations, nor switch to them when
 * editing.
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

/** Whether `userId` may add or remove members of `project`: its members and workspace admins. */
export async function canManageMembers(
  project: Project,
  userId: string,
  teamId: string,
  admins: AdminDirectory,
): Promise<boolean> {
  if (project.teamId !== teamId) return false;
  if (project.memberIds.includes(userId)) return true;
  return admins.isAdmin(userId);
}

/** Up to three members to ask, as mentions: "<@U1>, <@U2> or <@U3>". */
export function someMembers(memberIds: string[]): string {
  const shown = memberIds.slice(0, 3).map((id) => `<@${id}>`);
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}

export const REFUSALS = {
  manageMembers: (project: string, memberIds: string[]) =>
    `Sorry, only members of *${project}* (${someMembers(memberIds)}) and workspace admins can ` +
    'change who is in it.',
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
