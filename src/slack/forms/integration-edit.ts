/** The integration form prefilled for its owner (token blank), or a polite refusal. */
import { AppError } from '../../errors';
import type { ModalView } from '../blocks/types';
import type { SlackContext } from '../context';
import { ownsIntegration, REFUSALS } from '../permissions/rules';
import { buildIntegrationForm } from './integration-form';
import type { IntegrationMeta } from './metadata';

export async function buildIntegrationEditForm(
  ctx: SlackContext,
  actor: { teamId: string; userId: string },
  integrationId: string,
  meta: Omit<IntegrationMeta, 'i'> = {},
  banner?: string,
): Promise<ModalView> {
  const integration = await ctx.deps.repos.integrations.get(integrationId);
  if (!integration) throw new AppError('not_found', 'That integration no longer exists.');
  if (!ownsIntegration(integration, actor.userId, actor.teamId)) {
    const owner =
      integration.teamId === actor.teamId ? ` Ask <@${integration.ownerId}> to update it.` : '';
    throw new AppError('forbidden', `${REFUSALS.integrationNotYours}${owner}`);
  }
  return buildIntegrationForm(ctx, actor.teamId, actor.userId, {
    meta: { ...meta, i: integration.id },
    existing: integration,
    banner,
  });
}
