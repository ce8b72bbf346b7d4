import type { Chunk } from '../../src/domain/models';
import { COLLECTIONS } from '../../src/store';
import { useTestDatabase } from '../support/mongo';
import { freshRepositories, newId, storedDocument, type Repositories } from './factories';

const mongo = useTestDatabase();
let repos: Repositories;
const handbook = newId();
const runbooks = newId();

beforeEach(async () => {
  repos = await freshRepositories(mongo);
});

interface PageSpec {
  dataSourceId?: string;
  pageId: string;
  title: string;
  texts: string[];
  spaceKey?: string;
  labels?: string[];
  headingPath?: string[];
}

async function addPage(spec: PageSpec): Promise<void> {
  const document = storedDocument({
    dataSourceId: spec.dataSourceId ?? handbook,
    pageId: spec.pageId,
    title: spec.title,
    spaceKey: spec.spaceKey ?? 'HB',
    labels: spec.labels ?? [],
    breadcrumb: ['Home', 'Guides'],
  });
  const chunks: Chunk[] = spec.texts.map((text, index) => ({
    dataSourceId: document.dataSourceId,
    pageId: document.pageId,
    version: document.version,
    index,
    text,
    headingPath: spec.headingPath ?? [],
    title: document.title,
    breadcrumb: document.breadcrumb,
    spaceKey: document.spaceKey,
    url: `https://wiki.example.test/pages/${spec.pageId}`,
    labels: document.labels,
    lastModified: document.lastModified,
  }));
  await repos.documents.replacePage(document, chunks);
}

describe('MongoSearchIndex', () => {
  test('finds the page whose chunk contains the word, with its metadata', async () => {
    await addPage({ pageId: '1', title: 'Expenses', texts: ['Submit receipts within a month.'] });
    await addPage({ pageId: '2', title: 'Holidays', texts: ['Book leave in the calendar.'] });

    const hits = await repos.search.search('receipts');

    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({
      dataSourceId: handbook,
      pageId: '1',
      title: 'Expenses',
      breadcrumb: ['Home', 'Guides'],
      spaceKey: 'HB',
      url: 'https://wiki.example.test/pages/1',
      snippet: 'Submit receipts within a month.',
    });
    expect(hits[0].score).toBeGreaterThan(0);
  });

  test('finds plural and singular forms of a word', async () => {
    await addPage({ pageId: '1', title: 'Rules', texts: ['Our travel policies in brief.'] });

    expect(await repos.search.search('policy')).toHaveLength(1);
  });

  test('ranks a page with the word in its title above one with it only in the text', async () => {
    await addPage({ pageId: 'body', title: 'Misc', texts: ['Something about deployment here.'] });
    await addPage({ pageId: 'title', title: 'Deployment', texts: ['How we ship.'] });

    const hits = await repos.search.search('deployment');

    expect(hits.map((h) => h.pageId)).toEqual(['title', 'body']);
  });

  test('returns each page once, scored as its best chunk', async () => {
    await addPage({
      pageId: '1',
      title: 'Kafka',
      texts: ['Intro without the word.', 'Kafka brokers and Kafka topics.', 'More on kafka.'],
    });
    const chunkScores = await mongo.db
      .collection(COLLECTIONS.chunks)
      .find(
        { $text: { $search: 'kafka' } },
        { projection: { score: { $meta: 'textScore' }, text: 1 } },
      )
      .toArray();
    const best = chunkScores.reduce((a, b) => (b.score > a.score ? b : a));

    const hits = await repos.search.search('kafka');

    expect(chunkScores.length).toBeGreaterThan(1);
    expect(hits).toHaveLength(1);
    expect(hits[0].score).toBe(best.score);
    expect(hits[0].snippet).toBe(best.text);
  });

  test('filters by data source, and an empty list of data sources finds nothing', async () => {
    await addPage({ pageId: '1', title: 'Alerts', texts: ['alerting'], dataSourceId: handbook });
    await addPage({ pageId: '2', title: 'Alerts', texts: ['alerting'], dataSourceId: runbooks });

    const hits = await repos.search.search('alerts', { dataSourceIds: [runbooks] });

    expect(hits.map((h) => h.dataSourceId)).toEqual([runbooks]);
    expect(await repos.search.search('alerts', { dataSourceIds: [] })).toEqual([]);
    expect(await repos.search.search('alerts', { dataSourceIds: ['not-an-id'] })).toEqual([]);
  });

  test('filters by space and by any of the labels', async () => {
    await addPage({ pageId: '1', title: 'Backup', texts: ['x'], spaceKey: 'OPS', labels: ['db'] });
    await addPage({
      pageId: '2',
      title: 'Backup',
      texts: ['x'],
      spaceKey: 'HB',
      labels: ['files'],
    });
    await addPage({ pageId: '3', title: 'Backup', texts: ['x'], spaceKey: 'OPS', labels: [] });

    const bySpace = await repos.search.search('backup', { spaceKeys: ['OPS'] });
    const byLabel = await repos.search.search('backup', { labels: ['files', 'db'] });

    expect(bySpace.map((h) => h.pageId).sort()).toEqual(['1', '3']);
    expect(byLabel.map((h) => h.pageId).sort()).toEqual(['1', '2']);
  });

  test('limit caps the number of pages returned', async () => {
    for (let i = 0; i < 5; i++) {
      await addPage({ pageId: String(i), title: `Runbook ${i}`, texts: ['on call runbook'] });
    }

    expect(await repos.search.search('runbook', { limit: 2 })).toHaveLength(2);
  });

  test('a blank query or one of stop words only finds nothing', async () => {
    await addPage({ pageId: '1', title: 'The guide', texts: ['the and of'] });

    expect(await repos.search.search('   ')).toEqual([]);
    expect(await repos.search.search('the of')).toEqual([]);
  });

  test('the snippet is cut around the first match at word boundaries, with ellipses', async () => {
    const before = 'lorem ipsum dolor '.repeat(30);
    const after = ' sit amet consectetur'.repeat(30);
    await addPage({
      pageId: '1',
      title: 'Long',
      texts: [`${before}the escalation matrix${after}`],
    });

    const [hit] = await repos.search.search('escalation');

    expect(hit.snippet.length).toBeLessThanOrEqual(302);
    expect(hit.snippet).toContain('escalation matrix');
    expect(hit.snippet.startsWith('…')).toBe(true);
    expect(hit.snippet.endsWith('…')).toBe(true);
    expect(hit.snippet).toMatch(/^…(lorem|ipsum|dolor) /);
  });

  test('hits carry the heading path of their chunk', async () => {
    await addPage({
      pageId: '1',
      title: 'Setup',
      texts: ['Install the agent.'],
      headingPath: ['Linux', 'Agent'],
    });

    const [hit] = await repos.search.search('agent');

    expect(hit.headingPath).toEqual(['Linux', 'Agent']);
  });
});
