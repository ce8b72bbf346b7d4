/**
 * Chunking throughput and chunk sizes: `pageToChunks` (conversion then chunking, as the indexing
 * job calls it) over the same real bodies as the conversion benchmark, with the configured
 * chunking (`CHUNK_SIZE` / `CHUNK_OVERLAP` defaults); and `chunkPage` alone on the Markdown.
 */
import { loadConfig } from '../src/config';
import { chunkPage, type ChunkOptions } from '../src/convert/chunker';
import { pageChunkMeta, pageToChunks } from '../src/convert/page-to-chunks';
import { storageToMarkdown } from '../src/convert/storage-to-markdown';
import type { ConfluencePage } from '../src/domain/ports';
import type { Benchmark } from './benchmark';
import { loadStorageBodies, pageAround, repeatToSize } from './corpus';
import { count, duration, perSecond, printNote, printTable } from './report';
import { mean, medianBy, now, percentile } from './stats';

const TARGET_BYTES = 4 * 1024 * 1024;
const WARM_UP_MS = 500;
/** Timed passes over the whole input; the figures are those of the median pass. */
const PASSES = 3;
const DATA_SOURCE_ID = '65f0c0ffee0000000000bench';

function chunkAll(pages: readonly ConfluencePage[], options: ChunkOptions): number[] {
  return pages.flatMap((page) =>
    pageToChunks(page, DATA_SOURCE_ID, options).map((chunk) => chunk.text.length),
  );
}

/** Times `chunkPage` alone on Markdown converted beforehand; returns elapsed ms. */
function timeChunkerOnly(pages: readonly ConfluencePage[], options: ChunkOptions): number {
  const converted = pages.map((page) => ({ page, markdown: storageToMarkdown(page.storage) }));
  const started = now();
  for (const { page, markdown } of converted) {
    chunkPage(markdown, { dataSourceId: DATA_SOURCE_ID, ...pageChunkMeta(page) }, options);
  }
  return now() - started;
}

async function run(): Promise<string> {
  const options = loadConfig({}).chunking;
  const bodies = loadStorageBodies();
  const warmUp = bodies.map(pageAround);
  const warmUpStart = now();
  while (now() - warmUpStart < WARM_UP_MS) chunkAll(warmUp, options);

  const pages = repeatToSize(bodies, TARGET_BYTES).map(pageAround);
  const passes = Array.from({ length: PASSES }, () => {
    const started = now();
    const sizes = chunkAll(pages, options);
    return { sizes, elapsed: now() - started };
  });
  const { sizes, elapsed } = medianBy(passes, (pass) => pass.elapsed);
  const chunkerOnly = medianBy(
    Array.from({ length: PASSES }, () => timeChunkerOnly(pages, options)),
    (ms) => ms,
  );

  const largest = Math.max(...sizes);
  const oversized = sizes.filter((size) => size > options.size).length;
  printTable({
    title: `Chunking: pageToChunks, ${count(pages.length)} pages, size ${options.size}, overlap ${options.overlap} characters`,
    headers: ['figure', 'value'],
    rows: [
      ['chunks', `${count(sizes.length)} (${(sizes.length / pages.length).toFixed(2)} per page)`],
      [
        'pageToChunks elapsed (median pass)',
        `${duration(elapsed)} (passes: ${passes.map((p) => duration(p.elapsed)).join(', ')})`,
      ],
      [
        'pageToChunks throughput',
        `${perSecond(sizes.length, elapsed)} chunks, ${perSecond(pages.length, elapsed)} pages`,
      ],
      [
        'chunkPage alone',
        `${perSecond(sizes.length, chunkerOnly)} chunks (${duration(chunkerOnly)})`,
      ],
      [
        'chunk size mean / p50 / p95',
        `${count(mean(sizes))} / ${count(percentile(sizes, 0.5))} / ${count(percentile(sizes, 0.95))} characters`,
      ],
      [
        'largest chunk',
        `${count(largest)} characters = ${((100 * largest) / options.size).toFixed(0)}% of the configured ${options.size}`,
      ],
      ['chunks over the size', `${count(oversized)} of ${count(sizes.length)}`],
    ],
  });
  printNote(
    'sizes are characters of the chunk text; chunks over the size can only be a single code line or table row longer than it',
  );

  return (
    `${perSecond(sizes.length, elapsed)} chunks (with conversion), mean ${count(mean(sizes))} chars, ` +
    `max ${count(largest)} of ${options.size} configured, ${oversized} over`
  );
}

export const chunkingBenchmark: Benchmark = { name: 'chunking', run };
