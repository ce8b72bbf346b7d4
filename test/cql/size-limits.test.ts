import { runValidateCql } from '../../src/cli/commands/validate-cql';
import { cqlProblemOf, parseCql, type CqlProblem } from '../../src/cql';
import { MAX_CQL_LENGTH } from '../../src/cql/parser';
import { MAX_CQL_NESTING, parseCqlSyntax } from '../../src/cql/syntax';
import { AppError } from '../../src/errors';

function refusalOf(cql: string): { error: AppError; problem: CqlProblem } {
  try {
    parseCql(cql);
  } catch (error) {
    const problem = cqlProblemOf(error);
    if (!problem) throw error;
    return { error: error as AppError, problem };
  }
  throw new Error('expected the query to be refused');
}

const PREFIX = 'space = A and ';
const parenthesised = (depth: number) =>
  `${PREFIX}${'('.repeat(depth)}type = page${')'.repeat(depth)}`;
const negated = (depth: number) => `${PREFIX}${'not '.repeat(depth)}type = page`;

describe('parseCql nesting limit', () => {
  it.each([
    ['parentheses', parenthesised(20_000)],
    ['NOT', negated(20_000)],
  ])('%s nested 20 000 deep are refused as invalid_cql, not a stack overflow', (_, cql) => {
    expect(refusalOf(cql).error.code).toBe('invalid_cql');
  });

  it('parentheses past the limit are refused at the first ( too deep, with the limit named', () => {
    const { error, problem } = refusalOf(parenthesised(MAX_CQL_NESTING + 1));
    expect(error.message).toBe(
      `The query nests parentheses and NOT more than ${MAX_CQL_NESTING} levels deep.`,
    );
    expect(problem).toMatchObject({ position: PREFIX.length + MAX_CQL_NESTING, found: '(' });
  });

  it('a chain of NOT past the limit is refused at the first NOT too deep', () => {
    const { problem } = refusalOf(negated(MAX_CQL_NESTING + 1));
    expect(problem).toMatchObject({ position: PREFIX.length + 4 * MAX_CQL_NESTING, found: 'not' });
  });

  it('the syntax parser alone (no length check first) refuses 20 000 levels as invalid_cql', () => {
    for (const cql of [parenthesised(20_000), negated(20_000)]) {
      expect(() => parseCqlSyntax(cql)).toThrow(expect.objectContaining({ code: 'invalid_cql' }));
    }
  });

  it('parentheses and NOT count together', () => {
    const half = MAX_CQL_NESTING / 2;
    const mixed = `${'not ('.repeat(half)}not type = page${')'.repeat(half)}`;
    expect(refusalOf(mixed).error.code).toBe('invalid_cql');
  });

  it('nesting exactly at the limit is still read', () => {
    expect(() => parseCql(parenthesised(MAX_CQL_NESTING))).not.toThrow();
    expect(() => parseCql(negated(MAX_CQL_NESTING))).not.toThrow();
  });

  it('deep nesting spread over siblings is read (the limit is depth, not count)', () => {
    const sibling = `${'('.repeat(60)}type = page${')'.repeat(60)}`;
    expect(() => parseCql(`${sibling} and ${sibling} or ${sibling}`)).not.toThrow();
  });
});

describe('parseCql length limit', () => {
  it(`a query longer than ${MAX_CQL_LENGTH} characters is refused first, naming its length`, () => {
    const long = `space = A and (${'x'.repeat(MAX_CQL_LENGTH)}`;
    const { error, problem } = refusalOf(long);
    expect(error.message).toBe(
      `The query is ${long.length} characters long; at most ${MAX_CQL_LENGTH} are allowed.`,
    );
    expect(problem.position).toBe(MAX_CQL_LENGTH);
  });

  it(`a query of exactly ${MAX_CQL_LENGTH} characters is read`, () => {
    const clause = 'title ~ "';
    const exact = `${clause}${'x'.repeat(MAX_CQL_LENGTH - clause.length - 1)}"`;
    expect(exact).toHaveLength(MAX_CQL_LENGTH);
    expect(() => parseCql(exact)).not.toThrow();
  });
});

describe('validate-cql with a deeply nested query', () => {
  it('--json reports invalid_cql with exit code 1, not an internal error', async () => {
    const out: string[] = [];
    const exit = await runValidateCql(
      [parenthesised(20_000)],
      { json: true },
      { env: {}, stdout: (t) => out.push(t), stderr: () => {} },
    );
    expect(exit).toBe(1);
    const printed = JSON.parse(out.join('')) as { error: { code: string } };
    expect(printed.error.code).toBe('invalid_cql');
  });
});
