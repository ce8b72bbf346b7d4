/** `/datasource list`: the same overview as App Home, as an ephemeral message. */
import { BLOCK_LIMITS } from '../../blocks/limits';
import { collectOverview } from '../../home/overview';
import { overviewBlocks } from '../../views/overview-blocks';
import type { CommandRequest } from './request';

export async function listDataSources({ ctx, payload, respond }: CommandRequest): Promise<void> {
  const groups = await collectOverview(
    { repos: ctx.deps.repos, admins: ctx.admins },
    payload.team_id,
    payload.user_id,
  );
  const total = groups.reduce((n, g) => n + g.entries.length, 0);
  await respond({
    response_type: 'ephemeral',
    text: `${total} data source${total === 1 ? '' : 's'}`,
    blocks: overviewBlocks(
      groups,
      ctx.now(),
      BLOCK_LIMITS.messageBlocks,
      'Open the App Home tab of Datasource Bot to see them all.',
    ),
  });
}
