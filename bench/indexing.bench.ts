/**
 * End-to-end indexing: the production wiring (`createServices`, as `datasource-bot index` uses
 * it) indexes pages with real fixture bodies from the fake Confluence into the in-process
 * development store, twice: a first run that fetches, converts, chunks and stores everything, and
 * a second run over unchanged pages that only lists and compares versions. The store is the
 * MongoDB wire-protocol stand-in in `src/devstore/`, not MongoDB: its figures say nothing about
 * a real server's speed.
 */
import { loadConfig } from '../src/config';
import type { IndexRun } from '../src/domain/models';
import { silentLogger } from '../src/logging/logger';
import { ensureCliDataSource } from '../src/runtime/cli-data-source';
import { fixedTokenResolver } from '../src/runtime/connection-resolvers';
import { createServices, type Services } from '../src/runtime/services';
import { type FakeConfluence, startFakeConfluence } from '../test/fakes/confluence/server';
import type { Benchmark } from './benchmark';
import { loadStorageBodies, utf8Bytes } from './corpus';
import { bytes, count, duration, perSecond, printNote, printTable } from './report';
import { now } from './stats';

/** Two sizes, so that the figures show whether the time per page grows with the data source. */
const SIZES = [500, 1000];
/** An unreported run first, so that module loading and compilation are not in the figures. */
const WARM_UP_PAGES = 50;
const SPACE = 'BENCH';
const CQL = `space = ${SPACE}`;
const MODE = 'datacenter';

interface MeasuredRun {
  pages: number;
  storageBytes: number;
  label: string;
  run: IndexRun;
  ms: number;
  listingRequests: number;
  bodyRequests: number;
}

/** Adds `total` pages whose bodies cycle through the fixtures; returns their UTF-8 size. */
function seed(fake: FakeConfluence, total: number): number {
  const bodies = loadStorageBodies();
  fake.addSpace({ key: SPACE, name: 'Benchmark' });
  let size = 0;
  for (let i = 0; i < total; i++) {
    const body = bodies[i % bodies.length];
    size += utf8Bytes(body.storage);
    fake.addPage({ title: `Page ${i}: ${body.source}`, spaceKey: SPACE, body: body.storage });
  }
  return size;
}

/** The services of `datasource-bot index` with no MONGODB_URI: the in-process dev store. */
function startServices(token: string): Promise<Services> {
  const config = loadConfig({
    CONFLUENCE_ALLOW_HTTP: 'true',
    CONFLUENCE_ALLOWED_PRIVATE: '127.0.0.1/32',
    CONFLUENCE_REQUESTS_PER_SECOND: '1000',
    MONGODB_DB: 'bench',
  });
  return createServices(config, silentLogger(), { resolveConnection: fixedTokenResolver(token) });
}

async function measure(
  label: string,
  services: Services,
  fake: FakeConfluence,
  dataSourceId: string,
): Promise<Omit<MeasuredRun, 'pages' | 'storageBytes'>> {
  fake.clearRequests();
  const started = now();
  const run = await services.runner.runNow(dataSourceId, 'cli');
  const ms = now() - started;
  if (run.status !== 'completed') {
    throw new Error(
      `the ${label} run ended ${run.status}: ${JSON.stringify(run.error ?? run.failures)}`,
    );
  }
  const searches = fake.requests.filter((r) => r.path.endsWith('/content/search'));
  const bodyRequests = searches.filter((r) => (r.query.cql ?? '').startsWith('id in (')).length;
  return { label, run, ms, listingRequests: searches.length - bodyRequests, bodyRequests };
}

function printRuns(runs: readonly MeasuredRun[]): void {
  printTable({
    title: `Indexing end to end: fake Confluence (${MODE}) into the in-memory dev store`,
    headers: [
      'pages',
      'storage',
      'run',
      'elapsed',
      'pages/s',
      'indexed',
      'unchanged',
      'chunks',
      'chunks/s',
      'requests (list + bodies)',
    ],
    rows: runs.map(({ pages, storageBytes, label, run, ms, listingRequests, bodyRequests }) => [
      count(pages),
      bytes(storageBytes),
      label,
      duration(ms),
      perSecond(run.counts.found, ms),
      count(run.counts.indexed),
      count(run.counts.unchanged),
      count(run.counts.chunks),
      perSecond(run.counts.chunks, ms),
      `${listingRequests} + ${bodyRequests}`,
    ]),
  });
  printNote(
    'STORE: the in-process MongoDB wire-protocol stand-in (src/devstore), NOT MongoDB; ' +
      'a real server will be faster or slower',
  );
  printNote(
    'pages/s counts pages listed; chunks/s chunks written; default indexing options; ' +
      'Confluence rate limit 1000 req/s (default 10); fake, store and worker share this process; ' +
      `after an unreported ${WARM_UP_PAGES}-page warm-up`,
  );
}

/** Seeds a fresh fake with `pages` pages and indexes them twice into a fresh dev store. */
async function runSize(pages: number): Promise<MeasuredRun[]> {
  const fake = await startFakeConfluence({ mode: MODE, seed: false });
  let services: Services | undefined;
  try {
    const storageBytes = seed(fake, pages);
    services = await startServices(fake.auth.token);
    const dataSource = await ensureCliDataSource(services.store, {
      deployment: MODE,
      baseUrl: fake.baseUrl,
      token: fake.auth.token,
      cql: CQL,
      name: 'Benchmark',
    });
    const first = await measure('first', services, fake, dataSource.id);
    const second = await measure('second (unchanged)', services, fake, dataSource.id);
    return [first, second].map((measured) => ({ pages, storageBytes, ...measured }));
  } finally {
    await services?.close();
    await fake.close();
  }
}

async function run(): Promise<string> {
  await runSize(WARM_UP_PAGES);
  const runs: MeasuredRun[] = [];
  for (const pages of SIZES) runs.push(...(await runSize(pages)));
  printRuns(runs);

  const summary = (r: MeasuredRun) =>
    `${r.label.split(' ')[0]} ${perSecond(r.run.counts.found, r.ms)} pages` +
    (r.run.counts.chunks > 0 ? ` ${perSecond(r.run.counts.chunks, r.ms)} chunks` : '');
  const largest = runs.filter((r) => r.pages === Math.max(...SIZES));
  return (
    `${count(Math.max(...SIZES))} pages: ${largest.map(summary).join(', ')}; ` +
    'in-memory stand-in store, not MongoDB'
  );
}

export const indexingBenchmark: Benchmark = { name: 'indexing', run };
