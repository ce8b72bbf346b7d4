/**
 * Splits slash-command text into words, keeping quoted phrases whole: `edit "Team Docs"` gives
 * `['edit', 'Team Docs']`. Straight and curly quotes both work (Slack clients turn `"` into `“”`).
 */
export interface Token {
  value: string;
  /** Offset of the token's first character (its opening quote, if quoted) in the text. */
  start: number;
  quoted: boolean;
}

const OPENING: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’' };

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i])) {
      i += 1;
      continue;
    }
    const closing = OPENING[text[i]];
    if (closing) {
      const end = text.indexOf(closing, i + 1);
      if (end > i) {
        tokens.push({ value: text.slice(i + 1, end), start: i, quoted: true });
        i = end + 1;
        continue;
      }
    }
    const start = i;
    while (i < text.length && !/\s/.test(text[i])) i += 1;
    tokens.push({ value: text.slice(start, i), start, quoted: false });
  }
  return tokens;
}

/**
 * The argument after the subcommand: a single quoted phrase as written, or else the rest of the
 * text with its spaces collapsed, so `edit Team Docs` and `edit "Team Docs"` name the same thing.
 */
export function restAfter(text: string, tokens: Token[], index: number): string {
  const rest = tokens.slice(index);
  if (rest.length === 1 && rest[0].quoted) return rest[0].value.trim();
  if (rest.length === 0) return '';
  return text.slice(rest[0].start).trim().replace(/\s+/g, ' ');
}
