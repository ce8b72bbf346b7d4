/**
 * Reading `view.state.values` of Slack payloads with zod. Slack sends every input block of the
 * view; a text input left empty has a null (or absent) `value`, a select with nothing chosen a
 * null `selected_option`.
 */
import { z } from 'zod';

export const textInputState = z.object({
  type: z.literal('plain_text_input').optional(),
  value: z.string().nullish(),
});

export const selectState = z.object({
  type: z.string().optional(),
  selected_option: z.object({ value: z.string() }).passthrough().nullish(),
});

/** `{ [block_id]: { [action_id]: state } }` with one known action per block. */
export function blockState<T extends z.ZodType>(actionId: string, state: T) {
  return z.object({ [actionId]: state } as Record<string, T>);
}

/** A text value with surrounding spaces removed; empty becomes null. */
export function cleanText(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** The fields of `view_submission` / `block_actions` payloads the handlers read. */
export const viewPayloadSchema = z.object({
  user: z.object({ id: z.string().min(1), team_id: z.string().optional() }),
  team: z.object({ id: z.string().min(1) }).nullish(),
  view: z.object({
    id: z.string().min(1),
    hash: z.string().optional(),
    callback_id: z.string().optional(),
    private_metadata: z.string().optional(),
    previous_view_id: z.string().nullish(),
    root_view_id: z.string().nullish(),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), z.unknown())) }),
  }),
});
export type ViewPayload = z.infer<typeof viewPayloadSchema>;

/** The workspace of a payload (`team` is null for some Enterprise Grid installs). */
export function teamOf(payload: {
  team?: { id: string } | null;
  user: { team_id?: string };
}): string {
  return payload.team?.id ?? payload.user.team_id ?? '';
}
