import fs from 'node:fs';
import path from 'node:path';
import { toConfluencePage } from '../../src/confluence/page-mapper';
import { FIXTURES_DIR } from '../fakes/confluence/fixture-pages';
import { startFakeConfluence, type FakeConfluence } from '../fakes/confluence/server';
import { clientFor } from './helpers';

const airbyte = fs
  .readFileSync(
    path.join(
      FIXTURES_DIR,
      'airbytehq__airbyte/airbyte-integrations/connectors/source-confluence/integration_tests/expected_records.pages_and_blogposts.excerpt.jsonl',
    ),
    'utf8',
  )
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line).data);

describe('toConfluencePage on real Cloud records', () => {
  it('maps the Airbyte page, building the URL from _links.self base and webui', () => {
    const page = toConfluencePage(airbyte[0]);
    expect(page).toMatchObject({
      id: '98487',
      type: 'page',
      title: 'Overview',
      version: 1,
      url: 'https://airbyteio.atlassian.net/wiki/spaces/~5fc9e78d2730d800760becc4/overview',
    });
    expect(page.lastModified.toISOString()).toBe('2023-02-17T09:08:30.734Z');
    expect(page.storage).toContain('<ac:layout>');
  });

  it('maps the Airbyte blog post with its dated link', () => {
    const post = toConfluencePage(airbyte[1], 'https://airbyteio.atlassian.net/wiki');
    expect(post.type).toBe('blogpost');
    expect(post.url).toBe(
      'https://airbyteio.atlassian.net/wiki/spaces/~5fc9e78d2730d800760becc4/blog/2023/03/06/1343496/Blog+post+integration+tests',
    );
  });

  it('refuses the go-atlassian content answer, which has no version, as bad_response', () => {
    const json = JSON.parse(
      fs.readFileSync(
        path.join(FIXTURES_DIR, 'ctreminiom__go-atlassian/confluence/mocks/get-content.json'),
        'utf8',
      ),
    );
    expect(() => toConfluencePage(json)).toThrow(expect.objectContaining({ code: 'bad_response' }));
  });

  it('refuses something that is not content JSON', () => {
    expect(() => toConfluencePage({ hello: 'world' })).toThrow(
      expect.objectContaining({ code: 'bad_response' }),
    );
  });
});

describe('page links come from _links, never from tinyui or guesses', () => {
  let fake: FakeConfluence;
  beforeAll(async () => {
    fake = await startFakeConfluence({ mode: 'datacenter', contextPath: '/confluence' });
  });
  afterAll(() => fake.close());

  it('keeps the context path and the viewpage form Confluence gives for awkward titles', async () => {
    const awkward = fake.addPage({ title: 'What is CQL? A/B notes', spaceKey: 'DOCS', version: 2 });
    const plain = fake.findContent('Documentation Home');
    const pages = await clientFor(fake).getPages([awkward.id, plain.id]);
    expect(pages.get(awkward.id)?.url).toBe(
      `${fake.origin}/confluence/pages/viewpage.action?pageId=${awkward.id}`,
    );
    expect(pages.get(plain.id)?.url).toBe(
      `${fake.origin}/confluence/display/DOCS/Documentation+Home`,
    );
    expect(pages.get(plain.id)?.url).not.toContain('/x/');
  });

  it('carries space, ancestors root first, labels, version and last update', async () => {
    const codes = fake.findContent('Codes (mark)');
    const page = (await clientFor(fake).getPages([codes.id])).get(codes.id);
    expect(page).toMatchObject({
      space: { key: 'DOCS', name: 'Documentation' },
      ancestors: [{ title: 'Documentation Home' }, { title: 'Samples from mark' }],
      labels: ['markdown', 'mark'],
      version: codes.version,
    });
    expect(page?.lastModified.getTime()).toBe(codes.lastModified.getTime());
  });
});
