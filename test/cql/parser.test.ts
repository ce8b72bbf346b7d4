import { parseCql, type CqlClause, type CqlExpression } from '../../src/cql';
import { AppError } from '../../src/errors';

function clauseOf(cql: string): CqlClause {
  const where = parseCql(cql).where as CqlExpression;
  if (where.kind !== 'clause') throw new Error(`expected a single clause in ${cql}`);
  return where;
}

describe('parseCql syntax tree', () => {
  it('resolves field aliases and case but keeps the text as written', () => {
    expect(clauseOf('space.key = DOCS')).toMatchObject({ field: 'space', fieldText: 'space.key' });
    expect(clauseOf('content = 1')).toMatchObject({ field: 'id', fieldText: 'content' });
    expect(clauseOf('favorite = bob')).toMatchObject({ field: 'favourite' });
    expect(clauseOf('lastModified > "2024-01-01"')).toMatchObject({ field: 'lastmodified' });
  });

  it('keeps offsets of the clause, the field, the operator and the value', () => {
    const clause = clauseOf('  title ~ "a b"');
    expect(clause.span).toEqual({ start: 2, end: 15 });
    expect(clause.fieldSpan).toEqual({ start: 2, end: 7 });
    expect(clause.operatorSpan).toEqual({ start: 8, end: 9 });
    expect(clause.value).toEqual({
      kind: 'string',
      value: 'a b',
      quote: '"',
      span: { start: 10, end: 15 },
    });
  });

  it('resolves backslash escapes in quoted values', () => {
    expect(clauseOf('title = "\\"Exact\\" \\\\ end"').value).toMatchObject({
      value: '"Exact" \\ end',
    });
    expect(clauseOf("title ~ 'it\\'s'").value).toMatchObject({ value: "it's", quote: "'" });
  });

  it('reads bare numbers as numbers and keeps their digits', () => {
    expect(clauseOf('id = 98765432109876543210').value).toMatchObject({
      kind: 'number',
      raw: '98765432109876543210',
    });
    expect(clauseOf('space = DOCS').value).toMatchObject({ kind: 'string', quote: null });
  });

  it('reads IN and NOT IN lists, case-insensitively', () => {
    const where = parseCql('id = 1 and label NoT In (a, "b c", 3)').where;
    const clause = (where as { operands: CqlClause[] }).operands[1];
    expect(clause.operator).toBe('not in');
    expect(clause.operatorSpan).toEqual({ start: 17, end: 23 });
    expect(clause.value).toMatchObject({
      kind: 'list',
      items: [{ value: 'a' }, { value: 'b c' }, { kind: 'number', raw: '3' }],
      span: { start: 24, end: 37 },
    });
  });

  it('wraps a function standing for a list after IN into a one-item list', () => {
    expect(clauseOf('space IN favoriteSpaces()').value).toMatchObject({
      kind: 'list',
      items: [
        { kind: 'function', name: 'favoriteSpaces', canonicalName: 'favouriteSpaces', args: [] },
      ],
    });
  });

  it('reads function calls with their arguments', () => {
    expect(clauseOf('created > STARTOFMONTH("-1M")').value).toMatchObject({
      kind: 'function',
      canonicalName: 'startOfMonth',
      args: [{ kind: 'string', value: '-1M' }],
    });
  });

  it('binds AND tighter than OR and flattens chains', () => {
    const where = parseCql('space = A and type = page or label = x and label = y or id = 1').where;
    expect(where).toMatchObject({
      kind: 'or',
      operands: [
        { kind: 'and', operands: [{ field: 'space' }, { field: 'type' }] },
        { kind: 'and', operands: [{ field: 'label' }, { field: 'label' }] },
        { kind: 'clause', field: 'id' },
      ],
    });
  });

  it('lets parentheses override precedence and NOT apply to a group', () => {
    const where = parseCql('space = A and not (label = x or label = y)').where;
    expect(where).toMatchObject({
      kind: 'and',
      operands: [
        { kind: 'clause' },
        {
          kind: 'not',
          operand: { kind: 'or', operands: [{ field: 'label' }, { field: 'label' }] },
        },
      ],
    });
  });

  it('reads ORDER BY keys with an ascending default', () => {
    const query = parseCql('type = page order by lastModified DESC, title');
    expect(query.orderBy).toEqual([
      {
        field: 'lastmodified',
        fieldText: 'lastModified',
        direction: 'desc',
        span: { start: 21, end: 38 },
      },
      { field: 'title', fieldText: 'title', direction: 'asc', span: { start: 40, end: 45 } },
    ]);
  });

  it('accepts ORDER BY without a condition, leaving the condition empty', () => {
    expect(parseCql('order by created')).toMatchObject({
      where: null,
      orderBy: [{ field: 'created' }],
    });
  });

  it('throws AppError invalid_cql with remedies', () => {
    expect.assertions(3);
    try {
      parseCql('spce = DOCS');
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('invalid_cql');
      expect((error as AppError).remedies).toContain('Replace "spce" with "space".');
    }
  });
});
