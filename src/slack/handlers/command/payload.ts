/** The fields of a slash-command payload the handlers read, checked with zod. */
import { z } from 'zod';

export const commandPayloadSchema = z.object({
  text: z.string().default(''),
  user_id: z.string().min(1),
  team_id: z.string().min(1),
  channel_id: z.string().min(1),
  trigger_id: z.string().min(1),
  response_url: z.string().url(),
});

export type CommandPayload = z.infer<typeof commandPayloadSchema>;
