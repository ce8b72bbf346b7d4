/**
 * Splits a CQL query into tokens for the parser. Bare words are deliberately generous (any run of
 * characters that are not spaces, quotes, parentheses, commas or operator characters) so that the
 * parser can say precisely what is wrong with a word instead of failing on its first odd character.
 */
import { cqlError } from './problem';

export type ComparisonText = '=' | '!=' | '~' | '!~' | '>' | '>=' | '<' | '<=';

export type Token =
  | { kind: 'word'; text: string; start: number; end: number }
  | { kind: 'string'; value: string; quote: '"' | "'"; start: number; end: number }
  | { kind: 'op'; text: ComparisonText; start: number; end: number }
  | { kind: 'lparen' | 'rparen' | 'comma' | 'eof'; start: number; end: number };

const COMPARISONS: ReadonlySet<string> = new Set(['=', '!=', '~', '!~', '>', '>=', '<', '<=']);
const OPERATOR_CHARS = '=!~<>';
const DELIMITERS = `()," '`;
const CURLY_QUOTES = '\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb';

/** What people type for an operator CQL does not have, and what they meant. */
const OPERATOR_HINTS: Record<string, string> = {
  '==': 'CQL compares with a single =',
  '<>': 'CQL writes "not equal" as !=',
  '=<': 'CQL writes "at most" as <=',
  '=>': 'CQL writes "at least" as >=',
  '~=': 'CQL writes "contains" as ~',
  '=~': 'CQL writes "contains" as ~; a value that starts with ~ (a personal space key) must be quoted',
  '!': 'use NOT before a clause, or the operators != and !~',
  '!=~': 'use !~ for "does not contain"',
};

function isSpace(ch: string): boolean {
  return /\s/.test(ch);
}

function isWordChar(ch: string): boolean {
  return !isSpace(ch) && !DELIMITERS.includes(ch) && !OPERATOR_CHARS.includes(ch);
}

/** Tokenizes `text`; throws `invalid_cql` for an unclosed quote, curly quotes or a bad operator. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (isSpace(ch)) {
      i += 1;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      const kind = ch === '(' ? 'lparen' : ch === ')' ? 'rparen' : 'comma';
      tokens.push({ kind, start: i, end: i + 1 });
      i += 1;
    } else if (ch === '"' || ch === "'") {
      const token = readQuoted(text, i);
      tokens.push(token);
      i = token.end;
    } else if (OPERATOR_CHARS.includes(ch)) {
      const token = readOperator(text, i);
      tokens.push(token);
      i = token.end;
    } else {
      const token = readWord(text, i);
      tokens.push(token);
      i = token.end;
    }
  }
  tokens.push({ kind: 'eof', start: text.length, end: text.length });
  return tokens;
}

/** A quoted value from the opening quote at `start`; backslash escapes the next character. */
function readQuoted(text: string, start: number): Token {
  const quote = text[start] as '"' | "'";
  let value = '';
  let i = start + 1;
  while (i < text.length && text[i] !== quote) {
    if (text[i] === '\\' && i + 1 < text.length) {
      value += unescape(text[i + 1]);
      i += 2;
    } else {
      value += text[i];
      i += 1;
    }
  }
  if (i >= text.length) throw unclosedQuote(text, start, quote);
  return { kind: 'string', value, quote, start, end: i + 1 };
}

function unescape(ch: string): string {
  if (ch === 'n') return '\n';
  if (ch === 't') return '\t';
  if (ch === 'r') return '\r';
  return ch;
}

function unclosedQuote(text: string, start: number, quote: string): Error {
  const name = quote === '"' ? 'double quote (")' : "single quote (')";
  const remedies = [`Add the closing ${quote} after the value.`];
  if (/\\["']\s*$/.test(text)) {
    remedies.push('A backslash before a quote makes it part of the value: remove the backslash.');
  }
  if (quote === "'") {
    remedies.push(`If the value contains an apostrophe, quote it with " instead.`);
  }
  return cqlError(
    text,
    { position: start, found: quote, expected: [`a closing ${quote}`] },
    `This ${name} is never closed.`,
    remedies,
  );
}

function readOperator(text: string, start: number): Token {
  let end = start;
  while (end < text.length && OPERATOR_CHARS.includes(text[end])) end += 1;
  const found = text.slice(start, end);
  if (COMPARISONS.has(found)) {
    return { kind: 'op', text: found as ComparisonText, start, end };
  }
  const hint = OPERATOR_HINTS[found];
  throw cqlError(
    text,
    { position: start, length: found.length, found, expected: ['an operator'] },
    `"${found}" is not a CQL operator${hint ? `: ${hint}` : ''}.`,
    ['Operators are =, !=, ~, !~, >, >=, <, <=, IN and NOT IN.'],
  );
}

function readWord(text: string, start: number): Token {
  let end = start;
  while (end < text.length && isWordChar(text[end])) end += 1;
  const word = text.slice(start, end);
  const curly = indexOfAny(word, CURLY_QUOTES);
  if (curly >= 0) {
    throw cqlError(
      text,
      { position: start + curly, found: word[curly], expected: ['a straight quote (" or \')'] },
      `"${word[curly]}" is a typographic quote, which CQL does not understand.`,
      [
        'Replace curly quotes with straight ones (" or \'); editors and chat apps often convert them.',
      ],
    );
  }
  return { kind: 'word', text: word, start, end };
}

/** Index (in UTF-16 units, as offsets count) of the first character of `text` found in `chars`. */
export function indexOfAny(text: string, chars: string): number {
  for (let i = 0; i < text.length; i += 1) if (chars.includes(text[i])) return i;
  return -1;
}
