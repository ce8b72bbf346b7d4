/** The fields of `block_actions` payloads the button handlers read, checked with zod. */
import { z } from 'zod';

export const actionPayloadSchema = z.object({
  user: z.object({ id: z.string().min(1), team_id: z.string().optional() }),
  team: z.object({ id: z.string().min(1) }).nullish(),
  trigger_id: z.string().min(1),
  response_url: z.string().optional(),
  actions: z
    .array(z.object({ action_id: z.string(), value: z.string().max(2000).optional() }))
    .min(1),
  view: z
    .object({
      id: z.string(),
      hash: z.string().optional(),
      type: z.string().optional(),
      private_metadata: z.string().optional(),
      state: z
        .object({ values: z.record(z.string(), z.record(z.string(), z.unknown())) })
        .optional(),
    })
    .nullish(),
});

export type ActionPayload = z.infer<typeof actionPayloadSchema>;

export function actorOf(payload: ActionPayload): { teamId: string; userId: string } {
  return { teamId: payload.team?.id ?? payload.user.team_id ?? '', userId: payload.user.id };
}

/** The clicked button's value (record ids are short; anything else is refused). */
export function valueOf(payload: ActionPayload): string {
  return z.string().min(1).max(64).parse(payload.actions[0].value);
}
