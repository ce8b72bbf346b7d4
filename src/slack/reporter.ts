/**
 * The Slack side of `RunReporter`: keeps a data source's message up to date as its runs progress
 * (edited in place, at most once per `progressIntervalMs` per message), replies in its thread when
 * a run ends (a summary, and failures per kind with buttons), and refreshes App Home.
 *
 * Uses the background client, which rejects rate-limited calls at once: a rate-limited progress
 * edit is skipped (the next one or the summary shows newer counts); the final edit and the replies
 * are retried after Slack's Retry-After, so the summary is never lost. Edits of one message are
 * made one after the other, so an older progress edit never lands after the summary. The methods
 * return once the work is queued: a slow or rate-limited Slack never holds up indexing.
 */
import type { WebClient } from '@slack/web-api';
import type { DataSource, IndexRun } from '../domain/models';
import type { RunReporter } from '../domain/ports';
import type { Logger } from '../logging/logger';
import type { Repositories } from './deps';
import type { HomePublisher } from './home/publisher';
import { errorCodeOf } from './handlers/support/modal';
import { retryAfterOf, withRateLimitRetry } from './services/slack-retry';
import { progressMessage } from './views/progress-message';
import { failureReply, pageFailuresReply, summaryReply, type Reply } from './views/run-replies';

export interface SlackReporterOptions {
  client: WebClient;
  repos: Repositories;
  homes: HomePublisher;
  logger: Logger;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** Least time between two edits of one message, in ms (Slack: chat.update is tier 3). */
  progressIntervalMs: number;
}

export interface SlackReporter extends RunReporter {
  /** Resolves when every message edit and reply queued so far is done (shutdown, tests). */
  idle(): Promise<void>;
}

export function createSlackReporter(options: SlackReporterOptions): SlackReporter {
  const { client, repos, logger, now } = options;
  const lastEdit = new Map<string, number>();
  const pausedUntil = new Map<string, number>();
  const chains = new Map<string, Promise<void>>();

  /** Runs `task` after the earlier tasks for the same message. */
  const enqueue = (key: string, task: () => Promise<void>): Promise<void> => {
    const previous = chains.get(key) ?? Promise.resolve();
    const next = previous.then(task).catch((error: unknown) => {
      logger.warn(
        { err: error, slackError: errorCodeOf(error) },
        'Could not report a run in Slack',
      );
    });
    chains.set(key, next);
    void next.then(() => {
      if (chains.get(key) === next) chains.delete(key);
    });
    return next;
  };

  const retry = <T>(call: () => Promise<T>) =>
    withRateLimitRetry(call, { sleep: options.sleep, attempts: 10 });

  const keyOf = (dataSource: DataSource) =>
    `${dataSource.notify?.channelId}:${dataSource.notify?.messageTs}`;

  /** Redraws the data source's message for `run`. */
  const editMessage = async (dataSource: DataSource, run: IndexRun, final: boolean) => {
    const notify = dataSource.notify!;
    const key = keyOf(dataSource);
    const [project, integration] = await Promise.all([
      repos.projects.get(dataSource.projectId),
      repos.integrations.get(dataSource.integrationId),
    ]);
    const message = progressMessage({ dataSource, project, integration, run, now: now() });
    const update = () =>
      client.chat.update({ channel: notify.channelId, ts: notify.messageTs, ...message });
    lastEdit.set(key, now().getTime());
    if (final) {
      await retry(update);
      return;
    }
    try {
      await update();
    } catch (error) {
      const seconds = retryAfterOf(error);
      if (seconds === undefined) throw error;
      // Skipped: the next progress edit or the summary carries newer counts anyway.
      pausedUntil.set(key, now().getTime() + seconds * 1000);
    }
  };

  const reply = (dataSource: DataSource, content: Reply) => {
    const notify = dataSource.notify!;
    return retry(() =>
      client.chat.postMessage({
        channel: notify.channelId,
        thread_ts: notify.messageTs,
        text: content.text,
        blocks: content.blocks,
        unfurl_links: false,
      }),
    );
  };

  return {
    async runStarted(dataSource, run) {
      options.homes.refreshFor(dataSource);
      if (!dataSource.notify) return;
      void enqueue(keyOf(dataSource), () => editMessage(dataSource, run, false));
    },

    async runProgress(dataSource, run) {
      options.homes.refreshFor(dataSource);
      if (!dataSource.notify) return;
      const key = keyOf(dataSource);
      const at = now().getTime();
      const since = at - (lastEdit.get(key) ?? 0);
      if (since < options.progressIntervalMs || at < (pausedUntil.get(key) ?? 0)) return;
      lastEdit.set(key, at);
      void enqueue(key, () => editMessage(dataSource, run, false));
    },

    async runFinished(dataSource, run) {
      options.homes.refreshFor(dataSource);
      if (!dataSource.notify) return;
      void enqueue(keyOf(dataSource), async () => {
        await editMessage(dataSource, run, true);
        const integration = await repos.integrations.get(dataSource.integrationId);
        if (run.status === 'failed') {
          await reply(dataSource, failureReply(run, dataSource, integration));
          return;
        }
        await reply(dataSource, summaryReply(run, now()));
        if (run.counts.failed > 0) await reply(dataSource, pageFailuresReply(run, dataSource));
      });
    },

    async idle() {
      while (chains.size > 0) await Promise.allSettled([...chains.values()]);
      await options.homes.idle();
    },
  };
}
