/**
 * Publishes App Home for a user, and refreshes it as runs progress: at most one publish per user
 * every `intervalMs`, with the latest state published at the end of the window so the last change
 * is never lost. Runs refresh the home of the data source's creator and of everyone who opened
 * App Home in the last day.
 */
import type { WebClient } from '@slack/web-api';
import type { DataSource } from '../../domain/models';
import type { Logger } from '../../logging/logger';
import type { Repositories } from '../deps';
import type { AdminDirectory } from '../permissions/admins';
import { homeView } from '../views/home-view';
import { collectOverview } from './overview';

export interface HomePublisher {
  /** Publishes now (App Home was opened or something the user did changed it). */
  publish(teamId: string, userId: string): Promise<void>;
  /** Refreshes, throttled, the homes that show this data source. */
  refreshFor(dataSource: DataSource): void;
  /** Publishes pending refreshes now and resolves when all are done (shutdown, tests). */
  idle(): Promise<void>;
}

const VIEWER_MEMORY_MS = 24 * 60 * 60_000;
const MAX_VIEWERS = 200;

export function createHomePublisher(options: {
  client: WebClient;
  repos: Repositories;
  admins: AdminDirectory;
  logger: Logger;
  now: () => Date;
  intervalMs: number;
}): HomePublisher {
  const { client, logger, now } = options;
  const viewers = new Map<string, { teamId: string; userId: string; at: number }>();
  const lastPublished = new Map<string, number>();
  const pending = new Map<string, NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();

  const publish = async (teamId: string, userId: string) => {
    const key = `${teamId}:${userId}`;
    lastPublished.set(key, now().getTime());
    viewers.set(key, { teamId, userId, at: now().getTime() });
    try {
      const groups = await collectOverview(options, teamId, userId);
      await client.views.publish({ user_id: userId, view: homeView(groups, now()) });
    } catch (error) {
      logger.warn({ err: error }, 'Could not publish App Home');
    }
  };

  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  const refresh = (teamId: string, userId: string) => {
    const key = `${teamId}:${userId}`;
    if (pending.has(key)) return;
    const wait = (lastPublished.get(key) ?? 0) + options.intervalMs - now().getTime();
    if (wait <= 0) {
      track(publish(teamId, userId));
      return;
    }
    const timer = setTimeout(() => {
      pending.delete(key);
      track(publish(teamId, userId));
    }, wait);
    timer.unref();
    pending.set(key, timer);
  };

  return {
    publish,
    refreshFor(dataSource) {
      const cutoff = now().getTime() - VIEWER_MEMORY_MS;
      for (const [key, viewer] of viewers) if (viewer.at < cutoff) viewers.delete(key);
      while (viewers.size > MAX_VIEWERS) viewers.delete(viewers.keys().next().value as string);

      refresh(dataSource.teamId, dataSource.createdBy);
      for (const viewer of viewers.values()) {
        if (viewer.teamId === dataSource.teamId && viewer.userId !== dataSource.createdBy) {
          refresh(viewer.teamId, viewer.userId);
        }
      }
    },
    async idle() {
      for (const [key, timer] of pending) {
        clearTimeout(timer);
        pending.delete(key);
        const [teamId, userId] = key.split(':');
        track(publish(teamId, userId));
      }
      await Promise.allSettled([...inFlight]);
    },
  };
}
