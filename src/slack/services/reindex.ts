/**
 * Asking for a run now, from `/datasource reindex`, the Reindex buttons and "Retry now" in a
 * thread. Only the creator and workspace admins may; the answer is a sentence for the user.
 */
import type { DataSource, RunTrigger } from '../../domain/models';
import { toAppError } from '../../errors';
import { escapeMrkdwn } from '../blocks/limits';
import type { SlackContext } from '../context';
import { canManageDataSource, REFUSALS } from '../permissions/rules';

export async function requestReindex(
  ctx: SlackContext,
  teamId: string,
  userId: string,
  dataSource: DataSource,
  trigger: Extract<RunTrigger, 'manual' | 'retry'>,
): Promise<string> {
  if (!(await canManageDataSource(dataSource, userId, teamId, ctx.admins))) {
    return REFUSALS.manageDataSource(escapeMrkdwn(dataSource.name), dataSource.createdBy);
  }
  try {
    const run = await ctx.deps.jobs.requestRun(dataSource.id, trigger, userId);
    const where = dataSource.notify ? ' Progress shows in its thread and in App Home.' : '';
    const already = run.requestedBy !== userId && run.status === 'running';
    return already
      ? `*${escapeMrkdwn(dataSource.name)}* is already being indexed.${where}`
      : `Reindexing *${escapeMrkdwn(dataSource.name)}* now.${where}`;
  } catch (error) {
    const appError = toAppError(error);
    if (appError.code === 'internal') ctx.logger.error({ err: error }, 'Could not queue a run');
    return `I could not start indexing *${escapeMrkdwn(dataSource.name)}*: ${escapeMrkdwn(appError.message)}`;
  }
}
