/** Builds the integration form for a user, empty or prefilled from an integration they own. */
import type { Integration } from '../../domain/models';
import type { ModalView } from '../blocks/types';
import type { SlackContext } from '../context';
import { integrationModal, PERSONAL, type IntegrationFormModel } from '../views/integration-modal';
import { encodeMeta, type IntegrationMeta } from './metadata';

export async function buildIntegrationForm(
  ctx: SlackContext,
  teamId: string,
  userId: string,
  options: {
    meta: IntegrationMeta;
    /** Prefill from this integration (token left blank). */
    existing?: Integration | null;
    banner?: string | null;
  } & Partial<Pick<IntegrationFormModel, 'values' | 'fieldNotes' | 'tokenHint'>>,
): Promise<ModalView> {
  const projects = await ctx.deps.repos.projects.listForMember(teamId, userId);
  const existing = options.existing;
  const values = options.values ?? (existing ? valuesOf(existing) : {});
  return integrationModal({
    editing: existing ? { secretHint: existing.secretHint } : null,
    values,
    projects: [...projects].sort((a, b) => a.name.localeCompare(b.name)),
    banner: options.banner,
    fieldNotes: options.fieldNotes,
    tokenHint: options.tokenHint,
    privateMetadata: encodeMeta(options.meta),
  });
}

function valuesOf(integration: Integration) {
  return {
    alias: integration.alias,
    deployment: integration.deployment,
    baseUrl: integration.baseUrl,
    email: integration.email ?? null,
    share: integration.sharedWithProjectId ?? PERSONAL,
  };
}
