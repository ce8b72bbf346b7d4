/** Asks for confirmation before an integration is deleted (refused while data sources use it). */
import type { Integration } from '../../domain/models';
import { plain, section } from '../blocks/kit';
import { BLOCK_LIMITS, escapeMrkdwn } from '../blocks/limits';
import type { ModalView } from '../blocks/types';

export const INTEGRATION_DELETE_CALLBACK = 'integration_delete';

export function integrationDeleteModal(integration: Integration): ModalView {
  return {
    type: 'modal',
    callback_id: INTEGRATION_DELETE_CALLBACK,
    title: plain('Delete integration', BLOCK_LIMITS.viewTitle),
    submit: plain('Delete', BLOCK_LIMITS.viewTitle),
    close: plain('Keep it', BLOCK_LIMITS.viewTitle),
    private_metadata: JSON.stringify({ i: integration.id }),
    blocks: [
      section(
        `Delete *${escapeMrkdwn(integration.alias)}* (${escapeMrkdwn(integration.baseUrl)})? ` +
          'Its encrypted token is removed. Data sources cannot use it any more.',
      ),
    ],
  };
}
