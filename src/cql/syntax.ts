/**
 * The recursive-descent parser that turns CQL tokens into the tree of `ast.ts`. It checks
 * structure only (parentheses, operators, values, ORDER BY); what fields and values mean is checked
 * afterwards by `semantics.ts`. Grammar, loosest binding first:
 *
 *   query   := [or] [ORDER BY key ("," key)*]
 *   or      := and (OR and)*
 *   and     := not (AND not)*
 *   not     := NOT not | "(" or ")" | clause
 *   clause  := field op value | field [NOT] IN ( "(" item ("," item)* ")" | call )
 *   value   := "quoted" | word | number | call          call := name "(" [arg ("," arg)*] ")"
 *   key     := field [ASC | DESC]
 */
import type { CqlClause, CqlExpression, CqlList, CqlOperator, CqlOrderBy, CqlQuery } from './ast';
import { canonicalField } from './fields';
import { tokenize, type Token } from './lexer';
import { spanOf, TokenStream } from './token-stream';
import { parseCall, parseSingle, type ListItem } from './values';

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'order', 'by', 'asc', 'desc']);

/**
 * Deepest nesting of parentheses and NOT the parser follows (each level is a recursive call);
 * deeper queries are refused as `invalid_cql` at the opening token instead of overflowing the
 * stack. No hand-written query comes near it.
 */
export const MAX_CQL_NESTING = 100;

/**
 * Parses the structure of `text`; throws `invalid_cql` at the first structural problem. `tokens`
 * are `tokenize(text)`, passed by a caller that has them already.
 */
export function parseCqlSyntax(text: string, tokens: Token[] = tokenize(text)): CqlQuery {
  return new SyntaxParser(new TokenStream(text, tokens)).parseQuery();
}

class SyntaxParser {
  /** Parentheses and NOT entered and not yet left. */
  private depth = 0;

  constructor(private readonly tokens: TokenStream) {}

