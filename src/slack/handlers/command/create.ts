/** `/datasource create`: opens the data source form at once, then fills in the choices. */
import { buildDataSourceForm } from '../../forms/datasource-form';
import { encodeMeta } from '../../forms/metadata';
import { openThenFill } from '../support/modal';
import type { CommandRequest } from './request';

export async function openCreateForm({
  ctx,
  client,
  payload,
  respond,
}: CommandRequest): Promise<void> {
  const opened = await openThenFill(
    client,
    payload.trigger_id,
    'Add data source',
    () =>
      buildDataSourceForm(ctx, payload.team_id, payload.user_id, {
        editing: false,
        values: {},
        privateMetadata: encodeMeta({ ch: payload.channel_id }),
      }),
    ctx.logger,
  );
  if (!opened) await respond(tooSlow());
}

/** Said when Slack refused to open a modal (the trigger expired). */
export function tooSlow() {
  return {
    response_type: 'ephemeral' as const,
    text: 'Slack did not let me open the form in time. Please run the command again.',
  };
}
