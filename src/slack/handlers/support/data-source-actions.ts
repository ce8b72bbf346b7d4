/**
 * Buttons whose value is a data source id (overview rows, run replies): opening a modal about
 * that data source, or asking for a run of it. The data source is loaded, for this team, only
 * after Slack has been acknowledged and the modal opened.
 */
import type { App } from '@slack/bolt';
import type { DataSource } from '../../../domain/models';
import { toAppError } from '../../../errors';
import type { ModalView } from '../../blocks/types';
import type { SlackContext } from '../../context';
import { loadDataSource } from '../../forms/datasource-edit';
import { requestReindex } from '../../services/reindex';
import { actionPayloadSchema, actorOf, valueOf } from './action-payload';
import { type Actor, onModalButton } from './modal-button';
import { tell } from './tell';

/**
 * Registers a button that opens a modal titled `title` about the clicked data source. `build`
 * receives the loaded data source and the clicker; a missing or foreign data source shows as the
 * modal's notice instead (see `openThenFill`).
 */
export function onDataSourceModal(
  app: App,
  ctx: SlackContext,
  actionId: string,
  title: string,
  build: (dataSource: DataSource, actor: Actor) => Promise<ModalView>,
): void {
  onModalButton(app, ctx, actionId, title, async (actor, payload) => {
    const dataSource = await loadDataSource(ctx, actor.teamId, valueOf(payload));
    return build(dataSource, actor);
  });
}

/** Options of `onDataSourceReindex`. */
export interface ReindexButtonOptions {
  /** Republish the App Homes showing the data source after answering. Default false. */
  refreshHome?: boolean;
}

/**
 * Registers a button that asks for a run of the clicked data source with `trigger` ('manual'
 * for Reindex, 'retry' for "Retry now"). The answer, or the error's message, is told to the
 * clicker where they are: an ephemeral reply, a small modal from App Home, else a DM.
 */
export function onDataSourceReindex(
  app: App,
  ctx: SlackContext,
  actionId: string,
  trigger: 'manual' | 'retry',
  options: ReindexButtonOptions = {},
): void {
  app.action(actionId, async ({ ack, body, respond, client }) => {
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
      const answer = await requestReindex(ctx, actor.teamId, actor.userId, dataSource, trigger);
      await tell(client, audience, answer, ctx.logger);
      if (options.refreshHome) ctx.homes.refreshFor(dataSource);
    } catch (error) {
      await tell(client, audience, toAppError(error).message, ctx.logger);
    }
  });
}
