/** Modals without inputs: "Loading…", "Checking…", and notices (refusals, confirmations). */
import { context, section, plain, type Block } from '../blocks/kit';
import { BLOCK_LIMITS } from '../blocks/limits';
import type { ModalView } from '../blocks/types';

/** Opened at once from a trigger (which lasts about 3 s), then replaced with `views.update`. */
export function loadingModal(title: string): ModalView {
  return {
    type: 'modal',
    title: plain(title, BLOCK_LIMITS.viewTitle),
    close: plain('Cancel', BLOCK_LIMITS.viewTitle),
    blocks: [section('⏳ Loading…')],
  };
}

/** Shown while a slow check runs after a submission; updated with the outcome. */
export function checkingModal(title: string, what: string): ModalView {
  return {
    type: 'modal',
    title: plain(title, BLOCK_LIMITS.viewTitle),
    close: plain('Close', BLOCK_LIMITS.viewTitle),
    blocks: [
      section(`⏳ ${what}`),
      context('This can take a few seconds. The form comes back here if something needs fixing.'),
    ],
  };
}

/**
 * A message in a modal, with only a close button. `text` is mrkdwn: callers pass user text and
 * Confluence's words through `escapeMrkdwn` (refusals built here are mrkdwn on purpose).
 */
export function noticeModal(title: string, text: string, extra: Block[] = []): ModalView {
  return {
    type: 'modal',
    title: plain(title, BLOCK_LIMITS.viewTitle),
    close: plain('Close', BLOCK_LIMITS.viewTitle),
    blocks: [section(text), ...extra],
  };
}
