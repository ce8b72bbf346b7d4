/**
 * What a person had typed in the data source form when they left it for the integration form,
 * keyed by the form's view id, so the first form can be restored exactly when they come back.
 * Kept in memory for an hour; after a restart Slack's own copy of the typed values remains.
 */
import type { DataSourceFormValues } from './views/datasource-modal';

export interface DataSourceDraft {
  values: DataSourceFormValues;
  /** The form's `private_metadata` (ids and conversation, never secrets). */
  privateMetadata: string;
}

export interface DraftStore {
  save(viewId: string, draft: DataSourceDraft): void;
  /** The draft for `viewId`, or `undefined`. Does not remove it. */
  get(viewId: string): DataSourceDraft | undefined;
  delete(viewId: string): void;
}

const TTL_MS = 60 * 60_000;
const MAX_DRAFTS = 1000;

export function createDraftStore(options: { now: () => Date }): DraftStore {
  const drafts = new Map<string, { draft: DataSourceDraft; at: number }>();

  const prune = () => {
    const oldest = options.now().getTime() - TTL_MS;
    for (const [key, entry] of drafts) if (entry.at < oldest) drafts.delete(key);
    while (drafts.size > MAX_DRAFTS) drafts.delete(drafts.keys().next().value as string);
  };

  return {
    save(viewId, draft) {
      drafts.set(viewId, { draft, at: options.now().getTime() });
      prune();
    },
    get(viewId) {
      prune();
      return drafts.get(viewId)?.draft;
    },
    delete(viewId) {
      drafts.delete(viewId);
    },
  };
}
