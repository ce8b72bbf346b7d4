/** The `/datasource help` answer, and the short usage answer to a refused command. */
import { context, section, type Block } from '../blocks/kit';
import { NAME_TIP, USAGE, type UsageKey } from '../commands/usage';

export interface EphemeralMessage {
  response_type: 'ephemeral';
  text: string;
  blocks: Block[];
}

export function helpMessage(): EphemeralMessage {
  const lines = (Object.keys(USAGE) as UsageKey[]).map((key) => `• ${USAGE[key]}`);
  return {
    response_type: 'ephemeral',
    text: 'What /datasource can do',
    blocks: [
      section('*Datasource Bot* keeps Confluence pages indexed so they can be searched.'),
      section(lines.join('\n')),
      context(NAME_TIP),
    ],
  };
}

/** `problem` is mrkdwn: callers pass user text through `escapeMrkdwn`. */
export function usageMessage(problem: string, usage: UsageKey[]): EphemeralMessage {
  const lines = usage.map((key) => `• ${USAGE[key]}`);
  return {
    response_type: 'ephemeral',
    text: problem,
    blocks: [section(`${problem}\n${lines.join('\n')}`)],
  };
}

/**
 * A one-sentence ephemeral answer (refusals, confirmations). `text` is mrkdwn: callers pass user
 * text and Confluence's words through `escapeMrkdwn` (refusals built here are mrkdwn on purpose).
 */
export function noticeMessage(text: string): EphemeralMessage {
  return { response_type: 'ephemeral', text, blocks: [section(text)] };
}
