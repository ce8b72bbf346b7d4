/**
 * Posts the message a new data source reports under: in the conversation where the command was
 * used, or, when the bot cannot post there (`not_in_channel`, `channel_not_found`), in the bot's
 * DM with the creator. The message's place is saved on the data source for its runs' threads.
 */
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { DataSource, Integration, Project } from '../../domain/models';
import type { Logger } from '../../logging/logger';
import type { Repositories } from '../deps';
import { errorCodeOf } from '../handlers/support/modal';
import { progressMessage } from '../views/progress-message';
import { context } from '../blocks/kit';
import { withRateLimitRetry } from './slack-retry';

const postedSchema = z.object({ channel: z.string(), ts: z.string() });
const openedSchema = z.object({ channel: z.object({ id: z.string() }) });

/** Errors meaning "the bot may not post in that conversation". */
const CANNOT_POST = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'restricted_action',
]);

export async function announceDataSource(options: {
  client: WebClient;
  repos: Repositories;
  logger: Logger;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  dataSource: DataSource;
  project: Project | null;
  integration: Integration | null;
  /** Conversation of the command, if it came from one. */
  channelId?: string;
}): Promise<DataSource> {
  const { client, dataSource } = options;
  const retry = <T>(call: () => Promise<T>) => withRateLimitRetry(call, { sleep: options.sleep });
  const message = progressMessage({ ...options, run: null, now: options.now() });

  let posted: z.infer<typeof postedSchema> | null = null;
  if (options.channelId) {
    try {
      const channel = options.channelId;
      posted = postedSchema.parse(
        await retry(() => client.chat.postMessage({ channel, ...message, unfurl_links: false })),
      );
    } catch (error) {
      if (!CANNOT_POST.has(errorCodeOf(error) ?? '')) throw error;
      options.logger.info(
        { slackError: errorCodeOf(error) },
        'Cannot post in the channel; using DM',
      );
    }
  }
  if (!posted) {
    const dm = openedSchema.parse(
      await retry(() => client.conversations.open({ users: dataSource.createdBy })),
    );
    const intro = options.channelId
      ? `I could not post in <#${options.channelId}>, so I will keep you posted here.`
      : undefined;
    const blocks = intro ? [context(intro), ...message.blocks] : message.blocks;
    posted = postedSchema.parse(
      await retry(() =>
        client.chat.postMessage({
          channel: dm.channel.id,
          text: message.text,
          blocks,
          unfurl_links: false,
        }),
      ),
    );
  }

  const notify = { channelId: posted.channel, messageTs: posted.ts };
  return (
    (await options.repos.dataSources.update(dataSource.id, { notify })) ?? { ...dataSource, notify }
  );
}
