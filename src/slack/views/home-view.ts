/** The App Home tab: quick actions, then the data sources by project. */
import { actions, button, context, header, section, type Block } from '../blocks/kit';
import { BLOCK_LIMITS } from '../blocks/limits';
import type { HomeView } from '../blocks/types';
import type { OverviewGroup } from '../home/overview';
import { overviewBlocks } from './overview-blocks';
import { slackDate } from './format';

export const HOME_ACTIONS = {
  create: 'home_create',
  addIntegration: 'home_add_integration',
  integrations: 'home_integrations',
} as const;

export function homeView(groups: OverviewGroup[], now: Date): HomeView {
  const top: Block[] = [
    header('Datasource Bot'),
    section(
      'Confluence pages, kept indexed and searchable. Everything here refreshes as runs progress.',
    ),
    actions('home_quick', [
      button('Add data source', HOME_ACTIONS.create, { style: 'primary' }),
      button('Add Confluence integration', HOME_ACTIONS.addIntegration),
    ]),
  ];
  const bottom: Block[] = [
    context(`Updated ${slackDate(now)} · \`/datasource help\` lists the commands.`),
  ];
  const room = BLOCK_LIMITS.viewBlocks - top.length - bottom.length;
  return {
    type: 'home',
    blocks: [
      ...top,
      ...overviewBlocks(groups, now, room, 'Use `/datasource list` or ask an admin to tidy up.'),
      ...bottom,
    ],
  };
}
