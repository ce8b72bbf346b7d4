/**
 * Slash-command text as Slack sends it with `should_escape: true` (see `manifest.yml`): people,
 * channels and links arrive in angle brackets (`<@U123|alice>`, `<@U123>`, `<#C1|general>`,
 * `<https://x|x>`) and `&`, `<`, `>` as `&amp;`, `&lt;`, `&gt;`. The parser reads mentions as
 * user ids and turns everything else back into what the person typed.
 */

const MENTION = /^<@([UW][A-Z0-9]{1,20})(?:\|[^>]*)?>$/;

/** The user id of a mention token (`<@U123|alice>` or `<@U123>`), else `null`. */
export function mentionedUser(token: string): string | null {
  return MENTION.exec(token)?.[1] ?? null;
}

/** Mentions without their label (`<@U123>`), so a label with spaces stays one token. */
export function compactMentions(text: string): string {
  return text.replace(/<@([UW][A-Z0-9]{1,20})\|[^>]*>/g, '<@$1>');
}

/** The text as typed: escaped references become their label, entities their character. */
export function plainText(text: string): string {
  return text
    .replace(/<([@#!])([^>|]+)\|([^>]*)>/g, (_m, sigil: string, _id: string, label: string) =>
      sigil === '#' && !label.startsWith('#') ? `#${label}` : labelOf(sigil, label),
    )
    .replace(/<([@#!])([^>|]+)>/g, (_m, sigil: string, id: string) =>
      sigil === '!' ? `@${id}` : `${sigil}${id}`,
    )
    .replace(/<([^>|\s]+)\|([^>]*)>/g, '$2')
    .replace(/<([^>\s]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function labelOf(sigil: string, label: string): string {
  if (sigil === '@' && !label.startsWith('@')) return `@${label}`;
  return label;
}
