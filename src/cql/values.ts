/**
 * Values on the right of an operator: quoted strings, bare words, numbers and function calls
 * such as `now("-4w")`. Bare words that are reserved words or hold reserved characters are
 * refused here, since Confluence only accepts them quoted.
 */
import type { CqlFunctionCall, CqlNumber, CqlString } from './ast';
import { RESERVED_CHARACTERS, RESERVED_WORDS } from './fields';
import { canonicalFunctionName } from './functions';
import { indexOfAny, type Token } from './lexer';
import { spanOf, type TokenStream } from './token-stream';

const NUMBER = /^-?\d+(\.\d+)?$/;

export type ListItem = CqlString | CqlNumber | CqlFunctionCall;

/** One literal or function call, after `operator` (for messages). */
export function parseSingle(tokens: TokenStream, operator: string): ListItem {
  const token = tokens.peek();
  if (token.kind === 'string') {
    tokens.next();
    return { kind: 'string', value: token.value, quote: token.quote, span: spanOf(token) };
  }
  if (token.kind === 'word') {
    if (tokens.peekAt(1).kind === 'lparen') return parseCall(tokens);
    tokens.next();
    return bareValue(tokens, token, operator);
  }
  throw missingValue(tokens, token, operator);
}

function bareValue(
  tokens: TokenStream,
  token: Token & { kind: 'word' },
  operator: string,
): CqlString | CqlNumber {
  if (NUMBER.test(token.text)) {
    return { kind: 'number', value: Number(token.text), raw: token.text, span: spanOf(token) };
  }
  const lower = token.text.toLowerCase();
  if (RESERVED_WORDS.has(lower)) {
    throw tokens.fail(
      token,
      `"${token.text}" is a reserved word where a value was expected.`,
      ['a value'],
      [
        `If "${token.text}" is the value, quote it: "${token.text}".`,
        `Otherwise a value is missing after ${operator.toUpperCase()}.`,
      ],
    );
  }
  const reserved = indexOfAny(token.text, RESERVED_CHARACTERS);
  if (reserved >= 0) {
    const ch = token.text[reserved];
    throw tokens.fail(
      { start: token.start + reserved, end: token.start + reserved + 1 },
      `"${ch}" is a reserved character and must be inside quotes.`,
      ['a quoted value'],
      [`Quote the whole value: "${token.text}".`],
    );
  }
  return { kind: 'string', value: token.text, quote: null, span: spanOf(token) };
}

export function parseCall(tokens: TokenStream): CqlFunctionCall {
  const nameToken = tokens.next() as Token & { kind: 'word' };
  const open = tokens.next();
  const args: Array<CqlString | CqlNumber> = [];
  while (tokens.peek().kind !== 'rparen') {
    if (args.length > 0) {
      const comma = tokens.peek();
      if (comma.kind === 'eof') throw tokens.unclosedParenthesis(open);
      if (comma.kind !== 'comma') {
        throw tokens.fail(comma, 'Expected , or ) in the function arguments here.', [',', ')']);
      }
      tokens.next();
    }
    args.push(parseArgument(tokens, open, nameToken.text));
  }
  const close = tokens.next();
  return {
    kind: 'function',
    name: nameToken.text,
    canonicalName: canonicalFunctionName(nameToken.text),
    args,
    span: { start: nameToken.start, end: close.end },
  };
}

function parseArgument(tokens: TokenStream, open: Token, name: string): CqlString | CqlNumber {
  const token = tokens.peek();
  if (token.kind === 'eof') throw tokens.unclosedParenthesis(open);
  if (token.kind === 'string') {
    tokens.next();
    return { kind: 'string', value: token.value, quote: token.quote, span: spanOf(token) };
  }
  if (token.kind === 'word' && tokens.peekAt(1).kind !== 'lparen') {
    tokens.next();
    if (NUMBER.test(token.text)) {
      return { kind: 'number', value: Number(token.text), raw: token.text, span: spanOf(token) };
    }
    return { kind: 'string', value: token.text, quote: null, span: spanOf(token) };
  }
  throw tokens.fail(
    token,
    `Expected an argument of ${name}() here.`,
    ['a value', ')'],
    ['Function arguments are plain values such as "-4w" or 10, separated by commas.'],
  );
}

function missingValue(tokens: TokenStream, token: Token, operator: string): Error {
  const shown = operator.toUpperCase();
  if (token.kind === 'op' && token.text === '~') {
    return tokens.fail(
      token,
      'A value that starts with ~ must be quoted.',
      ['a quoted value'],
      ['Personal space keys start with ~: write space = "~username".'],
    );
  }
  const where = token.kind === 'eof' ? 'the query ends' : `found ${tokens.describe(token)}`;
  return tokens.fail(
    token,
    `A value is missing after ${shown}: ${where}.`,
    ['a value'],
    [`Add the value after ${shown}; quote it if it contains spaces.`],
  );
}
