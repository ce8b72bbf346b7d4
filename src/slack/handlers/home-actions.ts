/** App Home: publishing it when opened, and its quick-action buttons. */
import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { SlackContext } from '../context';
import { buildDataSourceForm } from '../forms/datasource-form';
import { buildIntegrationForm } from '../forms/integration-form';
import { encodeMeta } from '../forms/metadata';
import { HOME_ACTIONS } from '../views/home-view';
import { onModalButton } from './support/modal-button';

const homeOpenedSchema = z.object({
  user: z.string().min(1),
  tab: z.string().optional(),
});

export function registerHome(app: App, ctx: SlackContext): void {
  app.event('app_home_opened', async ({ event, body }) => {
    const parsed = homeOpenedSchema.safeParse(event);
    if (!parsed.success || (parsed.data.tab && parsed.data.tab !== 'home')) return;
    const teamId = z.object({ team_id: z.string() }).safeParse(body);
    await ctx.homes.publish(teamId.success ? teamId.data.team_id : '', parsed.data.user);
  });

  // No conversation: the progress message goes to the user's DM with the bot.
  onModalButton(app, ctx, HOME_ACTIONS.create, 'Add data source', (actor) =>
    buildDataSourceForm(ctx, actor.teamId, actor.userId, {
      editing: false,
      values: {},
      privateMetadata: encodeMeta({}),
    }),
  );

  onModalButton(app, ctx, HOME_ACTIONS.addIntegration, 'Add integration', (actor) =>
    buildIntegrationForm(ctx, actor.teamId, actor.userId, { meta: {} }),
  );
}
