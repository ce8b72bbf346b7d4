/**
 * `parseCql`: the one entry point for reading a CQL query. Used by remote validation, the
 * `validate-cql` command, the Slack forms, and the fake Confluence server in the tests (which
 * evaluates the returned tree). Checks, in order: text pasted from a URL, structure, meaning.
 */
import type { CqlQuery } from './ast';
import { tokenize, type Token } from './lexer';
import { cqlError } from './problem';
import { checkCqlSemantics } from './semantics';
import { parseCqlSyntax } from './syntax';

/**
 * Parses and checks `text`. Returns the tree, or throws `AppError('invalid_cql')` whose
 * `details` is a `CqlProblem` (position, line, column, found, expected) and whose `remedies` say
 * how to fix the query. Never sends anything anywhere.
 */
export function parseCql(text: string): CqlQuery {
  rejectOverlongText(text);
  const tokens = tokenize(text);
  rejectPastedUrlText(text, tokens);
  const query = parseCqlSyntax(text, tokens);
  checkCqlSemantics(text, query);
  return query;
}

/**
 * Longest CQL query read, in characters; checked before anything else. Confluence's own search
 * box and the Slack form accept far less, and a longer text is almost certainly pasted by mistake.
 */
export const MAX_CQL_LENGTH = 10_000;

function rejectOverlongText(text: string): void {
  if (text.length <= MAX_CQL_LENGTH) return;
  throw cqlError(
    text,
    {
      position: MAX_CQL_LENGTH,
      found: `${text.length - MAX_CQL_LENGTH} more characters`,
      expected: ['end of query'],
    },
    `The query is ${text.length} characters long; at most ${MAX_CQL_LENGTH} are allowed.`,
    ['Shorten the query: one space or label per condition, IN (a, b) instead of many ORs.'],
  );
}

const URL_PARAMETERS =
  /^[?&]?(expand|cql|cqlcontext|limit|start|cursor|excerpt|includearchivedspaces)$/i;
const PERCENT_ESCAPE = /%[0-9A-Fa-f]{2}/;

/** Catches REST parameters (`expand=…`, `&limit=…`) and URL-encoded text pasted as CQL. */
function rejectPastedUrlText(text: string, tokens: Token[]): void {
  tokens.forEach((token, i) => {
    if (token.kind !== 'word') return;
    const parameter = token.text.split('&').pop() ?? '';
    const offset = token.end - parameter.length;
    const next = tokens[i + 1];
    if (URL_PARAMETERS.test(parameter) && next.kind === 'op' && next.text === '=') {
      throw cqlError(
        text,
        { position: offset, length: parameter.length, found: parameter, expected: ['CQL'] },
        `"${parameter.replace(/^[?&]/, '')}=" is a parameter of the REST URL, not part of CQL.`,
        ['Paste only the value of the cql parameter, decoded, without expand=, limit= or &.'],
      );
    }
    const escape = PERCENT_ESCAPE.exec(token.text);
    if (escape) {
      throw cqlError(
        text,
        { position: token.start + escape.index, length: 3, found: escape[0], expected: ['CQL'] },
        `"${escape[0]}" looks like URL encoding: the query seems to be copied from a URL.`,
        [
          'Decode it first (%3D is =, %22 is ", + is a space), or copy the query from the search box.',
        ],
      );
    }
  });
}
