/**
 * Listing memory: the Confluence client must stream, so the heap must not grow with the number of
 * pages listed. The fake Confluence (in this process, on 127.0.0.1) is filled with many synthetic
 * pages carrying real fixture bodies; the real client lists them with `searchPages` (bodies) and
 * `listPages` (ids and versions), and the heap is sampled after a full collection at about 40
 * batches spread evenly over the listing. The fake holds the pages itself: its footprint is in the
 * baseline taken after seeding, and so subtracted. A control listing that keeps every page it
 * lists shows what growth looks like, so that a pass means something.
 */
import { createConfluenceClientFactory } from '../src/confluence/client-factory';
import { loadConfig } from '../src/config';
import type { ConfluenceClient, ListBatch } from '../src/domain/ports';
import { silentLogger } from '../src/logging/logger';
import type { FakeMode } from '../test/fakes/confluence/model';
import { type FakeConfluence, startFakeConfluence } from '../test/fakes/confluence/server';
import type { Benchmark } from './benchmark';
import { loadStorageBodies, utf8Bytes } from './corpus';
import { exposedGc, settledHeap, settledHeapAfterIo } from './heap';
import { bytes, count, perSecond, printNote, printTable } from './report';
import { now, slope } from './stats';

const CASES: ReadonlyArray<{ mode: FakeMode; pages: number }> = [
  { mode: 'datacenter', pages: 20_000 },
  { mode: 'cloud', pages: 5_000 },
];
const SPACE = 'BENCH';
const SECTIONS = 20;
const CQL = `space = ${SPACE} and type = page`;
/**
 * Above this many bytes per page listed, the heap grows with the listing: not streaming. The
 * client's id set costs about 60-120; keeping each listed page costs about 300 without its body
 * (the control) and kilobytes with it.
 */
const STREAMING_LIMIT_BYTES_PER_PAGE = 200;
/** The highest `CONFLUENCE_REQUESTS_PER_SECOND` allowed (default 10, which the run would measure). */
const REQUESTS_PER_SECOND = 1000;
/** Batches listed with each method before the baseline, so that code and pools are warm. */
const WARM_UP_BATCHES = 3;
/** Heap samples per listing, evenly spread over the pages (a full gc each, so not every batch). */
const SAMPLES = 40;

type Method = 'searchPages' | 'listPages';

/** One listing to measure; `keep` makes it the control, which holds on to every item. */
interface Listing {
  method: Method;
  keep: boolean;
}

const LISTINGS: readonly Listing[] = [
  { method: 'searchPages', keep: false },
  { method: 'listPages', keep: false },
  { method: 'listPages', keep: true },
];

interface Sample {
  pages: number;
  heapAboveBaseline: number;
}

interface ListingResult extends Listing {
  pages: number;
  requests: number;
  listingMs: number;
  samples: Sample[];
}

/** Fills the fake with section pages and `total` pages whose bodies cycle through the fixtures. */
function seed(fake: FakeConfluence, total: number): { meanBodyBytes: number } {
  const bodies = loadStorageBodies().map((body) => body.storage);
  fake.addSpace({ key: SPACE, name: 'Benchmark' });
  const sections = Array.from({ length: SECTIONS }, (_, i) =>
    fake.addPage({ title: `Section ${i}`, spaceKey: SPACE, body: '<p>Section.</p>' }),
  );
  let bodyBytes = 0;
  for (let i = 0; i < total - SECTIONS; i++) {
    const body = bodies[i % bodies.length];
    bodyBytes += utf8Bytes(body);
    fake.addPage({
      title: `Synthetic page ${i}`,
      spaceKey: SPACE,
      parentId: sections[i % SECTIONS].id,
      body,
      labels: ['bench', `group-${i % 7}`],
      version: 1 + (i % 4),
    });
  }
  return { meanBodyBytes: bodyBytes / (total - SECTIONS) };
}

/** Lists every page, sampling the settled heap after about `SAMPLES` batches. */
async function measureListing(
  fake: FakeConfluence,
  client: ConfluenceClient,
  { method, keep }: Listing,
  expected: number,
  gc: () => void,
  baseline: number,
): Promise<ListingResult> {
  const samples: Sample[] = [];
  let pages = 0;
  let requests = 0;
  let samplingMs = 0;
  let nextSampleAt = 0;
  const kept: unknown[] = [];
  fake.clearRequests();

  const started = now();
  const batches: AsyncIterable<ListBatch<unknown>> = client[method](CQL);
  for await (const batch of batches) {
    pages += batch.items.length;
    if (keep) kept.push(...batch.items);
    // The fake logs every request: count and drop the log so that it does not grow either.
    requests += fake.requests.length;
    fake.clearRequests();
    if (pages < nextSampleAt && batch.next !== null) continue;
    nextSampleAt = pages + expected / SAMPLES;
    const sample = settledHeap(gc);
    samplingMs += sample.ms;
    samples.push({ pages, heapAboveBaseline: sample.heapUsed - baseline });
  }
  const listingMs = now() - started - samplingMs;
  if (pages !== expected) throw new Error(`${method} listed ${pages} pages of ${expected}`);
  return { method, keep, pages, requests, listingMs, samples };
}

/** The first sample at or past `fraction` of the listing. */
function heapAt(result: ListingResult, fraction: number): number {
  const wanted = result.pages * fraction;
  return (result.samples.find((s) => s.pages >= wanted) ?? result.samples.at(-1)!)
    .heapAboveBaseline;
}

