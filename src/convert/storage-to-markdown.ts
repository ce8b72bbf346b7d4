/**
 * Confluence storage format (XHTML with `ac:`/`ri:` markup) to Markdown, keeping what carries
 * meaning and dropping editor chrome. Called by the indexing pipeline (through `pageToChunks`)
 * and by the `convert` command. Never throws: malformed bodies come out as their text.
 */
import { parseStorage, textOf } from './dom';
import { tidyParagraph } from './markdown-text';
import { renderBlocks } from './render';

export interface ConvertOptions {
  /**
   * The site the page comes from (for example `https://acme.atlassian.net`), used to make
   * site-relative links (`/wiki/spaces/...`) absolute. Without it they stay relative.
   */
  baseUrl?: string;
}

/** Blocks separated by one blank line, no trailing spaces, non-breaking spaces as spaces. */
function tidy(texts: readonly string[]): string {
  return texts
    .map((text) =>
      text
        .replace(/\u00a0/g, ' ')
        .split('\n')
        .map((line) => line.trimEnd())
        .join('\n')
        .replace(/^\n+|\n+$/g, ''),
    )
    .filter((text) => text !== '')
    .join('\n\n');
}

/** Last resort when rendering fails: the text, one paragraph per line. */
function plainTextFallback(storage: string): string {
  let text: string;
  try {
    text = textOf(parseStorage(storage).children, { blockBreaks: true });
  } catch {
    text = storage.replace(/<[^>]*>/g, ' ');
  }
  return tidy(tidyParagraph(text).split('\n'));
}

/** Converts one page body. Output has no trailing newline; empty bodies give `''`. */
export function storageToMarkdown(storage: string, options: ConvertOptions = {}): string {
  try {
    const blocks = renderBlocks(parseStorage(storage).children, options.baseUrl);
    return tidy(blocks.map((block) => block.text));
  } catch {
    return plainTextFallback(storage);
  }
}
