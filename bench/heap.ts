/**
 * Heap measurements for the memory benchmarks. They need the process started with `--expose-gc`
 * (`run.ts` restarts itself with it) so that each sample is taken after a full collection and
 * shows what is still referenced, not garbage waiting to be collected.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { now } from './stats';

type GcFunction = () => void;

/** The `gc()` of a process started with `--expose-gc`, or null. */
export function exposedGc(): GcFunction | null {
  const candidate = (globalThis as { gc?: unknown }).gc;
  return typeof candidate === 'function' ? (candidate as GcFunction) : null;
}

/** Heap used after a full collection, in bytes, and the milliseconds the sample took. */
export function settledHeap(gc: GcFunction): { heapUsed: number; ms: number } {
  const started = now();
  gc();
  const heapUsed = process.memoryUsage().heapUsed;
  return { heapUsed, ms: now() - started };
}

/**
 * Like `settledHeap`, after letting pending I/O callbacks run first: closed sockets and servers
 * release what they hold only once their close events have been handled.
 */
export async function settledHeapAfterIo(gc: GcFunction): Promise<number> {
  await delay(100);
  return settledHeap(gc).heapUsed;
}
