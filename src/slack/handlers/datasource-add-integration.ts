/**
 * "Add integration" inside the data source form: keeps what was typed as a draft and pushes the
 * integration form on top; when that one is saved, the data source form is redrawn with the new
 * integration selected (see `services/parent-form.ts`).
 */
import type { App } from '@slack/bolt';
import type { SlackContext } from '../context';
import { buildIntegrationForm } from '../forms/integration-form';
import { DATASOURCE_ACTIONS } from '../views/datasource-modal';
import { saveParentDraft } from '../services/parent-form';
import { actionPayloadSchema, actorOf } from './support/action-payload';
import { openThenFill } from './support/modal';

export function registerAddIntegrationFromForm(app: App, ctx: SlackContext): void {
  app.action(DATASOURCE_ACTIONS.addIntegration, async ({ ack, body, client }) => {
    await ack();
    const payload = actionPayloadSchema.parse(body);
    if (!payload.view) return;
    const actor = actorOf(payload);
    const parent = payload.view;
    saveParentDraft(ctx, parent);
    await openThenFill(
      client,
      payload.trigger_id,
      'Add integration',
      () => buildIntegrationForm(ctx, actor.teamId, actor.userId, { meta: { p: parent.id } }),
      ctx.logger,
      'push',
    );
  });
}
