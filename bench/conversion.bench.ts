/**
 * Conversion throughput: `storageToMarkdown` over every real storage body in the fixtures,
 * repeated to a few megabytes, one call per page as the indexing job makes them.
 */
import { storageToMarkdown } from '../src/convert/storage-to-markdown';
import type { Benchmark } from './benchmark';
import { loadStorageBodies, repeatToSize, type StorageBody, utf8Bytes } from './corpus';
import {
  bytes,
  count,
  duration,
  megabytesPerSecond,
  perSecond,
  printNote,
  printTable,
} from './report';
import { medianBy, now, percentile } from './stats';

const TARGET_BYTES = 4 * 1024 * 1024;
const WARM_UP_MS = 500;
/** Timed passes over the whole input; the figures are those of the median pass. */
const PASSES = 3;
const BASE_URL = 'https://bench.example.test';

interface Timed {
  source: string;
  ms: number;
  inputBytes: number;
  outputChars: number;
}

function convertEach(bodies: readonly StorageBody[]): Timed[] {
  return bodies.map((body) => {
    const started = now();
    const markdown = storageToMarkdown(body.storage, { baseUrl: BASE_URL });
    return {
      source: body.source,
      ms: now() - started,
      inputBytes: utf8Bytes(body.storage),
      outputChars: markdown.length,
    };
  });
}

/** The sources with the highest median time per call. */
function slowest(timed: readonly Timed[], howMany: number): Array<[string, number]> {
  const bySource = new Map<string, number[]>();
  for (const t of timed) bySource.set(t.source, [...(bySource.get(t.source) ?? []), t.ms]);
  return [...bySource.entries()]
    .map(([source, times]): [string, number] => [source, percentile(times, 0.5)])
    .sort((a, b) => b[1] - a[1])
    .slice(0, howMany);
}

/** One timed pass over `pages`: each call's figures and the elapsed ms. */
function timePass(pages: readonly StorageBody[]): { timed: Timed[]; elapsed: number } {
  const started = now();
  const timed = convertEach(pages);
  return { timed, elapsed: now() - started };
}

async function run(): Promise<string> {
  const bodies = loadStorageBodies();
  const warmUpStart = now();
  while (now() - warmUpStart < WARM_UP_MS) convertEach(bodies);

  const pages = repeatToSize(bodies, TARGET_BYTES);
  const passes = Array.from({ length: PASSES }, () => timePass(pages));
  const { timed, elapsed } = medianBy(passes, (pass) => pass.elapsed);

  const inputBytes = timed.reduce((sum, t) => sum + t.inputBytes, 0);
  const outputChars = timed.reduce((sum, t) => sum + t.outputChars, 0);
  const times = timed.map((t) => t.ms);
  const p50 = percentile(times, 0.5);
  const p95 = percentile(times, 0.95);
  printTable({
    title: `Conversion: storageToMarkdown, ${bodies.length} real bodies x ${pages.length / bodies.length} rounds`,
    headers: ['figure', 'value'],
    rows: [
      ['input', `${count(pages.length)} pages, ${bytes(inputBytes)} storage XHTML`],
      ['output', `${bytes(outputChars)} Markdown (characters)`],
      [
        'elapsed (median pass)',
        `${duration(elapsed)} (passes: ${passes.map((p) => duration(p.elapsed)).join(', ')})`,
      ],
      [
        'throughput',
        `${perSecond(pages.length, elapsed)} pages, ${megabytesPerSecond(inputBytes, elapsed)}`,
      ],
      [
        'per page p50 / p95 / max',
        `${duration(p50)} / ${duration(p95)} / ${duration(Math.max(...times))}`,
      ],
    ],
  });
  const slow = slowest(timed, 3);
  printNote(`slowest bodies (median): ${slow.map(([s, ms]) => `${s} ${duration(ms)}`).join('; ')}`);
  printNote(
    `${PASSES} passes after ${WARM_UP_MS} ms of warm-up; figures of the median pass; ` +
      'one call per page; input bytes are UTF-8',
  );

  return (
    `${perSecond(pages.length, elapsed)} pages, ${megabytesPerSecond(inputBytes, elapsed)}, ` +
    `p50 ${duration(p50)}, p95 ${duration(p95)} per page (${bytes(inputBytes)} input)`
  );
}

export const conversionBenchmark: Benchmark = { name: 'conversion', run };
