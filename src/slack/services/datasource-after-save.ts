/**
 * What follows a saved data source form: a new one is announced (the message its runs report
 * under), scheduled and indexed; an edited one is rescheduled, and indexed again when its query
 * or integration changed, with a note in its thread.
 */
import type { SlackContext } from '../context';
import type { DataSourceMeta } from '../forms/metadata';
import { escapeMrkdwn } from '../blocks/limits';
import { announceDataSource } from './announce';
import type { DataSourceOutcome } from './datasource-save';
import { withRateLimitRetry } from './slack-retry';

export async function afterDataSourceSaved(
  ctx: SlackContext,
  actor: { teamId: string; userId: string },
  result: Extract<DataSourceOutcome, { ok: true }>,
  meta: DataSourceMeta,
): Promise<void> {
  const { jobs } = ctx.deps;
  let dataSource = result.dataSource;
  try {
    if (result.created) {
      ctx.logger.info({ dataSourceId: dataSource.id }, 'Data source created');
      dataSource = await announceDataSource({
        client: ctx.background,
        repos: ctx.deps.repos,
        logger: ctx.logger,
        now: ctx.now,
        sleep: ctx.sleep,
        dataSource,
        project: result.project,
        integration: result.integration,
        channelId: meta.ch,
      });
    } else if (result.needsReindex && dataSource.notify) {
      const { channelId, messageTs } = dataSource.notify;
      const text = `✏️ <@${actor.userId}> changed *${escapeMrkdwn(dataSource.name)}*; indexing it again.`;
      await withRateLimitRetry(
        () => ctx.background.chat.postMessage({ channel: channelId, thread_ts: messageTs, text }),
        { sleep: ctx.sleep },
      );
    }
  } catch (error) {
    ctx.logger.warn(
      { err: error, dataSourceId: dataSource.id },
      'Could not post about a data source',
    );
  }

  try {
    await jobs.applySchedule(dataSource);
    if (result.needsReindex) {
      await jobs.requestRun(dataSource.id, result.created ? 'create' : 'manual', actor.userId);
    }
  } catch (error) {
    ctx.logger.error(
      { err: error, dataSourceId: dataSource.id },
      'Could not schedule or start a run',
    );
  }
  ctx.homes.refreshFor(dataSource);
}
