/**
 * Edit and Delete beside each integration in `/datasource integrations` (owners only), and the
 * confirmed deletion. An integration still used by data sources is not deleted.
 */
import type { App } from '@slack/bolt';
import { z } from 'zod';
import { AppError, toAppError } from '../../errors';
import type { ModalView } from '../blocks/types';
import type { SlackContext } from '../context';
import { buildIntegrationEditForm } from '../forms/integration-edit';
import { teamOf, viewPayloadSchema } from '../forms/state';
import { ownsIntegration, REFUSALS } from '../permissions/rules';
import { escapeMrkdwn } from '../blocks/limits';
import {
  INTEGRATION_DELETE_CALLBACK,
  integrationDeleteModal,
} from '../views/integration-delete-modal';
import { INTEGRATION_ACTIONS } from '../views/integrations-message';
import { noticeModal } from '../views/simple-modals';
import { valueOf } from './support/action-payload';
import { type Actor, onModalButton } from './support/modal-button';

export function registerIntegrationActions(app: App, ctx: SlackContext): void {
  onModalButton(app, ctx, INTEGRATION_ACTIONS.edit, 'Edit integration', (actor, payload) =>
    buildIntegrationEditForm(ctx, actor, valueOf(payload)),
  );

  onModalButton(app, ctx, INTEGRATION_ACTIONS.delete, 'Delete integration', (actor, payload) =>
    deleteConfirmation(ctx, actor, valueOf(payload)),
  );

  app.view(INTEGRATION_DELETE_CALLBACK, async ({ ack, body }) => {
    const payload = viewPayloadSchema.parse(body);
    const actor = { teamId: teamOf(payload), userId: payload.user.id };
    const text = await deleteIntegration(ctx, actor, payload.view.private_metadata);
    await ack({ response_action: 'update', view: noticeModal('Delete integration', text) });
  });
}

/** The confirmation modal for deleting an integration, refused unless the clicker owns it. */
async function deleteConfirmation(ctx: SlackContext, actor: Actor, id: string): Promise<ModalView> {
  const integration = await ctx.deps.repos.integrations.get(id);
  if (!integration) throw new AppError('not_found', 'That integration no longer exists.');
  if (!ownsIntegration(integration, actor.userId, actor.teamId)) {
    throw new AppError('forbidden', REFUSALS.integrationNotYours);
  }
  return integrationDeleteModal(integration);
}

async function deleteIntegration(
  ctx: SlackContext,
  actor: { teamId: string; userId: string },
  privateMetadata: string | undefined,
): Promise<string> {
  try {
    const { i: id } = z
      .object({ i: z.string().min(1).max(64) })
      .parse(JSON.parse(privateMetadata || '{}'));
    const integration = await ctx.deps.repos.integrations.get(id);
    if (!integration) return 'That integration no longer exists.';
    if (!ownsIntegration(integration, actor.userId, actor.teamId))
      return REFUSALS.integrationNotYours;
    const users = (await ctx.deps.repos.dataSources.list(actor.teamId)).filter(
      (d) => d.integrationId === integration.id,
    );
    if (users.length > 0) {
      const names = users
        .slice(0, 10)
        .map((d) => `*${escapeMrkdwn(d.name)}*`)
        .join(', ');
      return `*${escapeMrkdwn(integration.alias)}* is still used by ${names}. Edit or delete them first.`;
    }
    await ctx.deps.repos.integrations.delete(integration.id);
    return `🗑️ *${escapeMrkdwn(integration.alias)}* is deleted.`;
  } catch (error) {
    return `Deleting failed: ${toAppError(error).message}`;
  }
}
