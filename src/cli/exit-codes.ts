/** Exit codes of the command line, documented in the README. */
export const EXIT = {
  /** Everything asked for was done. */
  ok: 0,
  /** It failed (Confluence refused, the query is invalid, the run failed). */
  failure: 1,
  /** The command was used wrongly or the configuration is invalid. */
  usage: 2,
  /** It partly worked: a run completed but some pages failed. */
  partial: 3,
} as const;
