/**
 * "Update the integration" in the data source form, shown when Confluence refused the
 * integration's credentials: pushes the integration form, prefilled, with the token blank.
 */
import type { App } from '@slack/bolt';
import type { SlackContext } from '../context';
import { buildIntegrationEditForm } from '../forms/integration-edit';
import { saveParentDraft } from '../services/parent-form';
import { DATASOURCE_ACTIONS } from '../views/datasource-modal';
import { actionPayloadSchema, actorOf, valueOf } from './support/action-payload';
import { openThenFill } from './support/modal';

export function registerFixIntegrationFromForm(app: App, ctx: SlackContext): void {
  app.action(DATASOURCE_ACTIONS.fixIntegration, async ({ ack, body, client }) => {
    await ack();
    const payload = actionPayloadSchema.parse(body);
    if (!payload.view) return;
    const parent = payload.view;
    saveParentDraft(ctx, parent);
    await openThenFill(
      client,
      payload.trigger_id,
      'Edit integration',
      () =>
        buildIntegrationEditForm(
          ctx,
          actorOf(payload),
          valueOf(payload),
          { p: parent.id },
          'Confluence refused the saved token. Paste a new one.',
        ),
      ctx.logger,
      'push',
    );
  });
}
