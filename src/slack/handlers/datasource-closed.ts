/** The data source form was closed without saving: forget the draft kept for it, if any. */
import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { SlackContext } from '../context';
import { DATASOURCE_CALLBACK } from '../views/datasource-modal';

const closedSchema = z.object({ view: z.object({ id: z.string().min(1) }) });

export function registerDataSourceClosed(app: App, ctx: SlackContext): void {
  app.view({ callback_id: DATASOURCE_CALLBACK, type: 'view_closed' }, async ({ ack, body }) => {
    await ack();
    const parsed = closedSchema.safeParse(body);
    if (parsed.success) ctx.drafts.delete(parsed.data.view.id);
  });
}
