/**
 * Buttons in run replies: "Retry now" queues a run, "Edit the query" opens the data source form,
 * "Update the integration" opens the integration form prefilled (token blank, owner only).
 */
import type { App } from '@slack/bolt';
import type { SlackContext } from '../context';
import { buildEditForm } from '../forms/datasource-edit';
import { buildIntegrationEditForm } from '../forms/integration-edit';
import { RUN_ACTIONS } from '../views/run-replies';
import { valueOf } from './support/action-payload';
import { onDataSourceModal, onDataSourceReindex } from './support/data-source-actions';
import { onModalButton } from './support/modal-button';

export function registerRunActions(app: App, ctx: SlackContext): void {
  onDataSourceReindex(app, ctx, RUN_ACTIONS.retry, 'retry');

  onDataSourceModal(app, ctx, RUN_ACTIONS.editQuery, 'Edit data source', (dataSource, actor) =>
    buildEditForm(ctx, actor.teamId, actor.userId, dataSource),
  );

  onModalButton(app, ctx, RUN_ACTIONS.updateIntegration, 'Edit integration', (actor, payload) =>
    buildIntegrationEditForm(
      ctx,
      actor,
      valueOf(payload),
      {},
      'Paste a new token, then use "Retry now" in the thread.',
    ),
  );
}
