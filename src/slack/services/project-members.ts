/**
 * Who is in a project. Joining is by invitation: a project's members and workspace admins add or
 * remove people (`/datasource project add|remove`). Leaving a project does not touch the data
 * sources someone created in it: they belong to the project and keep running with the
 * integration they use, but the person can no longer pick the project's shared integrations
 * (see `canUseIntegration`). Answers are mrkdwn sentences for an ephemeral reply.
 */
import type { Project } from '../../domain/models';
import type { ProjectRepository } from '../../domain/ports';
import { isAppError } from '../../errors';
import { escapeMrkdwn } from '../blocks/limits';
import type { AdminDirectory } from '../permissions/admins';
import { canManageMembers, REFUSALS } from '../permissions/rules';

export interface MembershipRequest {
  teamId: string;
  /** Who asked. */
  userId: string;
  /** The project's name as typed (compared without case). */
  projectName: string;
}

interface MembershipDeps {
  projects: ProjectRepository;
  admins: AdminDirectory;
}

/** Adds `userIds` to the project; returns the sentence to answer with. */
export async function addProjectMembers(
  deps: MembershipDeps,
  request: MembershipRequest,
  userIds: string[],
): Promise<string> {
  const found = await projectToChange(deps, request);
  if (typeof found === 'string') return found;

  const fresh = userIds.filter((u) => !found.memberIds.includes(u));
  if (fresh.length === 0) return `${mentions(userIds)} already in *${label(found)}*.`;
  const updated = await deps.projects.addMembers(found.id, fresh);
  if (!updated) return noSuchProject(request.projectName);
  return `Added ${mentions(fresh)} to *${label(updated)}*. ${membersLine(updated)}`;
}

/** Takes `memberId` out of the project (never its last member); returns the answer. */
export async function removeProjectMember(
  deps: MembershipDeps,
  request: MembershipRequest,
  memberId: string,
): Promise<string> {
  const found = await projectToChange(deps, request);
  if (typeof found === 'string') return found;

  if (!found.memberIds.includes(memberId)) return `<@${memberId}> is not in *${label(found)}*.`;
  try {
    const updated = await deps.projects.removeMember(found.id, memberId);
    if (!updated) return noSuchProject(request.projectName);
    return `Removed <@${memberId}> from *${label(updated)}*. ${membersLine(updated)}`;
  } catch (error) {
    if (!isAppError(error, 'conflict')) throw error;
    return `<@${memberId}> is the last member of *${label(found)}*: add someone else first.`;
  }
}

/** The named project when the asker may change its members, else the refusal to show. */
async function projectToChange(
  deps: MembershipDeps,
  { teamId, userId, projectName }: MembershipRequest,
): Promise<Project | string> {
  const wanted = projectName.toLowerCase();
  const project = (await deps.projects.list(teamId)).find((p) => p.name.toLowerCase() === wanted);
  if (!project) return noSuchProject(projectName);
  if (!(await canManageMembers(project, userId, teamId, deps.admins))) {
    return REFUSALS.manageMembers(label(project), project.memberIds);
  }
  return project;
}

export function membersLine(project: Project): string {
  return `Members: ${mentions(project.memberIds)}.`;
}

function mentions(userIds: string[]): string {
  return userIds.map((u) => `<@${u}>`).join(', ');
}

function label(project: Project): string {
  return escapeMrkdwn(project.name);
}

function noSuchProject(name: string): string {
  return (
    `There is no project called *${escapeMrkdwn(name)}*. ` +
    'See yours with `/datasource projects`.'
  );
}
