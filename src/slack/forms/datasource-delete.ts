/** The delete confirmation, after checking that the user may delete the data source. */
import { AppError } from '../../errors';
import type { DataSource } from '../../domain/models';
import type { ModalView } from '../blocks/types';
import type { SlackContext } from '../context';
import { canManageDataSource, REFUSALS } from '../permissions/rules';
import { deleteConfirmModal } from '../views/delete-modal';

export async function buildDeleteConfirmation(
  ctx: SlackContext,
  teamId: string,
  userId: string,
  dataSource: DataSource,
): Promise<ModalView> {
  if (!(await canManageDataSource(dataSource, userId, teamId, ctx.admins))) {
    throw new AppError(
      'forbidden',
      REFUSALS.manageDataSource(dataSource.name, dataSource.createdBy),
    );
  }
  const project = await ctx.deps.repos.projects.get(dataSource.projectId);
  return deleteConfirmModal(dataSource, project?.name ?? null);
}
