/**
 * Builds the data source form for a user: the projects they belong to and the integrations they
 * may use, around the values given (empty, prefilled for editing, or as submitted).
 */
import type { Integration, Project } from '../../domain/models';
import type { SlackContext } from '../context';
import { canUseIntegration } from '../permissions/rules';
import type { ModalView } from '../blocks/types';
import { dataSourceModal, type DataSourceFormModel } from '../views/datasource-modal';

export interface FormChoices {
  projects: Project[];
  integrations: Integration[];
}

export async function loadFormChoices(
  ctx: SlackContext,
  teamId: string,
  userId: string,
): Promise<FormChoices> {
  const { projects: projectRepo, integrations: integrationRepo } = ctx.deps.repos;
  const projects = await projectRepo.listForMember(teamId, userId);
  const usable = await integrationRepo.listUsableBy(
    teamId,
    userId,
    projects.map((p) => p.id),
  );
  // The repository's answer is checked again: a wrong query must not leak someone's integration.
  const integrations = usable.filter((i) => canUseIntegration(i, userId, teamId, projects));
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
  const choices = await loadFormChoices(ctx, teamId, userId);
  return dataSourceModal({ ...model, ...choices });
}