/**
 * Bytes of heap per page listed, fitted over the second half of the listing: the steady state,
 * after the one-off growth of the first batches (buffers, pools, lazily compiled code).
 */
function bytesPerPage(result: ListingResult): number {
  const settled = result.samples.filter((s) => s.pages >= result.pages * 0.5);
  return slope(settled.map((s) => ({ x: s.pages, y: s.heapAboveBaseline })));
}

/** Lists a few batches with each method and stops, so the baseline includes compiled code. */
async function warmUp(client: ConfluenceClient): Promise<void> {
  for (const method of ['searchPages', 'listPages'] as const) {
    let batches = 0;
    for await (const _batch of client[method](CQL)) if (++batches >= WARM_UP_BATCHES) break;
  }
}

async function runCase(mode: FakeMode, total: number, gc: () => void): Promise<ListingResult[]> {
  const fake = await startFakeConfluence({ mode, seed: false });
  try {
    const beforeSeed = await settledHeapAfterIo(gc);
    const { meanBodyBytes } = seed(fake, total);
    const seeded = await settledHeapAfterIo(gc);

    const factory = createConfluenceClientFactory({
      ...loadConfig({}).confluence,
      requestsPerSecond: REQUESTS_PER_SECOND,
      allowHttp: true,
      allowedPrivate: ['127.0.0.1/32'],
      logger: silentLogger(),
    });
    const connection = { deployment: mode, baseUrl: fake.baseUrl, auth: fake.auth };
    await warmUp(factory(connection));
    const baseline = await settledHeapAfterIo(gc);
    const results: ListingResult[] = [];
    for (const listing of LISTINGS) {
      results.push(await measureListing(fake, factory(connection), listing, total, gc, baseline));
    }
    printCase(mode, total, results, { fakeBytes: seeded - beforeSeed, meanBodyBytes });
    return results;
  } finally {
    await fake.close();
  }
}

function printCase(
  mode: FakeMode,
  total: number,
  results: readonly ListingResult[],
  seeded: { fakeBytes: number; meanBodyBytes: number },
): void {
  printTable({
    title: `Listing memory: ${count(total)} pages, fake Confluence ${mode === 'cloud' ? 'Cloud' : 'Data Center'} on 127.0.0.1`,
    headers: [
      'method',
      'pages',
      'requests',
      'pages/s',
      'heap @10%',
      'heap @50%',
      'heap @100%',
      'slope',
    ],
    rows: results.map((r) => [
      r.keep ? `${r.method} (control: keeps pages)` : r.method,
      count(r.pages),
      count(r.requests),
      perSecond(r.pages, r.listingMs),
      bytes(heapAt(r, 0.1)),
      bytes(heapAt(r, 0.5)),
      bytes(heapAt(r, 1)),
      `${bytesPerPage(r).toFixed(0)} B/page`,
    ]),
  });
  printNote(
    `heap = heap used after a full gc, minus the baseline taken after seeding and a ` +
      `${WARM_UP_BATCHES}-batch warm-up listing; the fake in this process holds the pages ` +
      `(${bytes(seeded.fakeBytes)} after seeding, in the baseline, so subtracted)`,
  );
  printNote(
    `mean body ${bytes(seeded.meanBodyBytes)} per page; slope fitted over the second half; ` +
      `pages/s leaves out the time spent sampling; rate limit raised to ${REQUESTS_PER_SECOND} req/s`,
  );
  printNote(
    'the fake answers from this process and takes about half the CPU (it evaluates the CQL over ' +
      'every page on each request), so pages/s is a floor for the client',
  );
}

async function run(): Promise<string> {
  const gc = exposedGc();
  if (gc === null) {
    printNote('listing memory skipped: start node with --expose-gc');
    return 'skipped (no --expose-gc)';
  }
  const all: Array<ListingResult & { mode: FakeMode }> = [];
  for (const { mode, pages } of CASES) {
    for (const result of await runCase(mode, pages, gc)) all.push({ ...result, mode });
  }

  const measured = all.filter((r) => !r.keep);
  const worst = Math.max(...measured.map(bytesPerPage));
  const control = Math.min(...all.filter((r) => r.keep).map(bytesPerPage));
  const verdict = worst <= STREAMING_LIMIT_BYTES_PER_PAGE ? 'streams' : 'GROWS WITH THE LISTING';
  const detected = control > STREAMING_LIMIT_BYTES_PER_PAGE ? 'caught' : 'NOT CAUGHT';
  printNote(
    `verdict: ${verdict} (largest slope ${worst.toFixed(0)} B/page, limit ` +
      `${STREAMING_LIMIT_BYTES_PER_PAGE} B/page; the client's id set for de-duplication grows ` +
      `by design, in steps as its table doubles); the control's ${control.toFixed(0)} B/page ` +
      `is ${detected} by the limit`,
  );
  return (
    `${verdict}: largest slope ${worst.toFixed(0)} B/page (control keeping pages ` +
    `${control.toFixed(0)} B/page); ` +
    measured.map((r) => `${r.mode} ${r.method} ${perSecond(r.pages, r.listingMs)}`).join(', ')
  );
}

export const listingMemoryBenchmark: Benchmark = { name: 'listing-memory', run };
