/**
 * The buttons beside each data source in App Home and `/datasource list`: Reindex, Edit, Delete
 * and View failures. Modals open at once; permissions are checked before anything changes.
 */
import type { App } from '@slack/bolt';
import { toAppError } from '../../errors';
import type { SlackContext } from '../context';
import { buildDeleteConfirmation } from '../forms/datasource-delete';
import { buildEditForm, loadDataSource } from '../forms/datasource-edit';
import { requestReindex } from '../services/reindex';
import { failuresModal } from '../views/failures-modal';
import { OVERVIEW_ACTIONS } from '../views/overview-blocks';
import { actionPayloadSchema, actorOf, valueOf } from './support/action-payload';
import { openThenFill } from './support/modal';
import { tell } from './support/tell';

export function registerOverviewActions(app: App, ctx: SlackContext): void {
  app.action(OVERVIEW_ACTIONS.reindex, async ({ ack, body, respond, client }) => {
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
      const answer = await requestReindex(ctx, actor.teamId, actor.userId, dataSource, 'manual');
      await tell(client, audience, answer, ctx.logger);
      ctx.homes.refreshFor(dataSource);
    } catch (error) {
      await tell(client, audience, toAppError(error).message, ctx.logger);
    }
  });

  app.action(OVERVIEW_ACTIONS.edit, async ({ ack, body, client }) => {
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

  app.action(OVERVIEW_ACTIONS.delete, async ({ ack, body, client }) => {
    await ack();
    const payload = actionPayloadSchema.parse(body);
    const actor = actorOf(payload);
    await openThenFill(
      client,
      payload.trigger_id,
      'Delete data source',
      async () => {
        const dataSource = await loadDataSource(ctx, actor.teamId, valueOf(payload));
        return buildDeleteConfirmation(ctx, actor.teamId, actor.userId, dataSource);
      },
      ctx.logger,
    );
  });

  app.action(OVERVIEW_ACTIONS.failures, async ({ ack, body, client }) => {
    await ack();
    const payload = actionPayloadSchema.parse(body);
    const actor = actorOf(payload);
    await openThenFill(
      client,
      payload.trigger_id,
      'Failures',
      async () => {
        const dataSource = await loadDataSource(ctx, actor.teamId, valueOf(payload));
        return failuresModal(dataSource, await ctx.deps.repos.runs.latest(dataSource.id));
      },
      ctx.logger,
    );
  });
}
