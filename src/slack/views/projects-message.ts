/** `/datasource projects`: the projects the user is in, each with its members. */
import type { Project } from '../../domain/models';
import { context, section, type Block } from '../blocks/kit';
import { BLOCK_LIMITS, escapeMrkdwn, fitBlocks } from '../blocks/limits';

export function projectsMessage(projects: Project[]): {
  response_type: 'ephemeral';
  text: string;
  blocks: Block[];
} {
  const tip =
    'Add people with `/datasource project add PROJECT @person`; ' +
    'only members and workspace admins can.';
  if (projects.length === 0) {
    const none =
      'You are not in any project yet. Create one in `/datasource create`, or ask a ' +
      'project member to add you.';
    return { response_type: 'ephemeral', text: none, blocks: [section(none)] };
  }
  const rows = projects.map((p) =>
    section(`*${escapeMrkdwn(p.name)}*\n${p.memberIds.map((id) => `<@${id}>`).join(', ')}`),
  );
  const blocks = fitBlocks<Block>(rows, BLOCK_LIMITS.messageBlocks - 1, (omitted) =>
    context(`…and ${omitted} more project${omitted === 1 ? '' : 's'}.`),
  );
  return {
    response_type: 'ephemeral',
    text: `${projects.length} project${projects.length === 1 ? '' : 's'}`,
    blocks: [...blocks, context(tip)],
  };
}
