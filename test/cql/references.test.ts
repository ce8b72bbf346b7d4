import { parseCql, referencedEntities } from '../../src/cql';

function refs(cql: string) {
  return referencedEntities(parseCql(cql));
}

describe('referencedEntities', () => {
  it('collects space keys from space and space.key with = and IN, keeping case', () => {
    expect(refs('space = DOCS and (space.key = "Eng" or space in (OPS, DOCS))').spaceKeys).toEqual([
      'DOCS',
      'Eng',
      'OPS',
    ]);
  });

  it('collects content ids from id, content, ancestor, parent and container', () => {
    expect(
      refs('id = 1 or content = "2" or ancestor in (3, 4) or parent = 5 or container = 6')
        .contentIds,
    ).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it('leaves out negative operators and anything under NOT', () => {
    expect(
      refs('type = page and space != A and space not in (B) and not (space = C or ancestor = 7)'),
    ).toEqual({ spaceKeys: [], contentIds: [] });
  });

  it('leaves out functions and fields that name neither spaces nor pages', () => {
    expect(
      refs('space in (favouriteSpaces(), X) and ancestor = currentContent() and label = DOCS'),
    ).toEqual({ spaceKeys: ['X'], contentIds: [] });
  });

  it('returns nothing for a query with no condition', () => {
    expect(refs('order by created')).toEqual({ spaceKeys: [], contentIds: [] });
  });
});
