/**
 * Confirmed deletion of a data source: its schedule is cancelled, then the data source is removed
 * with its runs, documents and chunks, and its thread says who deleted it.
 */
import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { SlackContext } from '../context';
import { loadDataSource } from '../forms/datasource-edit';
import { teamOf, viewPayloadSchema } from '../forms/state';
import { canManageDataSource, REFUSALS } from '../permissions/rules';
import { escapeMrkdwn } from '../blocks/limits';
import { withRateLimitRetry } from '../services/slack-retry';
import { DELETE_CALLBACK } from '../views/delete-modal';
import { noticeModal } from '../views/simple-modals';
import { updateModal } from './support/modal';
import { toAppError } from '../../errors';

const metaSchema = z.object({ ds: z.string().min(1).max(64) });

export function registerDeleteSubmit(app: App, ctx: SlackContext): void {
  app.view(DELETE_CALLBACK, async ({ ack, body, client }) => {
    const payload = viewPayloadSchema.parse(body);
    const actor = { teamId: teamOf(payload), userId: payload.user.id };
    const meta = metaSchema.safeParse(JSON.parse(payload.view.private_metadata || '{}'));
    if (!meta.success) {
      await ack({
        response_action: 'update',
        view: noticeModal('Delete data source', 'This form is out of date.'),
      });
      return;
    }

    // Who may: checked again on submit, the confirmation may be old.
    let dataSource;
    try {
      dataSource = await loadDataSource(ctx, actor.teamId, meta.data.ds);
    } catch (error) {
      await ack({
        response_action: 'update',
        view: noticeModal('Delete data source', escapeMrkdwn(toAppError(error).message)),
      });
      return;
    }
    if (!(await canManageDataSource(dataSource, actor.userId, actor.teamId, ctx.admins))) {
      const refusal = REFUSALS.manageDataSource(
        escapeMrkdwn(dataSource.name),
        dataSource.createdBy,
      );
      await ack({ response_action: 'update', view: noticeModal('Delete data source', refusal) });
      return;
    }
    await ack({
      response_action: 'update',
      view: noticeModal('Delete data source', '⏳ Deleting…'),
    });

    // Schedule first, so no run starts on a half-deleted data source.
    let outcome: string;
    try {
      await ctx.deps.jobs.cancelSchedule(dataSource.id);
      await ctx.deps.repos.dataSources.delete(dataSource.id);
      ctx.logger.info({ dataSourceId: dataSource.id }, 'Data source deleted');
      outcome = `🗑️ *${escapeMrkdwn(dataSource.name)}* is deleted, with everything indexed from it.`;
    } catch (error) {
      ctx.logger.error(
        { err: error, dataSourceId: dataSource.id },
        'Deleting a data source failed',
      );
      outcome = `⚠️ Deleting *${escapeMrkdwn(dataSource.name)}* failed: ${escapeMrkdwn(toAppError(error).message)}`;
    }
    await updateModal(
      client,
      { viewId: payload.view.id },
      noticeModal('Delete data source', outcome),
      ctx.logger,
    );

    if (dataSource.notify) {
      const { channelId, messageTs } = dataSource.notify;
      const text = `🗑️ <@${actor.userId}> deleted this data source.`;
      await withRateLimitRetry(
        () => ctx.background.chat.postMessage({ channel: channelId, thread_ts: messageTs, text }),
        { sleep: ctx.sleep },
      ).catch((error: unknown) => ctx.logger.warn({ err: error }, 'Could not post the deletion'));
    }
    ctx.homes.refreshFor(dataSource);
  });
}
