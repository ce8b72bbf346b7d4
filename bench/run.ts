/**
 * Entry point of `npm run bench`: prints the Node version and CPU count, runs each benchmark in
 * turn (each prints its tables), then one summary line per benchmark. Arguments select
 * benchmarks by name (`node dist/bench/run.js conversion cql`); none runs them all.
 *
 * The memory benchmarks need `gc()`: without `--expose-gc` the script starts itself again with it.
 * Everything binds 127.0.0.1 only and is closed at the end, so the process exits by itself.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import type { Benchmark } from './benchmark';
import { chunkingBenchmark } from './chunking.bench';
import { conversionBenchmark } from './conversion.bench';
import { cqlBenchmark } from './cql.bench';
import { exposedGc } from './heap';
import { indexingBenchmark } from './indexing.bench';
import { listingMemoryBenchmark } from './listing-memory.bench';
import { now } from './stats';

const BENCHMARKS: Benchmark[] = [
  conversionBenchmark,
  chunkingBenchmark,
  cqlBenchmark,
  listingMemoryBenchmark,
  indexingBenchmark,
];

/** Runs this script again under `node --expose-gc` and returns its exit code. */
function restartWithGc(): number {
  const args = [...process.execArgv, '--expose-gc', __filename, ...process.argv.slice(2)];
  const child = spawnSync(process.execPath, args, { stdio: 'inherit' });
  return child.status ?? 1;
}

function selected(names: string[]): Benchmark[] {
  if (names.length === 0) return BENCHMARKS;
  const unknown = names.filter((name) => !BENCHMARKS.some((b) => b.name === name));
  if (unknown.length > 0) {
    const known = BENCHMARKS.map((b) => b.name).join(', ');
    throw new Error(`Unknown benchmark ${unknown.join(', ')}; known: ${known}`);
  }
  return BENCHMARKS.filter((b) => names.includes(b.name));
}

async function main(): Promise<void> {
  const benchmarks = selected(process.argv.slice(2));
  const cpus = os.cpus();
  console.log(
    `Datasource Bot benchmarks: Node ${process.version}, ${cpus.length} CPUs ` +
      `(${cpus[0]?.model.trim() ?? 'unknown'}), ${os.platform()} ${os.arch()}, ` +
      `load average ${os.loadavg()[0].toFixed(2)} (other work on the machine skews the figures)`,
  );

  const started = now();
  const summaries: Array<[string, string]> = [];
  for (const benchmark of benchmarks) {
    try {
      summaries.push([benchmark.name, await benchmark.run()]);
    } catch (error) {
      process.exitCode = 1;
      console.error(`\n${benchmark.name} failed:`, error);
      summaries.push([benchmark.name, `FAILED: ${String(error)}`]);
    }
  }

  console.log(`\nSummary (${((now() - started) / 1000).toFixed(1)} s in all)`);
  const width = Math.max(...summaries.map(([name]) => name.length));
  for (const [name, line] of summaries) console.log(`  ${name.padEnd(width)}  ${line}`);
}

if (exposedGc() === null) {
  process.exitCode = restartWithGc();
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
