/**
 * `private_metadata` of the two forms, as small JSON checked with zod on the way back. It carries
 * ids and the conversation to report in, never a secret.
 */
import { z } from 'zod';

export const dataSourceMetaSchema = z.object({
  /** Data source being edited; absent when creating. */
  ds: z.string().min(1).max(64).optional(),
  /** Conversation the command was used in, for the progress message. */
  ch: z.string().min(1).max(64).optional(),
});
export type DataSourceMeta = z.infer<typeof dataSourceMetaSchema>;

export const integrationMetaSchema = z.object({
  /** Integration being edited; absent when adding. */
  i: z.string().min(1).max(64).optional(),
  /** Data source form this one was pushed from, to be refreshed on success. */
  p: z.string().min(1).max(64).optional(),
});
export type IntegrationMeta = z.infer<typeof integrationMetaSchema>;

export function encodeMeta(meta: DataSourceMeta | IntegrationMeta): string {
  return JSON.stringify(meta);
}

export function decodeMeta<T>(schema: z.ZodType<T>, text: string | undefined): T {
  try {
    return schema.parse(JSON.parse(text || '{}'));
  } catch {
    return schema.parse({});
  }
}
