/**
 * The buttons beside each data source in App Home and `/datasource list`: Reindex, Edit, Delete
 * and View failures. Modals open at once; permissions are checked before anything changes.
 */
import type { App } from '@slack/bolt';
import type { SlackContext } from '../context';
import { buildDeleteConfirmation } from '../forms/datasource-delete';
import { buildEditForm } from '../forms/datasource-edit';
import { failuresModal } from '../views/failures-modal';
import { OVERVIEW_ACTIONS } from '../views/overview-blocks';
import { onDataSourceModal, onDataSourceReindex } from './support/data-source-actions';

export function registerOverviewActions(app: App, ctx: SlackContext): void {
  onDataSourceReindex(app, ctx, OVERVIEW_ACTIONS.reindex, 'manual', { refreshHome: true });

  onDataSourceModal(app, ctx, OVERVIEW_ACTIONS.edit, 'Edit data source', (dataSource, actor) =>
    buildEditForm(ctx, actor.teamId, actor.userId, dataSource),
  );

  onDataSourceModal(app, ctx, OVERVIEW_ACTIONS.delete, 'Delete data source', (dataSource, actor) =>
    buildDeleteConfirmation(ctx, actor.teamId, actor.userId, dataSource),
  );

  onDataSourceModal(app, ctx, OVERVIEW_ACTIONS.failures, 'Failures', async (dataSource) =>
    failuresModal(dataSource, await ctx.deps.repos.runs.latest(dataSource.id)),
  );
}
