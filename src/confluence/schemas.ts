/**
 * zod schemas for the Confluence REST v1 responses the client reads. They check only the fields
 * the product uses (unknown fields pass through untouched) and are lenient where Confluence
 * versions differ (numeric or string ids). A response that does not match is a `bad_response`.
 */
import { z } from 'zod';
import { badResponse } from './errors';

const id = z.union([z.string().min(1), z.number()]).transform(String);

export const linksSchema = z.object({
  base: z.string().optional(),
  context: z.string().optional(),
  next: z.string().optional(),
  webui: z.string().optional(),
  self: z.string().optional(),
});

const versionSchema = z.object({
  number: z.number().int(),
  when: z.string().optional(),
});

export const contentSchema = z.object({
  id,
  type: z.string(),
  status: z.string().optional(),
  title: z.string(),
  space: z.object({ key: z.string(), name: z.string().optional() }).optional(),
  version: versionSchema.optional(),
  history: z
    .object({
      createdDate: z.string().optional(),
      lastUpdated: z.object({ when: z.string(), number: z.number().optional() }).optional(),
    })
    .optional(),
  ancestors: z.array(z.object({ id, title: z.string(), type: z.string().optional() })).optional(),
  body: z.object({ storage: z.object({ value: z.string() }).optional() }).optional(),
  metadata: z
    .object({
      labels: z
        .object({ results: z.array(z.object({ name: z.string(), prefix: z.string().optional() })) })
        .optional(),
    })
    .optional(),
  _expandable: z.record(z.string(), z.unknown()).optional(),
  _links: linksSchema.optional(),
});
export type ContentJson = z.infer<typeof contentSchema>;

/** `content/search`: results are checked one by one by the client (see `contentSchema`). */
export const contentArraySchema = z.object({
  results: z.array(z.unknown()),
  start: z.number().optional(),
  limit: z.number().optional(),
  size: z.number().optional(),
  _links: linksSchema.default({}),
});

/** `/rest/api/search`: envelopes around content, spaces or users. */
export const searchResultsSchema = z.object({
  results: z.array(
    z.object({
      content: z
        .object({ id, type: z.string(), title: z.string(), _links: linksSchema.optional() })
        .optional(),
      space: z.object({ id: id.optional(), key: z.string(), name: z.string() }).optional(),
      title: z.string().optional(),
      url: z.string().optional(),
      entityType: z.string().optional(),
    }),
  ),
  totalSize: z.number().int(),
  size: z.number().optional(),
  _links: linksSchema.default({}),
});

export const userSchema = z.object({
  type: z.string(),
  displayName: z.string().optional(),
  publicName: z.string().optional(),
  accountId: z.string().optional(),
  username: z.string().optional(),
  userKey: z.string().optional(),
});

export const spaceSchema = z.object({
  id: id.optional(),
  key: z.string().min(1),
  name: z.string(),
});

export const spaceArraySchema = z.object({
  results: z.array(spaceSchema),
  start: z.number().optional(),
  size: z.number().optional(),
  _links: linksSchema.default({}),
});

/** Parses `json` or throws `bad_response` naming what was expected and the first mismatch. */
export function parseOrBadResponse<T extends z.ZodType>(
  schema: T,
  json: unknown,
  what: string,
): z.infer<T> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  throw badResponse(`${what} did not have the expected shape${where} (${issue?.message}).`, {
    path: issue?.path.map(String),
  });
}
