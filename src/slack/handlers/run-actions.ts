/**
 * Buttons in run replies: "Retry now" queues a run, "Edit the query" opens the data source form,
 * "Update the integration" opens the integration form prefilled (token blank, owner only).
 */
import type { App } from '@slack/bolt';
import { toAppError } from '../../errors';
import type { SlackContext } from '../context';
import { buildEditForm, loadDataSource } from '../forms/datasource-edit';
import { buildIntegrationEditForm } from '../forms/integration-edit';
import { requestReindex } from '../services/reindex';
import { RUN_ACTIONS } from '../views/run-replies';
import { actionPayloadSchema, actorOf, valueOf } from './support/action-payload';
import { openThenFill } from './support/modal';
import { tell } from './support/tell';

export function registerRunActions(app: App, ctx: SlackContext): void {
  app.action(RUN_ACTIONS.retry, async ({ ack, body, respond, client }) => {
    await ack();
    const payload = actionPayloadSchema.parse(body);
    const actor = actorOf(payload);
    const audience = {
      userId: actor.userId,
      respond: payload.response_url ? respond : undefined,
      triggerId: payload.trigger_id,
    };
    try {
      const dataSource = await loadDataSource(ctx, actor.teamId, valueOf(payload));
      await tell(
        client,
        audience,
        await requestReindex(ctx, actor.teamId, actor.userId, dataSource, 'retry'),
        ctx.logger,
      );
    } catch (error) {
      await tell(client, audience, toAppError(error).message, ctx.logger);
    }
  });

  app.action(RUN_ACTIONS.editQuery, async ({ ack, body, client }) => {
    await ack();
    const payload = actionPayloadSchema.parse(body);
    const actor = actorOf(payload);
    await openThenFill(
      client,
      payload.trigger_id,
      'Edit data source',
      async () => {
        const dataSource = await loadDataSource(ctx, actor.teamId, valueOf(payload));
        return buildEditForm(ctx, actor.teamId, actor.userId, dataSource);
      },
      ctx.logger,
    );
  });

  app.action(RUN_ACTIONS.updateIntegration, async ({ ack, body, client }) => {
    await ack();
    const payload = actionPayloadSchema.parse(body);
    await openThenFill(
      client,
      payload.trigger_id,
      'Edit integration',
      () =>
        buildIntegrationEditForm(
          ctx,
          actorOf(payload),
          valueOf(payload),
          {},
          'Paste a new token, then use "Retry now" in the thread.',
        ),
      ctx.logger,
    );
  });
}
