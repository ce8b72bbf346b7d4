/**
 * Whether a Slack user is a workspace admin or owner (`users.info` `is_admin`/`is_owner`), cached
 * per user. Admins may edit, reindex and delete any data source. When Slack cannot answer, the
 * user is treated as not an admin (and the failure is not cached).
 */
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';

export interface AdminDirectory {
  isAdmin(userId: string): Promise<boolean>;
}

const usersInfoSchema = z.object({
  user: z.object({ is_admin: z.boolean().optional(), is_owner: z.boolean().optional() }),
});

export function createAdminDirectory(options: {
  client: WebClient;
  /** How long an answer is kept, in milliseconds. */
  ttlMs: number;
  now: () => Date;
}): AdminDirectory {
  const cache = new Map<string, { admin: boolean; until: number }>();
  return {
    async isAdmin(userId) {
      const now = options.now().getTime();
      const cached = cache.get(userId);
      if (cached && cached.until > now) return cached.admin;
      try {
        const answer = usersInfoSchema.parse(await options.client.users.info({ user: userId }));
        const admin = Boolean(answer.user.is_admin || answer.user.is_owner);
        cache.set(userId, { admin, until: now + options.ttlMs });
        return admin;
      } catch {
        return false;
      }
    },
  };
}
