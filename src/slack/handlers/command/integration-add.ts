/** `/datasource integration add`: opens the integration form at once, then lists projects. */
import { buildIntegrationForm } from '../../forms/integration-form';
import { openThenFill } from '../support/modal';
import { tooSlow } from './create';
import type { CommandRequest } from './request';

export async function openIntegrationForm({
  ctx,
  client,
  payload,
  respond,
}: CommandRequest): Promise<void> {
  const opened = await openThenFill(
    client,
    payload.trigger_id,
    'Add integration',
    () => buildIntegrationForm(ctx, payload.team_id, payload.user_id, { meta: {} }),
    ctx.logger,
  );
  if (!opened) await respond(tooSlow());
}
