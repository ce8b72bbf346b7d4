/** `/datasource integrations`: the integrations the user owns or may use, never their secrets. */
import { integrationsMessage } from '../../views/integrations-message';
import type { CommandRequest } from './request';

export async function listIntegrations({ ctx, payload, respond }: CommandRequest): Promise<void> {
  const { integrations, projects } = ctx.deps.repos;
  const memberOf = await projects.listForMember(payload.team_id, payload.user_id);
  const usable = await integrations.listUsableBy(
    payload.team_id,
    payload.user_id,
    memberOf.map((p) => p.id),
  );
  const owned = usable.filter((i) => i.ownerId === payload.user_id);
  const shared = usable.filter(
    (i) => i.ownerId !== payload.user_id && memberOf.some((p) => p.id === i.sharedWithProjectId),
  );
  await respond(integrationsMessage(owned, shared, memberOf));
}
