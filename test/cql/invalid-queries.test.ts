import { cqlProblemOf, parseCql, type CqlProblem } from '../../src/cql';
import { AppError } from '../../src/errors';

function problemOf(cql: string): { message: string; problem: CqlProblem; remedies: string[] } {
  try {
    parseCql(cql);
  } catch (error) {
    const problem = cqlProblemOf(error);
    if (!problem) throw error;
    return {
      message: (error as AppError).message,
      problem,
      remedies: (error as AppError).remedies,
    };
  }
  throw new Error(`expected ${JSON.stringify(cql)} to be refused`);
}

// [query, 0-based offset of the problem, fragment of the message]
const INVALID: Array<[string, number, string]> = [
  // empty
  ['', 0, 'The query is empty'],
  ['   ', 3, 'The query is empty'],
  // quotes
  ['title ~ "abc', 8, 'double quote (") is never closed'],
  ["title ~ 'abc", 8, "single quote (') is never closed"],
  ['title ~ "abc\\"', 8, 'never closed'],
  ['space = DOCS and title = "a" and label = "b', 41, 'never closed'],
  ['space = “DOCS”', 8, 'typographic quote'],
  // parentheses
  ['(space = DOCS', 0, 'This ( is never closed'],
  ['(space = DOCS and (type = page)', 0, 'This ( is never closed'],
  ['space = DOCS)', 12, 'This ) has no matching ('],
  ['space in (A, B', 9, 'This ( is never closed'],
  ['lastmodified > now("-4w"', 18, 'This ( is never closed'],
  ['()', 1, 'parentheses are empty'],
  ['(space = DOCS type = page)', 14, 'Expected AND, OR or )'],
  // missing values and conditions
  ['space =', 7, 'A value is missing after =: the query ends'],
  ['space = and type = page', 8, '"and" is a reserved word'],
  ['label = order', 8, '"order" is a reserved word'],
  ['space = DOCS and', 16, 'The query ends where a condition was expected'],
  ['space = DOCS and (', 18, 'The query ends where a condition was expected'],
  ['and space = DOCS', 0, 'Expected a condition'],
  ['= DOCS', 0, 'A field is missing before ='],
  ['space = DOCS type = page', 13, 'Expected AND, OR or ORDER BY'],
  ['space = DOCS && type = page', 13, 'Expected AND, OR or ORDER BY'],
  ['space = DOCS and label = )', 25, 'A value is missing after =: found )'],
  // operators
  ['space == DOCS', 6, '"==" is not a CQL operator'],
  ['space <> DOCS', 6, '"<>" is not a CQL operator: CQL writes "not equal" as !='],
  ['created => "2024-01-01"', 8, '"=>" is not a CQL operator'],
  ['space=~bob', 5, '"=~" is not a CQL operator'],
  ['space ! DOCS', 6, '"!" is not a CQL operator'],
  ['space DOCS', 6, 'Expected an operator after "space"'],
  ['title like "a"', 6, 'Expected an operator after "title"'],
  ['label not a', 10, 'Expected IN after NOT'],
  // operators a field does not support
  ['text = deploy', 5, 'text only supports ~ and !~'],
  ['space = DOCS and text != deploy', 22, 'text only supports ~ and !~'],
  ['title > x', 6, 'title only supports =, !=, ~, !~, IN and NOT IN'],
  ['created ~ "2024-01-01"', 8, 'created only supports'],
  ['label ~ x', 6, 'label only supports =, !=, IN and NOT IN'],
  ['siteSearch = x', 11, 'siteSearch only supports ~'],
  ['created in ("2024-01-01")', 8, 'created only supports'],
  // lists
  ['label in ()', 10, 'The list after IN is empty'],
  ['label in (a,)', 12, 'A value is missing before this )'],
  ['label in (a,,b)', 12, 'A value is missing before this comma'],
  ['label in a', 9, 'IN needs a list of values in parentheses'],
  ['label in (a b)', 12, 'Expected , or ) in the list'],
  // fields
  ['spce = DOCS', 0, 'Confluence has no field "spce"; did you mean "space"?'],
  ['space = DOCS and lable = x', 17, 'did you mean "label"?'],
  ['space = DOCS and lastmodifed > "2024-01-01"', 17, 'did you mean "lastModified"?'],
  ['foo = bar', 0, 'Confluence has no field "foo".'],
  // leading negative clauses
  ['type != page', 0, 'starts with a negative condition (type != page)'],
  ['title !~ draft and space = DOCS', 0, 'starts with a negative condition'],
  ['label not in (a) and space = X', 0, 'starts with a negative condition'],
  ['not space = DOCS', 0, 'starts with a negative condition (not space = DOCS)'],
  ['(type != page) and space = DOCS', 1, 'starts with a negative condition'],
  // ORDER BY
  ['space = DOCS order label', 19, 'Expected BY after ORDER'],
  ['space = DOCS order by', 21, 'The query ends where ORDER BY needs a field after BY'],
  ['space = DOCS order by desc', 22, 'A field is missing where ORDER BY needs a field'],
  ['space = DOCS order by created,', 30, 'ORDER BY needs a field after ,'],
  ['space = DOCS order by created, ', 31, 'ORDER BY needs a field after ,'],
  ['space = DOCS order by titel', 22, 'unknown field "titel"; did you mean "title"?'],
  ['space = DOCS order by text', 22, 'cannot be sorted by text'],
  ['space = DOCS order by created sideways', 30, 'Expected , or the end of the query'],
  ['space = DOCS order by created and type = page', 30, 'Expected , or the end of the query'],
  // dates
  ['lastmodified > "2024-05-12T09:00:00.000Z"', 15, 'refuses ISO-8601 timestamps'],
  ['created > "2024-05-12 09:00:00+02:00"', 10, 'refuses ISO-8601 timestamps'],
  ['created > "12/05/2024"', 10, 'is not a date created can compare with'],
  ['created > 2024', 10, 'is not a date'],
  ['created > -4w', 10, 'which CQL writes as now("-4w")'],
  // reserved characters and words unquoted
  ['space = DOCS and label = v1.2', 27, '"." is a reserved character'],
  ['space = DOCS and created > 2024/01/01', 31, '"/" is a reserved character'],
  ['title ~ win*', 11, '"*" is a reserved character'],
  ['label = \u{1F600}.x', 10, '"." is a reserved character'],
  ['space = ~bob', 8, 'A value that starts with ~ must be quoted'],
  // pasted URL text
  ['expand=body.storage', 0, '"expand=" is a parameter of the REST URL'],
  ['space = DOCS&expand=body.storage', 13, '"expand=" is a parameter of the REST URL'],
  ['cql=space=DOCS', 0, '"cql=" is a parameter of the REST URL'],
  ['space = DOCS&limit=25', 13, '"limit=" is a parameter of the REST URL'],
  ['type=space&includeArchivedSpaces=true', 11, '"includeArchivedSpaces=" is a parameter'],
  ['space%3DDOCS', 5, 'looks like URL encoding'],
  ['space+%3D+%22DOCS%22', 6, 'looks like URL encoding'],
  // values of the wrong kind
  ['ancestor = Home', 11, 'ancestor takes a page id (a number), not "Home"'],
  ['id in (1, x)', 10, 'id takes a page id'],
  ['type = pgae', 7, '"pgae" is not a content type; did you mean "page"?'],
  ['type = article', 7, '"article" is not a content type.'],
  ['label = ""', 8, 'The value for label is empty'],
  // functions
  ['lastmodified > nw("-4w")', 15, 'no function "nw()"; did you mean "now()"?'],
  ['lastmodified > now("-4 weeks")', 19, 'is not an increment for now()'],
  ['created > startOfDay("-1d", "2")', 10, 'takes at most one increment'],
  ['creator = currentUser(1)', 10, 'currentUser() takes no arguments'],
  ['space = favouriteSpaces()', 6, 'returns several values, so it needs IN or NOT IN'],
  ['creator = now()', 10, 'now() cannot be used with creator'],
  ['space in recentlyViewedSpaces()', 9, 'takes one argument'],
  ['space in recentlyViewedSpaces(0)', 30, 'needs a positive whole number'],
  ['id in recentlyViewedContent(5, "yesterday")', 31, 'is not a relative date'],
  ['created > now(now())', 14, 'Expected an argument of now()'],
];

