/**
 * Builds the data source form for a user: the projects they belong to and the integrations they
 * may use, around the values given (empty, prefilled for editing, or as submitted).
 */
import type { Integration, Project } from '../../domain/models';
import type { SlackContext } from '../context';
import { canUseIntegration } from '../permissions/rules';
import type { ModalView } from '../blocks/types';
import { dataSourceMetaSchema, decodeMeta } from './metadata';
import { dataSourceModal, type DataSourceFormModel } from '../views/datasource-modal';

export interface FormChoices {
  projects: Project[];
  integrations: Integration[];
}

/**
 * Projects listed: those the user is a member of (workspace admins: all of the workspace's).
 * Integrations: the user's own and those shared with projects they are a member of.
 * `keep` names the project and integration a data source being edited already has: they stay
 * selectable (for an admin editing someone else's data source) even when the user could not
 * choose them for a new one.
 */
export async function loadFormChoices(
  ctx: SlackContext,
  teamId: string,
  userId: string,
  keep: { projectId?: string | null; integrationId?: string | null } = {},
): Promise<FormChoices> {
  const { projects: projectRepo, integrations: integrationRepo } = ctx.deps.repos;
  const memberOf = await projectRepo.listForMember(teamId, userId);
  const usable = await integrationRepo.listUsableBy(
    teamId,
    userId,
    memberOf.map((p) => p.id),
  );
  // The repository's answer is checked again: a wrong query must not leak someone's integration.
  const integrations = usable.filter((i) => canUseIntegration(i, userId, teamId, memberOf));
  const projects = (await ctx.admins.isAdmin(userId)) ? await projectRepo.list(teamId) : memberOf;
  if (keep.projectId && !projects.some((p) => p.id === keep.projectId)) {
    const current = await projectRepo.get(keep.projectId);
    if (current) projects.push(current);
  }
  if (keep.integrationId && !integrations.some((i) => i.id === keep.integrationId)) {
    const current = await integrationRepo.get(keep.integrationId);
    if (current && current.teamId === teamId) integrations.push(current);
  }
  return {
    projects: [...projects].sort((a, b) => a.name.localeCompare(b.name)),
    integrations: [...integrations].sort((a, b) => a.alias.localeCompare(b.alias)),
  };
}

export async function buildDataSourceForm(
  ctx: SlackContext,
  teamId: string,
  userId: string,
  model: Omit<DataSourceFormModel, 'projects' | 'integrations'>,
): Promise<ModalView> {
  // Editing: the data source's own project and integration stay selectable.
  const meta = decodeMeta(dataSourceMetaSchema, model.privateMetadata);
  const current = meta.ds ? await ctx.deps.repos.dataSources.get(meta.ds) : null;
  const keep = current?.teamId === teamId ? current : null;
  const choices = await loadFormChoices(ctx, teamId, userId, {
    projectId: keep?.projectId,
    integrationId: keep?.integrationId,
  });
  return dataSourceModal({ ...model, ...choices });
}
