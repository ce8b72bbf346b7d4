/** `/datasource integrations`: the user's own integrations (with actions) and shared ones. */
import type { Integration, Project } from '../../domain/models';
import { actions, button, context, section, type Block } from '../blocks/kit';
import { BLOCK_LIMITS, escapeMrkdwn, fitBlocks } from '../blocks/limits';
import { slackDate } from './format';

export const INTEGRATION_ACTIONS = {
  edit: 'integration_edit',
  delete: 'integration_delete',
} as const;

export function integrationsMessage(
  owned: Integration[],
  shared: Integration[],
  projects: Project[],
): { response_type: 'ephemeral'; text: string; blocks: Block[] } {
  const projectName = (id?: string | null) => projects.find((p) => p.id === id)?.name;
  const blocks: Block[] = [];
  if (owned.length === 0 && shared.length === 0) {
    blocks.push(
      section(
        'You have no Confluence integration yet. Add one with `/datasource integration add`.',
      ),
    );
  }
  for (const integration of owned) {
    const sharing = integration.sharedWithProjectId
      ? `shared with project ${escapeMrkdwn(projectName(integration.sharedWithProjectId) ?? '(deleted)')}`
      : 'personal';
    blocks.push(
      section(
        `*${escapeMrkdwn(integration.alias)}* · ${integration.deployment === 'cloud' ? 'Cloud' : 'Data Center'}\n` +
          `${escapeMrkdwn(integration.baseUrl)} · token ${escapeMrkdwn(integration.secretHint)} · ${sharing}\n` +
          `Verified ${slackDate(integration.verifiedAt)}${integration.verifiedAs ? ` as ${escapeMrkdwn(integration.verifiedAs)}` : ''}`,
        `int_${integration.id}`,
      ),
      actions(`int_actions_${integration.id}`, [
        button('Edit', INTEGRATION_ACTIONS.edit, { value: integration.id }),
        button('Delete', INTEGRATION_ACTIONS.delete, { value: integration.id, style: 'danger' }),
      ]),
    );
  }
  if (shared.length > 0) {
    const lines = shared.map(
      (i) =>
        `• *${escapeMrkdwn(i.alias)}* (${escapeMrkdwn(i.baseUrl)}), shared by <@${i.ownerId}> with ` +
        `project ${escapeMrkdwn(projectName(i.sharedWithProjectId) ?? '?')}`,
    );
    blocks.push(section(`*Shared with you*\n${lines.join('\n')}`));
  }
  return {
    response_type: 'ephemeral',
    text: `${owned.length + shared.length} Confluence integrations`,
    blocks: fitBlocks(blocks, BLOCK_LIMITS.messageBlocks, (n) =>
      context(`…and ${n} more blocks not shown.`),
    ),
  };
}