describe('parseCql on invalid queries', () => {
  it.each(INVALID)('refuses %j at offset %i (%s)', (cql, position, fragment) => {
    const { message, problem } = problemOf(cql);
    expect(message).toContain(fragment);
    expect(problem.position).toBe(position);
  });

  it('reports line and column (1-based) on multi-line queries', () => {
    const { problem } = problemOf('space = DOCS\nAND titel = x');
    expect(problem).toMatchObject({ position: 17, line: 2, column: 5, found: 'titel', length: 5 });
  });

  it('says what was found and what was expected', () => {
    expect(problemOf('space = DOCS type = page').problem).toMatchObject({
      found: 'type',
      expected: ['AND', 'OR', 'ORDER BY'],
    });
    expect(problemOf('space =').problem).toMatchObject({
      found: 'end of query',
      expected: ['a value'],
    });
  });

  it('suggests the fix in the remedies', () => {
    expect(problemOf('text = deploy').remedies[0]).toBe('For text, write text ~ …');
    expect(problemOf('space = DOCS && type = page').remedies).toEqual([
      'CQL writes AND as a word, not &&.',
    ]);
    expect(problemOf('title ~ "abc\\"').remedies).toContain(
      'A backslash before a quote makes it part of the value: remove the backslash.',
    );
    expect(problemOf('created > "2024-05-12T09:00"').remedies.join(' ')).toContain(
      '"yyyy/MM/dd HH:mm", "yyyy-MM-dd HH:mm", "yyyy/MM/dd", "yyyy-MM-dd"',
    );
  });

  it('reports the earliest problem when there are several', () => {
    expect(problemOf('type != page and spce = X').problem.position).toBe(0);
    expect(problemOf('spce != X and type = page').message).toContain('no field "spce"');
  });
});
