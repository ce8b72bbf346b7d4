/** What every subcommand handler receives. */
import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { SlackContext } from '../../context';
import type { CommandPayload } from './payload';

export interface CommandRequest {
  ctx: SlackContext;
  /** Bolt's interactive client (views.open must not wait behind background calls). */
  client: WebClient;
  payload: CommandPayload;
  respond: RespondFn;
}
