/**
 * The data source form prefilled for editing, after checking that the user may edit it. Used by
 * `/datasource edit NAME`, the Edit buttons (App Home, list) and "Edit the query" in a thread.
 */
import { AppError } from '../../errors';
import type { DataSource } from '../../domain/models';
import type { ModalView } from '../blocks/types';
import type { SlackContext } from '../context';
import { canManageDataSource, REFUSALS } from '../permissions/rules';
import { buildDataSourceForm } from './datasource-form';
import { encodeMeta } from './metadata';

export async function buildEditForm(
  ctx: SlackContext,
  teamId: string,
  userId: string,
  dataSource: DataSource,
  banner?: string | null,
): Promise<ModalView> {
  if (!(await canManageDataSource(dataSource, userId, teamId, ctx.admins))) {
    throw new AppError(
      'forbidden',
      REFUSALS.manageDataSource(dataSource.name, dataSource.createdBy),
    );
  }
  return buildDataSourceForm(ctx, teamId, userId, {
    editing: true,
    banner,
    values: {
      projectId: dataSource.projectId,
      name: dataSource.name,
      description: dataSource.description,
      cql: dataSource.cql,
      integrationId: dataSource.integrationId,
      schedule: dataSource.schedule,
    },
    privateMetadata: encodeMeta({ ds: dataSource.id }),
  });
}

/** The data source with this id in this workspace, or a `not_found` error to show. */
export async function loadDataSource(
  ctx: SlackContext,
  teamId: string,
  id: string,
): Promise<DataSource> {
  const dataSource = await ctx.deps.repos.dataSources.get(id);
  if (!dataSource || dataSource.teamId !== teamId) {
    throw new AppError('not_found', 'That data source no longer exists.');
  }
  return dataSource;
}
