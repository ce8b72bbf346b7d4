/**
 * A cursor over the tokens of one query, with the error builder the parsers share: every error
 * names the offending text as found and what would have been valid there.
 */
import type { Token } from './lexer';
import { cqlError } from './problem';

export type Site = { start: number; end: number };

export class TokenStream {
  private index = 0;

  constructor(
    readonly text: string,
    private readonly tokens: Token[],
  ) {}

  peek(): Token {
    return this.tokens[this.index];
  }

  peekAt(ahead: number): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)];
  }

  next(): Token {
    const token = this.tokens[this.index];
    if (token.kind !== 'eof') this.index += 1;
    return token;
  }

  isKeyword(token: Token, keyword: string): boolean {
    return token.kind === 'word' && token.text.toLowerCase() === keyword;
  }

  describe(site: Site): string {
    return site.start >= this.text.length ? 'end of query' : this.text.slice(site.start, site.end);
  }

  fail(site: Site, message: string, expected: string[] = [], remedies: string[] = []): Error {
    const found = this.describe(site);
    return cqlError(
      this.text,
      { position: site.start, length: site.end - site.start, found, expected },
      message,
      remedies,
    );
  }

  unclosedParenthesis(open: Token): Error {
    return this.fail(open, 'This ( is never closed.', [')'], ['Add the missing ).']);
  }
}

export function spanOf(token: Token): Site {
  return { start: token.start, end: token.end };
}
