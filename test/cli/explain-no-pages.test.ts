import { describeNoPages, explainNoPages } from '../../src/cli/explain-no-pages';
import type { ConfluenceClient } from '../../src/domain/ports';
import { AppError } from '../../src/errors';

/** A client whose search answers `sample`; the space and page look-ups find nothing. */
function client(sample: ConfluenceClient['sample']): ConfluenceClient {
  return {
    sample,
    getSpace: async () => null,
    listSpaces: async () => [],
    getPages: async () => new Map(),
  } as unknown as ConfluenceClient;
}

describe('explainNoPages', () => {
  it('says the query matches content that is not a page or blog post', async () => {
    const why = await explainNoPages(
      client(async () => ({ totalSize: 3, results: [] })),
      'type = attachment',
    );

    expect(why).toEqual({ outcome: 'matches', totalSize: 3 });
    expect(describeNoPages(why!)).toMatch(/^Confluence finds 3 results for the query, but no page/);
  });

  it('leaves the explanation out when Confluence cannot be asked', async () => {
    const failing = client(async () => {
      throw new AppError('timeout', 'Too slow.');
    });

    expect(await explainNoPages(failing, 'space = DOCS')).toBeNull();
  });
});
