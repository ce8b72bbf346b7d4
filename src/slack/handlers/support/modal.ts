/**
 * Opening modals within the trigger's three seconds: `views.open` a "Loading…" view first, before
 * any database or Confluence work, then `views.update` it with the real content.
 */
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { toAppError } from '../../../errors';
import type { Logger } from '../../../logging/logger';
import type { ModalView } from '../../blocks/types';
import { loadingModal, noticeModal } from '../../views/simple-modals';

const openedSchema = z.object({ view: z.object({ id: z.string(), hash: z.string().optional() }) });

export interface OpenedModal {
  viewId: string;
  hash?: string;
}

/**
 * Opens (or pushes onto the current stack) a loading modal, then replaces it with what `build`
 * returns. When `build` throws, the
 * modal shows the error's message instead. Returns the view id, or `null` when Slack refused to
 * open (expired trigger): the caller tells the user another way.
 */
export async function openThenFill(
  client: WebClient,
  triggerId: string,
  title: string,
  build: () => Promise<ModalView>,
  logger: Logger,
  how: 'open' | 'push' = 'open',
): Promise<OpenedModal | null> {
  let opened: OpenedModal;
  try {
    const request = { trigger_id: triggerId, view: loadingModal(title) };
    const answer = openedSchema.parse(
      how === 'push' ? await client.views.push(request) : await client.views.open(request),
    );
    opened = { viewId: answer.view.id, hash: answer.view.hash };
  } catch (error) {
    logger.warn({ err: error }, 'Could not open a modal');
    return null;
  }

  let view: ModalView;
  try {
    view = await build();
  } catch (error) {
    const appError = toAppError(error);
    if (appError.code === 'internal') logger.error({ err: error }, 'Building a modal failed');
    view = noticeModal(title, `⚠️ ${appError.message}`);
  }
  return updateModal(client, opened, view, logger);
}

/** Replaces a modal's content; on a stale hash, tries once more without it. */
export async function updateModal(
  client: WebClient,
  target: OpenedModal,
  view: ModalView,
  logger: Logger,
): Promise<OpenedModal | null> {
  try {
    const answer = openedSchema.parse(
      await client.views.update({ view_id: target.viewId, hash: target.hash, view }),
    );
    return { viewId: answer.view.id, hash: answer.view.hash };
  } catch (error) {
    if (target.hash && errorCodeOf(error) === 'hash_conflict') {
      return updateModal(client, { viewId: target.viewId }, view, logger);
    }
    logger.warn({ err: error, slackError: errorCodeOf(error) }, 'Could not update a modal');
    return null;
  }
}

/** The Slack error string of a Web API platform error (`not_in_channel`…), else undefined. */
export function errorCodeOf(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}
