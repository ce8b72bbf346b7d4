/** `/datasource search QUERY`: searches every data source of the workspace. */
import { toAppError } from '../../../errors';
import { escapeMrkdwn } from '../../blocks/limits';
import { noticeMessage } from '../../views/help-message';
import { searchMessage } from '../../views/search-message';
import type { CommandRequest } from './request';

/** How many matches are shown. */
const RESULTS = 5;

export async function searchPages(
  { ctx, payload, respond }: CommandRequest,
  query: string,
): Promise<void> {
  const dataSources = await ctx.deps.repos.dataSources.list(payload.team_id);
  if (dataSources.length === 0) {
    await respond(
      noticeMessage(
        'There is nothing to search yet: create a data source with `/datasource create`.',
      ),
    );
    return;
  }
  try {
    const hits = await ctx.deps.search.search(query, {
      dataSourceIds: dataSources.map((d) => d.id),
      limit: RESULTS,
    });
    await respond(searchMessage(query, hits, dataSources));
  } catch (error) {
    const appError = toAppError(error);
    if (appError.code === 'internal') ctx.logger.error({ err: error }, 'Search failed');
    await respond(noticeMessage(`The search failed: ${escapeMrkdwn(appError.message)}`));
  }
}