  parseQuery(): CqlQuery {
    if (this.tokens.peek().kind === 'eof') {
      throw this.tokens.fail(
        this.tokens.peek(),
        'The query is empty.',
        ['a condition such as space = DOCS'],
        ['Write at least one condition, for example: space = DOCS AND type = page'],
      );
    }
    const where = this.tokens.isKeyword(this.tokens.peek(), 'order') ? null : this.parseOr();
    const orderBy = this.tokens.isKeyword(this.tokens.peek(), 'order') ? this.parseOrderBy() : [];
    this.expectEnd(orderBy.length > 0);
    return { kind: 'query', where, orderBy, span: { start: 0, end: this.tokens.text.length } };
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  private parseOr(): CqlExpression {
    const operands = [this.parseAnd()];
    while (this.tokens.isKeyword(this.tokens.peek(), 'or')) {
      this.tokens.next();
      operands.push(this.parseAnd());
    }
    return combine('or', operands);
  }

  private parseAnd(): CqlExpression {
    const operands = [this.parseNot()];
    while (this.tokens.isKeyword(this.tokens.peek(), 'and')) {
      this.tokens.next();
      operands.push(this.parseNot());
    }
    return combine('and', operands);
  }

  private parseNot(): CqlExpression {
    const token = this.tokens.peek();
    if (this.tokens.isKeyword(token, 'not')) {
      this.enter(token);
      this.tokens.next();
      const operand = this.parseNot();
      this.depth -= 1;
      return { kind: 'not', operand, span: { start: token.start, end: operand.span.end } };
    }
    if (token.kind === 'lparen') {
      this.enter(token);
      const group = this.parseGroup();
      this.depth -= 1;
      return group;
    }
    return this.parseClause();
  }

  /** Counts one more level of nesting at `token`; refuses the query past the limit. */
  private enter(token: Token): void {
    this.depth += 1;
    if (this.depth <= MAX_CQL_NESTING) return;
    throw this.tokens.fail(
      token,
      `The query nests parentheses and NOT more than ${MAX_CQL_NESTING} levels deep.`,
      [],
      [
        'Remove redundant parentheses and double NOTs.',
        'Use IN (a, b, c) instead of long chains of OR.',
      ],
    );
  }

  private parseGroup(): CqlExpression {
    const open = this.tokens.next();
    if (this.tokens.peek().kind === 'rparen') {
      throw this.tokens.fail(this.tokens.peek(), 'These parentheses are empty.', ['a condition']);
    }
    const inner = this.parseOr();
    const close = this.tokens.peek();
    if (close.kind === 'rparen') {
      this.tokens.next();
      return inner;
    }
    if (close.kind === 'eof') throw this.tokens.unclosedParenthesis(open);
    throw this.tokens.fail(
      close,
      `Expected AND, OR or ) here.`,
      ['AND', 'OR', ')'],
      ['Join conditions with AND or OR, and close every ( with a ).'],
    );
  }

  // -------------------------------------------------------------------------------------------
  // Clauses

  private parseClause(): CqlClause {
    const fieldToken = this.tokens.peek();
    if (fieldToken.kind !== 'word' || KEYWORDS.has(fieldToken.text.toLowerCase())) {
      throw this.missingCondition(fieldToken);
    }
    this.tokens.next();
    const { operator, span: operatorSpan } = this.parseOperator(fieldToken);
    const value =
      operator === 'in' || operator === 'not in'
        ? this.parseList(operator)
        : parseSingle(this.tokens, operator);
    return {
      kind: 'clause',
      field: canonicalField(fieldToken.text),
      fieldText: fieldToken.text,
      operator,
      value,
      span: { start: fieldToken.start, end: value.span.end },
      fieldSpan: { start: fieldToken.start, end: fieldToken.end },
      operatorSpan,
    };
  }

  private parseOperator(fieldToken: Token & { kind: 'word' }): {
    operator: CqlOperator;
    span: { start: number; end: number };
  } {
    const token = this.tokens.next();
    if (token.kind === 'op') return { operator: token.text, span: spanOf(token) };
    if (this.tokens.isKeyword(token, 'in')) return { operator: 'in', span: spanOf(token) };
    if (this.tokens.isKeyword(token, 'not')) {
      const inToken = this.tokens.next();
      if (this.tokens.isKeyword(inToken, 'in')) {
        return { operator: 'not in', span: { start: token.start, end: inToken.end } };
      }
      throw this.tokens.fail(
        inToken,
        'Expected IN after NOT here.',
        ['IN'],
        [`Write "${fieldToken.text} NOT IN (a, b)", or "NOT ${fieldToken.text} = value".`],
      );
    }
    throw this.tokens.fail(
      token,
      `Expected an operator after "${fieldToken.text}".`,
      OPERATOR_NAMES,
      [
        'Operators are =, !=, ~, !~, >, >=, <, <=, IN and NOT IN.',
        ...(token.kind === 'word' && /^(is|like|contains|has)$/i.test(token.text)
          ? [`CQL has no "${token.text}": use = for equality or ~ for "contains".`]
          : []),
      ],
    );
  }

  private parseList(operator: 'in' | 'not in'): CqlList {
    const open = this.tokens.peek();
    const keyword = operator.toUpperCase();

    // `space IN favouriteSpaces()`: a function that returns several values stands for the list.
    if (open.kind === 'word' && this.tokens.peekAt(1).kind === 'lparen') {
      const call = parseCall(this.tokens);
      return { kind: 'list', items: [call], span: call.span };
    }
    if (open.kind !== 'lparen') {
      throw this.tokens.fail(
        open,
        `${keyword} needs a list of values in parentheses.`,
        ['('],
        [`Write the values in parentheses, separated by commas: ${keyword} (DOCS, "TEAM")`],
      );
    }
    this.tokens.next();
    if (this.tokens.peek().kind === 'rparen') {
      throw this.tokens.fail(this.tokens.peek(), `The list after ${keyword} is empty.`, [
        'a value',
      ]);
    }

    const items: ListItem[] = [this.parseListItem(open)];
    while (this.tokens.peek().kind === 'comma') {
      this.tokens.next();
      items.push(this.parseListItem(open));
    }
    const close = this.tokens.peek();
    if (close.kind === 'eof') throw this.tokens.unclosedParenthesis(open);
    if (close.kind !== 'rparen') {
      throw this.tokens.fail(
        close,
        'Expected , or ) in the list here.',
        [',', ')'],
        ['Separate the values with commas and close the list with ).'],
      );
    }
    this.tokens.next();
    return { kind: 'list', items, span: { start: open.start, end: close.end } };
  }

  private parseListItem(open: Token): ListItem {
    const token = this.tokens.peek();
    if (token.kind === 'rparen') {
      throw this.tokens.fail(
        token,
        'A value is missing before this ).',
        ['a value'],
        ['Remove the trailing comma, or add the missing value.'],
      );
    }
    if (token.kind === 'eof') throw this.tokens.unclosedParenthesis(open);
    if (token.kind === 'comma') {
      throw this.tokens.fail(token, 'A value is missing before this comma.', ['a value']);
    }
    return parseSingle(this.tokens, 'IN');
  }

  // -------------------------------------------------------------------------------------------
  // ORDER BY

  private parseOrderBy(): CqlOrderBy[] {
    this.tokens.next();
    const by = this.tokens.next();
    if (!this.tokens.isKeyword(by, 'by')) {
      throw this.tokens.fail(
        by,
        'Expected BY after ORDER.',
        ['BY'],
        ['Write ORDER BY field [ASC|DESC].'],
      );
    }
    const keys = [this.parseOrderKey('BY')];
    while (this.tokens.peek().kind === 'comma') {
      this.tokens.next();
      keys.push(this.parseOrderKey(','));
    }
    return keys;
  }

  private parseOrderKey(after: string): CqlOrderBy {
    const token = this.tokens.peek();
    if (token.kind !== 'word' || KEYWORDS.has(token.text.toLowerCase())) {
      const what = token.kind === 'eof' ? 'The query ends' : 'A field is missing';
      throw this.tokens.fail(
        token,
        `${what} where ORDER BY needs a field after ${after}.`,
        ['a field such as lastmodified'],
        [
          after === ','
            ? 'Remove the trailing comma, or add another field after it.'
            : 'Name the field to sort by, e.g. ORDER BY lastmodified DESC.',
        ],
      );
    }
    this.tokens.next();
    let direction: 'asc' | 'desc' = 'asc';
    let end = token.end;
    const next = this.tokens.peek();
    if (this.tokens.isKeyword(next, 'asc') || this.tokens.isKeyword(next, 'desc')) {
      this.tokens.next();
      direction = (next as Token & { kind: 'word' }).text.toLowerCase() as 'asc' | 'desc';
      end = next.end;
    }
    return {
      field: canonicalField(token.text),
      fieldText: token.text,
      direction,
      span: { start: token.start, end },
    };
  }

  private expectEnd(afterOrderBy: boolean): void {
    const token = this.tokens.peek();
    if (token.kind === 'eof') return;
    if (token.kind === 'rparen') {
      throw this.tokens.fail(
        token,
        'This ) has no matching (.',
        ['end of query'],
        ['Remove the extra ) or add the missing ( before it.'],
      );
    }
    if (afterOrderBy) {
      throw this.tokens.fail(
        token,
        'Expected , or the end of the query after the ORDER BY field.',
        [',', 'ASC', 'DESC', 'end of query'],
        ['ORDER BY must come last: ORDER BY field [ASC|DESC], field [ASC|DESC].'],
      );
    }
    const word = token.kind === 'word' ? token.text : '';
    const remedies = /^(&&|\|\|)$/.test(word)
      ? [`CQL writes ${word === '&&' ? 'AND' : 'OR'} as a word, not ${word}.`]
      : ['Join conditions with AND or OR.'];
    throw this.tokens.fail(
      token,
      'Expected AND, OR or ORDER BY here.',
      ['AND', 'OR', 'ORDER BY'],
      remedies,
    );
  }

  private missingCondition(token: Token): Error {
    if (token.kind === 'eof') {
      return this.tokens.fail(
        token,
        'The query ends where a condition was expected.',
        ['a condition'],
        ['Complete the condition after the last AND, OR or NOT, or remove that word.'],
      );
    }
    if (token.kind === 'rparen') {
      return this.tokens.fail(token, 'A condition is missing before this ).', ['a condition']);
    }
    if (token.kind === 'op') {
      return this.tokens.fail(
        token,
        `A field is missing before ${token.text}.`,
        ['a field'],
        ['Write conditions as field operator value, e.g. space = DOCS.'],
      );
    }
    const found = this.tokens.describe(token);
    return this.tokens.fail(token, `Expected a condition (field operator value), found ${found}.`, [
      'a field such as space, type, title or label',
    ]);
  }
}

const OPERATOR_NAMES = ['=', '!=', '~', '!~', '>', '>=', '<', '<=', 'IN', 'NOT IN'];

function combine(kind: 'and' | 'or', operands: CqlExpression[]): CqlExpression {
  if (operands.length === 1) return operands[0];
  const flat = operands.flatMap((o) => (o.kind === kind ? o.operands : [o]));
  return {
    kind,
    operands: flat,
    span: { start: operands[0].span.start, end: operands[operands.length - 1].span.end },
  };
}
