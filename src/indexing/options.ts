/**
 * Tuning of one index run. The job runner and the `index` command pass these to `runIndexing`;
 * every field has a default suited to a real Confluence site, and tests shorten the intervals.
 */
export interface IndexingOptions {
  /** Results asked for per listing request (ids and versions only). Default 200. */
  listPageSize: number;
  /** Page ids per body request (`getPages`). Default 25. */
  fetchBatchSize: number;
  /** Body requests in flight at once within a run; the client's limiter still caps the rate. Default 3. */
  fetchConcurrency: number;
  /**
   * Pages whose storage body is longer than this many characters are recorded as failed
   * ("too large") instead of being chunked. Default 2,000,000 (about 2 MB of XHTML).
   */
  maxPageChars: number;
  /** Least time between two progress writes to the index run, in ms. Default 2000. */
  progressIntervalMs: number;
  /** Least time between two `runProgress` reports, in ms. Default 5000. */
  reportIntervalMs: number;
  /**
   * How far before the last successful run's start an incremental listing begins, in ms, to cover
   * clock skew and edits saved while that run listed. Default one hour.
   */
  incrementalOverlapMs: number;
  /**
   * Extra widening of the incremental start for the time zone Confluence reads CQL dates in
   * (its server or user zone, unknown to us); 12 h covers every zone west of UTC. Default 12 h.
   */
  timeZoneAllowanceMs: number;
  /** A run that is not incremental at least this often (it lists everything and prunes). Default 24 h. */
  fullListingEveryMs: number;
}

export const DEFAULT_INDEXING_OPTIONS: Readonly<IndexingOptions> = Object.freeze({
  listPageSize: 200,
  fetchBatchSize: 25,
  fetchConcurrency: 3,
  maxPageChars: 2_000_000,
  progressIntervalMs: 2000,
  reportIntervalMs: 5000,
  incrementalOverlapMs: 60 * 60 * 1000,
  timeZoneAllowanceMs: 12 * 60 * 60 * 1000,
  fullListingEveryMs: 24 * 60 * 60 * 1000,
});

/** Fills in defaults for the fields not given. */
export function indexingOptions(overrides: Partial<IndexingOptions> = {}): IndexingOptions {
  return { ...DEFAULT_INDEXING_OPTIONS, ...overrides };
}
