/** `/datasource search` results: the best matches as links with their snippets. */
import type { DataSource, SearchHit } from '../../domain/models';
import { context, section, type Block } from '../blocks/kit';
import { BLOCK_LIMITS, escapeMrkdwn, fitBlocks, mrkdwnLink, truncate } from '../blocks/limits';

export function searchMessage(
  query: string,
  hits: SearchHit[],
  dataSources: DataSource[],
): { response_type: 'ephemeral'; text: string; blocks: Block[] } {
  const shownQuery = escapeMrkdwn(truncate(query, 200));
  if (hits.length === 0) {
    return {
      response_type: 'ephemeral',
      text: `Nothing found for ${shownQuery}`,
      blocks: [
        section(
          `Nothing indexed matches *${shownQuery}*. Try other words, or check \`/datasource list\`.`,
        ),
      ],
    };
  }
  const nameOf = (id: string) =>
    dataSources.find((d) => d.id === id)?.name ?? 'deleted data source';
  const blocks: Block[] = [section(`Best matches for *${shownQuery}*:`)];
  for (const hit of hits) {
    const trail = [...hit.breadcrumb, ...hit.headingPath].slice(-4).map(escapeMrkdwn).join(' › ');
    const snippet = escapeMrkdwn(truncate(hit.snippet.replace(/\s+/g, ' '), 600));
    blocks.push(
      section(`*${mrkdwnLink(hit.url, hit.title)}*${trail ? `\n_${trail}_` : ''}\n${snippet}`),
      context(`${escapeMrkdwn(hit.spaceKey)} · ${escapeMrkdwn(nameOf(hit.dataSourceId))}`),
    );
  }
  return {
    response_type: 'ephemeral',
    text: `${hits.length} matches for ${shownQuery}`,
    blocks: fitBlocks(blocks, BLOCK_LIMITS.messageBlocks, (n) => context(`…${n} more not shown.`)),
  };
}
