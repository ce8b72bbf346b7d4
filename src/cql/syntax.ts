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
import type {
  CqlClause,
  CqlExpression,
  CqlFunctionCall,
  CqlList,
  CqlNumber,
  CqlOperator,
  CqlOrderBy,
  CqlQuery,
  CqlString,
  CqlValue,
} from './ast';
import { canonicalField, RESERVED_CHARACTERS, RESERVED_WORDS } from './fields';
import { canonicalFunctionName } from './functions';
import { tokenize, type Token } from './lexer';
import { cqlError } from './problem';

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'order', 'by', 'asc', 'desc']);
const NUMBER = /^-?\d+(\.\d+)?$/;

type ListItem = CqlString | CqlNumber | CqlFunctionCall;

/** Parses the structure of `text`; throws `invalid_cql` at the first structural problem. */
export function parseCqlSyntax(text: string): CqlQuery {
  return new SyntaxParser(text, tokenize(text)).parseQuery();
}

class SyntaxParser {
  private index = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  parseQuery(): CqlQuery {
    if (this.peek().kind === 'eof') {
      throw this.fail(
        this.peek(),
        'The query is empty.',
        ['a condition such as space = DOCS'],
        ['Write at least one condition, for example: space = DOCS AND type = page'],
      );
    }
    const where = this.isKeyword(this.peek(), 'order') ? null : this.parseOr();
    const orderBy = this.isKeyword(this.peek(), 'order') ? this.parseOrderBy() : [];
    this.expectEnd(orderBy.length > 0);
    return { kind: 'query', where, orderBy, span: { start: 0, end: this.text.length } };
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  private parseOr(): CqlExpression {
    const operands = [this.parseAnd()];
    while (this.isKeyword(this.peek(), 'or')) {
      this.next();
      operands.push(this.parseAnd());
    }
    return combine('or', operands);
  }

  private parseAnd(): CqlExpression {
    const operands = [this.parseNot()];
    while (this.isKeyword(this.peek(), 'and')) {
      this.next();
      operands.push(this.parseNot());
    }
    return combine('and', operands);
  }

  private parseNot(): CqlExpression {
    const token = this.peek();
    if (this.isKeyword(token, 'not')) {
      this.next();
      const operand = this.parseNot();
      return { kind: 'not', operand, span: { start: token.start, end: operand.span.end } };
    }
    if (token.kind === 'lparen') return this.parseGroup();
    return this.parseClause();
  }

  private parseGroup(): CqlExpression {
    const open = this.next();
    if (this.peek().kind === 'rparen') {
      throw this.fail(this.peek(), 'These parentheses are empty.', ['a condition']);
    }
    const inner = this.parseOr();
    const close = this.peek();
    if (close.kind === 'rparen') {
      this.next();
      return inner;
    }
    if (close.kind === 'eof') throw this.unclosedParenthesis(open);
    throw this.fail(
      close,
      `Expected AND, OR or ) here.`,
      ['AND', 'OR', ')'],
      ['Join conditions with AND or OR, and close every ( with a ).'],
    );
  }

  // -------------------------------------------------------------------------------------------
  // Clauses

  private parseClause(): CqlClause {
    const fieldToken = this.peek();
    if (fieldToken.kind !== 'word' || KEYWORDS.has(fieldToken.text.toLowerCase())) {
      throw this.missingCondition(fieldToken);
    }
    this.next();
    const { operator, span: operatorSpan } = this.parseOperator(fieldToken);
    const value =
      operator === 'in' || operator === 'not in'
        ? this.parseList(operator)
        : this.parseValue(operator);
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
    const token = this.next();
    if (token.kind === 'op') return { operator: token.text, span: spanOf(token) };
    if (this.isKeyword(token, 'in')) return { operator: 'in', span: spanOf(token) };
    if (this.isKeyword(token, 'not')) {
      const inToken = this.next();
      if (this.isKeyword(inToken, 'in')) {
        return { operator: 'not in', span: { start: token.start, end: inToken.end } };
      }
      throw this.fail(
        inToken,
        'Expected IN after NOT here.',
        ['IN'],
        [`Write "${fieldToken.text} NOT IN (a, b)", or "NOT ${fieldToken.text} = value".`],
      );
    }
    throw this.fail(token, `Expected an operator after "${fieldToken.text}".`, OPERATOR_NAMES, [
      'Operators are =, !=, ~, !~, >, >=, <, <=, IN and NOT IN.',
      ...(token.kind === 'word' && /^(is|like|contains|has)$/i.test(token.text)
        ? [`CQL has no "${token.text}": use = for equality or ~ for "contains".`]
        : []),
    ]);
  }

  private parseList(operator: 'in' | 'not in'): CqlList {
    const open = this.peek();
    const keyword = operator.toUpperCase();

    // `space IN favouriteSpaces()`: a function that returns several values stands for the list.
    if (open.kind === 'word' && this.peekAt(1).kind === 'lparen') {
      const call = this.parseCall();
      return { kind: 'list', items: [call], span: call.span };
    }
    if (open.kind !== 'lparen') {
      throw this.fail(
        open,
        `${keyword} needs a list of values in parentheses.`,
        ['('],
        [`Write the values in parentheses, separated by commas: ${keyword} (DOCS, "TEAM")`],
      );
    }
    this.next();
    if (this.peek().kind === 'rparen') {
      throw this.fail(this.peek(), `The list after ${keyword} is empty.`, ['a value']);
    }

    const items: ListItem[] = [this.parseListItem(open)];
    while (this.peek().kind === 'comma') {
      this.next();
      items.push(this.parseListItem(open));
    }
    const close = this.peek();
    if (close.kind === 'eof') throw this.unclosedParenthesis(open);
    if (close.kind !== 'rparen') {
      throw this.fail(
        close,
        'Expected , or ) in the list here.',
        [',', ')'],
        ['Separate the values with commas and close the list with ).'],
      );
    }
    this.next();
    return { kind: 'list', items, span: { start: open.start, end: close.end } };
  }

  private parseListItem(open: Token): ListItem {
    const token = this.peek();
    if (token.kind === 'rparen') {
      throw this.fail(
        token,
        'A value is missing before this ).',
        ['a value'],
        ['Remove the trailing comma, or add the missing value.'],
      );
    }
    if (token.kind === 'eof') throw this.unclosedParenthesis(open);
    if (token.kind === 'comma') {
      throw this.fail(token, 'A value is missing before this comma.', ['a value']);
    }
    return this.parseSingle('IN');
  }

  private parseValue(operator: CqlOperator): CqlValue {
    return this.parseSingle(operator);
  }

  /** One literal or function call, after `operator` (for messages). */
  private parseSingle(operator: string): ListItem {
    const token = this.peek();
    if (token.kind === 'string') {
      this.next();
      return { kind: 'string', value: token.value, quote: token.quote, span: spanOf(token) };
    }
    if (token.kind === 'word') {
      if (this.peekAt(1).kind === 'lparen') return this.parseCall();
      this.next();
      return this.bareValue(token, operator);
    }
    throw this.missingValue(token, operator);
  }

  private bareValue(token: Token & { kind: 'word' }, operator: string): CqlString | CqlNumber {
    if (NUMBER.test(token.text)) {
      return { kind: 'number', value: Number(token.text), raw: token.text, span: spanOf(token) };
    }
    const lower = token.text.toLowerCase();
    if (RESERVED_WORDS.has(lower)) {
      throw this.fail(
        token,
        `"${token.text}" is a reserved word where a value was expected.`,
        ['a value'],
        [
          `If "${token.text}" is the value, quote it: "${token.text}".`,
          `Otherwise a value is missing after ${operator.toUpperCase()}.`,
        ],
      );
    }
    const reserved = [...token.text].findIndex((c) => RESERVED_CHARACTERS.includes(c));
    if (reserved >= 0) {
      const ch = token.text[reserved];
      throw this.fail(
        { start: token.start + reserved, end: token.start + reserved + 1 },
        `"${ch}" is a reserved character and must be inside quotes.`,
        ['a quoted value'],
        [`Quote the whole value: "${token.text}".`],
      );
    }
    return { kind: 'string', value: token.text, quote: null, span: spanOf(token) };
  }

  private parseCall(): CqlFunctionCall {
    const nameToken = this.next() as Token & { kind: 'word' };
    const open = this.next();
    const args: Array<CqlString | CqlNumber> = [];
    while (this.peek().kind !== 'rparen') {
      if (args.length > 0) {
        const comma = this.peek();
        if (comma.kind === 'eof') throw this.unclosedParenthesis(open);
        if (comma.kind !== 'comma') {
          throw this.fail(comma, 'Expected , or ) in the function arguments here.', [',', ')']);
        }
        this.next();
      }
      args.push(this.parseArgument(open, nameToken.text));
    }
    const close = this.next();
    return {
      kind: 'function',
      name: nameToken.text,
      canonicalName: canonicalFunctionName(nameToken.text),
      args,
      span: { start: nameToken.start, end: close.end },
    };
  }

  private parseArgument(open: Token, name: string): CqlString | CqlNumber {
    const token = this.peek();
    if (token.kind === 'eof') throw this.unclosedParenthesis(open);
    if (token.kind === 'string') {
      this.next();
      return { kind: 'string', value: token.value, quote: token.quote, span: spanOf(token) };
    }
    if (token.kind === 'word' && this.peekAt(1).kind !== 'lparen') {
      this.next();
      if (NUMBER.test(token.text)) {
        return { kind: 'number', value: Number(token.text), raw: token.text, span: spanOf(token) };
      }
      return { kind: 'string', value: token.text, quote: null, span: spanOf(token) };
    }
    throw this.fail(
      token,
      `Expected an argument of ${name}() here.`,
      ['a value', ')'],
      ['Function arguments are plain values such as "-4w" or 10, separated by commas.'],
    );
  }

  // -------------------------------------------------------------------------------------------
  // ORDER BY

  private parseOrderBy(): CqlOrderBy[] {
    this.next();
    const by = this.next();
    if (!this.isKeyword(by, 'by')) {
      throw this.fail(by, 'Expected BY after ORDER.', ['BY'], ['Write ORDER BY field [ASC|DESC].']);
    }
    const keys = [this.parseOrderKey('BY')];
    while (this.peek().kind === 'comma') {
      this.next();
      keys.push(this.parseOrderKey(','));
    }
    return keys;
  }

  private parseOrderKey(after: string): CqlOrderBy {
    const token = this.peek();
    if (token.kind !== 'word' || KEYWORDS.has(token.text.toLowerCase())) {
      const what = token.kind === 'eof' ? 'The query ends' : 'A field is missing';
      throw this.fail(
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
    this.next();
    let direction: 'asc' | 'desc' = 'asc';
    let end = token.end;
    const next = this.peek();
    if (this.isKeyword(next, 'asc') || this.isKeyword(next, 'desc')) {
      this.next();
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
    const token = this.peek();
    if (token.kind === 'eof') return;
    if (token.kind === 'rparen') {
      throw this.fail(
        token,
        'This ) has no matching (.',
        ['end of query'],
        ['Remove the extra ) or add the missing ( before it.'],
      );
    }
    if (afterOrderBy) {
      throw this.fail(
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
    throw this.fail(
      token,
      'Expected AND, OR or ORDER BY here.',
      ['AND', 'OR', 'ORDER BY'],
      remedies,
    );
  }

  // -------------------------------------------------------------------------------------------
  // Tokens and errors

  private peek(): Token {
    return this.tokens[this.index];
  }

  private peekAt(ahead: number): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)];
  }

  private next(): Token {
    const token = this.tokens[this.index];
    if (token.kind !== 'eof') this.index += 1;
    return token;
  }

  private isKeyword(token: Token, keyword: string): boolean {
    return token.kind === 'word' && token.text.toLowerCase() === keyword;
  }

  private describe(site: { start: number; end: number }): string {
    return site.start >= this.text.length ? 'end of query' : this.text.slice(site.start, site.end);
  }

  private fail(
    site: { start: number; end: number },
    message: string,
    expected: string[] = [],
    remedies: string[] = [],
  ): Error {
    const found = this.describe(site);
    return cqlError(
      this.text,
      { position: site.start, length: site.end - site.start, found, expected },
      message,
      remedies,
    );
  }

  private unclosedParenthesis(open: Token): Error {
    return this.fail(open, 'This ( is never closed.', [')'], ['Add the missing ).']);
  }

  private missingCondition(token: Token): Error {
    if (token.kind === 'eof') {
      return this.fail(
        token,
        'The query ends where a condition was expected.',
        ['a condition'],
        ['Complete the condition after the last AND, OR or NOT, or remove that word.'],
      );
    }
    if (token.kind === 'rparen') {
      return this.fail(token, 'A condition is missing before this ).', ['a condition']);
    }
    if (token.kind === 'op') {
      return this.fail(
        token,
        `A field is missing before ${token.text}.`,
        ['a field'],
        ['Write conditions as field operator value, e.g. space = DOCS.'],
      );
    }
    const found = this.describe(token);
    return this.fail(token, `Expected a condition (field operator value), found ${found}.`, [
      'a field such as space, type, title or label',
    ]);
  }

  private missingValue(token: Token, operator: string): Error {
    const shown = operator.toUpperCase();
    if (token.kind === 'op' && token.text === '~') {
      return this.fail(
        token,
        'A value that starts with ~ must be quoted.',
        ['a quoted value'],
        ['Personal space keys start with ~: write space = "~username".'],
      );
    }
    const where = token.kind === 'eof' ? 'the query ends' : `found ${this.describe(token)}`;
    return this.fail(
      token,
      `A value is missing after ${shown}: ${where}.`,
      ['a value'],
      [`Add the value after ${shown}; quote it if it contains spaces.`],
    );
  }
}

const OPERATOR_NAMES = ['=', '!=', '~', '!~', '>', '>=', '<', '<=', 'IN', 'NOT IN'];

function spanOf(token: Token): { start: number; end: number } {
  return { start: token.start, end: token.end };
}

function combine(kind: 'and' | 'or', operands: CqlExpression[]): CqlExpression {
  if (operands.length === 1) return operands[0];
  const flat = operands.flatMap((o) => (o.kind === kind ? o.operands : [o]));
  return {
    kind,
    operands: flat,
    span: { start: operands[0].span.start, end: operands[operands.length - 1].span.end },
  };
}
