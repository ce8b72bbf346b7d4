/**
 * Images and emoticons. An image becomes a short placeholder naming it (`[image: diagram.png]`,
 * from the alt text, the caption, the attachment file name or the URL's last path segment); an
 * emoticon becomes its emoji, or `:name:` when no emoji is known.
 */
import type { RenderContext } from './context';
import { attr, type Element, findDescendant, firstChild, plainText } from './dom';

/** Confluence's legacy emoticon names and the emoji the editor shows for them. */
const LEGACY_EMOTICONS: Readonly<Record<string, string>> = {
  smile: '🙂',
  sad: '🙁',
  cheeky: '😛',
  laugh: '😀',
  wink: '😉',
  'thumbs-up': '👍',
  'thumbs-down': '👎',
  information: 'ℹ️',
  tick: '✅',
  cross: '❌',
  warning: '⚠️',
  plus: '➕',
  minus: '➖',
  question: '❓',
  'light-on': '💡',
  'yellow-star': '⭐',
  heart: '❤️',
  'broken-heart': '💔',
};

/** `1f642` or `31-20e3` (code points in hex) to the emoji; `undefined` when not code points. */
function emojiFromId(id: string | undefined): string | undefined {
  const parts = id?.trim().toLowerCase().split('-') ?? [];
  if (parts.length === 0 || !parts.every((part) => /^[0-9a-f]{2,6}$/.test(part))) return undefined;
  const points = parts.map((part) => parseInt(part, 16));
  if (points.some((point) => point > 0x10ffff)) return undefined;
  return String.fromCodePoint(...points);
}

/** The emoji for a legacy name, or `:name:`; empty when there is no name. */
function emojiFromName(name: string | undefined): string {
  const key = name?.trim().toLowerCase() ?? '';
  if (key === '') return '';
  return LEGACY_EMOTICONS[key] ?? `:${key}:`;
}

function emoticon(element: Element): string {
  const fallback = attr(element, 'ac:emoji-fallback')?.trim();
  if (fallback) return fallback;
  const fromId = emojiFromId(attr(element, 'ac:emoji-id'));
  if (fromId) return fromId;
  const shortname = attr(element, 'ac:emoji-shortname')?.trim();
  if (shortname) return shortname.endsWith(':') ? shortname : `${shortname}:`;
  return emojiFromName(attr(element, 'ac:name'));
}

/** Old pages show emoticons as images with class `emoticon emoticon-smile`. */
function legacyEmoticon(classes: string | undefined): string | undefined {
  const name = /\bemoticon-([\w-]+)/.exec(classes ?? '')?.[1];
  return name === undefined ? undefined : emojiFromName(name);
}

/** The last path segment of a URL, decoded, without query or fragment. */
export function lastPathSegment(url: string): string {
  const path = url.trim().split(/[?#]/)[0] ?? '';
  const segment = path.split('/').filter(Boolean).pop() ?? '';
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function placeholder(name: string): string {
  return name === '' ? '[image]' : `[image: ${name.replace(/[[\]]/g, '')}]`;
}

function confluenceImage(element: Element): string {
  const emoji = legacyEmoticon(attr(element, 'ac:class'));
  if (emoji !== undefined) return emoji;
  const alt = attr(element, 'ac:alt')?.trim();
  const caption = firstChild(element, 'ac:caption');
  const attachment = findDescendant(element, ['ri:attachment']);
  const url = findDescendant(element, ['ri:url']);
  const name =
    alt ||
    (caption ? plainText(caption) : '') ||
    (attachment ? attr(attachment, 'ri:filename')?.trim() : '') ||
    (url ? lastPathSegment(attr(url, 'ri:value') ?? '') : '');
  return placeholder(name ?? '');
}

function htmlImage(element: Element): string {
  const emoji = legacyEmoticon(attr(element, 'class'));
  if (emoji !== undefined) return emoji;
  const name =
    attr(element, 'alt')?.trim() ||
    attr(element, 'title')?.trim() ||
    lastPathSegment(attr(element, 'src') ?? '');
  return placeholder(name);
}

export const MEDIA: Readonly<Record<string, (element: Element, ctx: RenderContext) => string>> = {
  'ac:image': confluenceImage,
  img: htmlImage,
  'ac:emoticon': emoticon,
};
