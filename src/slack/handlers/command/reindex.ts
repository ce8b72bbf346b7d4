/** `/datasource reindex NAME`: queues a run now and says so. */
import { findDataSourceByRef, lookupProblem } from '../../lookup/datasource-ref';
import { requestReindex } from '../../services/reindex';
import { noticeMessage } from '../../views/help-message';
import type { CommandRequest } from './request';

export async function reindexByName(
  { ctx, payload, respond }: CommandRequest,
  ref: string,
): Promise<void> {
  const lookup = await findDataSourceByRef(ctx.deps.repos, payload.team_id, ref);
  const problem = lookupProblem(lookup, ref, 'reindex');
  if (problem || lookup.kind !== 'found') {
    await respond(noticeMessage(problem ?? ''));
    return;
  }
  const answer = await requestReindex(
    ctx,
    payload.team_id,
    payload.user_id,
    lookup.match.dataSource,
    'manual',
  );
  await respond(noticeMessage(answer));
}
