/** What each benchmark file exports for `run.ts`. */
export interface Benchmark {
  /** Short name, also the command-line argument that selects it: `conversion`, `cql`, … */
  name: string;
  /** Prints its tables and returns the one-line summary printed at the end of the run. */
  run(): Promise<string>;
}
