/**
 * The common shape of a button that opens a modal: acknowledge, parse the payload, open a
 * "Loading…" modal at once, then fill it with what the handler builds (or the error's message).
 */
import type { App } from '@slack/bolt';
import type { ModalView } from '../../blocks/types';
import type { SlackContext } from '../../context';
import { type ActionPayload, actionPayloadSchema, actorOf } from './action-payload';
import { openThenFill } from './modal';

/** Who clicked: the workspace and the user, as `actorOf` reads them from the payload. */
export type Actor = ReturnType<typeof actorOf>;

/**
 * Registers `actionId` on `app`. Called once per button by the `register…` functions at start-up;
 * `title` shows on the loading modal (and on the notice when `build` throws); `build` runs after
 * the modal is open, with the clicker and the parsed payload, and returns the modal's content.
 */
export function onModalButton(
  app: App,
  ctx: SlackContext,
  actionId: string,
  title: string,
  build: (actor: Actor, payload: ActionPayload) => Promise<ModalView>,
): void {
  app.action(actionId, async ({ ack, body, client }) => {
    await ack();
    const payload = actionPayloadSchema.parse(body);
    const actor = actorOf(payload);
    await openThenFill(client, payload.trigger_id, title, () => build(actor, payload), ctx.logger);
  });
}
