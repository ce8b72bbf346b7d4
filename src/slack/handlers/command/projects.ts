/** `/datasource projects`, `project add NAME @…` and `project remove NAME @…`. */
import { addProjectMembers, removeProjectMember } from '../../services/project-members';
import { noticeMessage } from '../../views/help-message';
import { projectsMessage } from '../../views/projects-message';
import type { CommandRequest } from './request';

export async function listProjects({ ctx, payload, respond }: CommandRequest): Promise<void> {
  const mine = await ctx.deps.repos.projects.listForMember(payload.team_id, payload.user_id);
  await respond(projectsMessage(mine));
}

export async function addMembers(
  { ctx, payload, respond }: CommandRequest,
  projectName: string,
  userIds: string[],
): Promise<void> {
  const deps = { projects: ctx.deps.repos.projects, admins: ctx.admins };
  const request = { teamId: payload.team_id, userId: payload.user_id, projectName };
  await respond(noticeMessage(await addProjectMembers(deps, request, userIds)));
}

export async function removeMember(
  { ctx, payload, respond }: CommandRequest,
  projectName: string,
  userId: string,
): Promise<void> {
  const deps = { projects: ctx.deps.repos.projects, admins: ctx.admins };
  const request = { teamId: payload.team_id, userId: payload.user_id, projectName };
  await respond(noticeMessage(await removeProjectMember(deps, request, userId)));
}
