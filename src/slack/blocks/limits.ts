/**
 * Block Kit limits (see `shared/reference/slack-platform.md` §2) and the helpers that keep every
 * text, option and block list within them. View and message builders pass every piece of outside
 * text (names, titles, CQL, error messages) through these, so that a long name never makes Slack
 * reject a whole view.
 */
export const BLOCK_LIMITS = {
  /** Blocks in one message. */
  messageBlocks: 50,
  /** Blocks in one modal or Home tab. */
  viewBlocks: 100,
  /** Modal title, submit and close labels. */
  viewTitle: 24,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextText: 3000,
  inputLabel: 2000,
  inputHint: 2000,
  placeholder: 150,
  optionText: 75,
  optionValue: 75,
  options: 100,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  privateMetadata: 3000,
  plainTextInput: 3000,
  url: 3000,
  /** `text` of chat.update (chat.postMessage is more lenient; the same cap is used for both). */
  messageText: 4000,
} as const;

const ELLIPSIS = '…';

/**
 * Cuts `text` to at most `max` UTF-16 code units (what Slack counts), ending with an ellipsis when
 * cut, never splitting a surrogate pair. Empty text becomes `fallback` (Slack rejects empty texts).
 */
export function truncate(text: string, max: number, fallback = ' '): string {
  const value = text.length === 0 ? fallback : text;
  if (value.length <= max) return value;
  let end = max - ELLIPSIS.length;
  const code = value.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${value.slice(0, Math.max(0, end))}${ELLIPSIS}`;
}

/**
 * Keeps at most `max` blocks. When some must go, the last kept block is replaced by `notice(n)`,
 * a block telling how many were left out, so the reader knows the list is incomplete.
 */
export function fitBlocks<T>(blocks: T[], max: number, notice: (omitted: number) => T): T[] {
  if (blocks.length <= max) return blocks;
  const kept = blocks.slice(0, max - 1);
  return [...kept, notice(blocks.length - kept.length)];
}

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A mrkdwn link whose label cannot break out of the `<url|label>` syntax. */
export function mrkdwnLink(url: string, label: string): string {
  const safeLabel = escapeMrkdwn(label).replace(/\|/g, '¦');
  if (!/^https?:\/\//i.test(url) || url.length > BLOCK_LIMITS.url) return safeLabel;
  return `<${url.replace(/[<>|\s]/g, encodeURIComponent)}|${safeLabel}>`;
}
