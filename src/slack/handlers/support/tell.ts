/**
 * Telling one person something politely (a refusal, a confirmation) wherever they are: as an
 * ephemeral reply when the request came with a response URL, in a small modal when it came from
 * App Home (a trigger but no response URL), else in the bot's DM with them.
 */
import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../../logging/logger';
import { noticeMessage } from '../../views/help-message';
import { noticeModal } from '../../views/simple-modals';

export interface Audience {
  userId: string;
  /** Bolt's respond(), present when the payload had a response URL. */
  respond?: RespondFn;
  triggerId?: string;
}

export async function tell(
  client: WebClient,
  audience: Audience,
  text: string,
  logger: Logger,
): Promise<void> {
  try {
    if (audience.respond) {
      await audience.respond({ ...noticeMessage(text), replace_original: false });
      return;
    }
    if (audience.triggerId) {
      await client.views.open({
        trigger_id: audience.triggerId,
        view: noticeModal('Datasource Bot', text),
      });
      return;
    }
    const opened = await client.conversations.open({ users: audience.userId });
    const channel = opened.channel?.id;
    if (channel) await client.chat.postMessage({ channel, ...noticeMessage(text) });
  } catch (error) {
    logger.warn({ err: error }, 'Could not tell a user something');
  }
}
