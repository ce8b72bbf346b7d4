/** `view.state.values` of the integration form, parsed into what the person typed. */
import { z } from 'zod';
import type { Deployment } from '../../domain/models';
import { blockState, cleanText, selectState, textInputState } from '../forms/state';
import { INTEGRATION_BLOCKS as B } from '../views/integration-modal';

export const integrationStateSchema = z.object({
  [B.alias]: blockState('alias', textInputState),
  [B.deployment]: blockState('deployment', selectState),
  [B.baseUrl]: blockState('base_url', textInputState),
  [B.email]: blockState('email', textInputState).optional(),
  [B.token]: blockState('token', textInputState),
  [B.share]: blockState('share', selectState),
});

export interface IntegrationInput {
  alias: string | null;
  deployment: Deployment;
  baseUrl: string | null;
  email: string | null;
  /** Only in memory, for the check and sealing; never logged, echoed or put in metadata. */
  token: string | null;
  /** Project id or `personal`. */
  share: string;
}

export function readIntegrationInput(values: unknown): IntegrationInput {
  const state = integrationStateSchema.parse(values);
  const deployment = state[B.deployment].deployment.selected_option?.value;
  return {
    alias: cleanText(state[B.alias].alias.value),
    deployment: deployment === 'datacenter' ? 'datacenter' : 'cloud',
    baseUrl: cleanText(state[B.baseUrl].base_url.value),
    email: cleanText(state[B.email]?.email.value),
    token: cleanText(state[B.token].token.value),
    share: state[B.share].share.selected_option?.value ?? 'personal',
  };
}
