/**
 * What an index run stores in `IndexRun.checkpoint` so that another worker can continue it after
 * a crash: the exact CQL being listed, where the listing resumes, the counts as they were when
 * that point was reached, and which worker holds the run. Only the indexing code reads it.
 */
import { z } from 'zod';
import type { RunCounts } from '../domain/models';

const countsSchema = z.object({
  found: z.number(),
  processed: z.number(),
  indexed: z.number(),
  unchanged: z.number(),
  removed: z.number(),
  failed: z.number(),
  skipped: z.number(),
  chunks: z.number(),
});

const listCheckpointSchema = z.union([
  z.object({ kind: z.literal('cursor'), next: z.string() }),
  z.object({ kind: z.literal('offset'), start: z.number().int().min(0) }),
]);

const checkpointSchema = z.object({
  /** The CQL listed, incremental narrowing included; a resumed run lists the same query. */
  cql: z.string(),
  /** Where the next listing request starts; null before the first batch was handled. */
  listing: listCheckpointSchema.nullable(),
  /** Counts when `listing` was reached (a resumed run starts from these). */
  counts: countsSchema,
  /** How many entries of `IndexRun.failures` belong before `listing`. */
  failuresKept: z.number().int().min(0),
  /** Random id of the worker execution that holds the run; a changed lease means it was taken over. */
  lease: z.string(),
  /** Whether pages not seen were already removed (so a resumed run does not count them again). */
  pruned: z.boolean().default(false),
});

export type RunCheckpoint = z.infer<typeof checkpointSchema>;

export const ZERO_COUNTS: Readonly<RunCounts> = Object.freeze({
  found: 0,
  processed: 0,
  indexed: 0,
  unchanged: 0,
  removed: 0,
  failed: 0,
  skipped: 0,
  chunks: 0,
});

/** The checkpoint stored in a run, or null when there is none or it is not one of ours. */
export function readCheckpoint(stored: unknown): RunCheckpoint | null {
  const parsed = checkpointSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}
