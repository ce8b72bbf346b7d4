/**
 * Links: external `<a href>` as Markdown links, and Confluence `ac:link`s to pages, blog posts,
 * attachments, anchors, spaces and users. Confluence links carry titles, not URLs, and no URL is
 * guessed for them: a page link reads as its label, followed by the page title in parentheses
 * when the label differs (`Kafka compression (Compression)`); a mention reads `@Name`, or
 * `@<account id/user key/user name>` when no name is known.
 */
import { type RenderContext, withContext } from './context';
import { attr, childElements, type Element, firstChild, plainText } from './dom';
import { collapseWhitespace } from './markdown-text';

const SAFE_SCHEME = /^(https?|mailto|ftp|tel):/i;
const ANY_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** A link target safe to print: no script URLs; site-relative paths resolved against the base. */
export function safeHref(href: string | undefined, baseUrl?: string): string | undefined {
  const trimmed = href?.trim() ?? '';
  if (trimmed === '') return undefined;
  if (ANY_SCHEME.test(trimmed) && !SAFE_SCHEME.test(trimmed)) return undefined;
  let resolved = trimmed;
  if (baseUrl && trimmed.startsWith('/') && !trimmed.startsWith('//')) {
    try {
      resolved = new URL(trimmed, baseUrl).toString();
    } catch {
      resolved = trimmed;
    }
  }
  return resolved.replace(/[\s()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sameText(a: string, b: string): boolean {
  return collapseWhitespace(a).trim().toLowerCase() === collapseWhitespace(b).trim().toLowerCase();
}

/** Escapes the brackets of a link text when they do not pair up (they would end the text). */
function bracketSafe(text: string): string {
  let depth = 0;
  for (const c of text) {
    depth += c === '[' ? 1 : c === ']' ? -1 : 0;
    if (depth < 0) break;
  }
  return depth === 0 ? text : text.replace(/[[\]]/g, (c) => `\\${c}`);
}

/** `[text](href)`, or just the address when the text is the address itself. */
export function markdownLink(text: string, href: string | undefined): string {
  const label = collapseWhitespace(text).trim();
  if (href === undefined) return label;
  const address = href.replace(/^mailto:/i, '');
  if (label === '' || sameText(label, href) || sameText(label, address)) {
    return href.startsWith('#') ? label : address;
  }
  return `[${bracketSafe(label)}](${href})`;
}

function anchorLink(element: Element, ctx: RenderContext): string {
  const text = ctx.render.inline(element.children, withContext(ctx, { inLink: true }));
  if (ctx.inLink || ctx.inCode) return text;
  return markdownLink(text, safeHref(attr(element, 'href'), ctx.baseUrl));
}

/** The label written in an `ac:link`: plain-text body (CDATA) or rich link body. */
function linkLabel(element: Element, ctx: RenderContext): string {
  const plain = firstChild(element, 'ac:plain-text-link-body');
  if (plain) return plainText(plain);
  const rich = firstChild(element, 'ac:link-body');
  if (!rich) return '';
  const inner = ctx.render.inline(rich.children, withContext(ctx, { inLink: true }));
  return collapseWhitespace(inner).trim();
}

/** Label plus target title, without repeating a label that already says the title. */
function describe(label: string, target: string): string {
  if (target === '') return label;
  if (label === '') return target;
  if (sameText(label, target)) return label;
  return `${label} (${target})`;
}

/** `@self`/`@home` are placeholders for the current page and the space home, not titles. */
function pageTitle(resource: Element): string {
  const title = attr(resource, 'ri:content-title')?.trim() ?? '';
  return title.startsWith('@') ? '' : title;
}

function mention(user: Element, label: string): string {
  const id =
    attr(user, 'ri:account-id') ?? attr(user, 'ri:userkey') ?? attr(user, 'ri:username') ?? '';
  const name = label || id.trim();
  if (name === '') return '';
  return name.startsWith('@') ? name : `@${name}`;
}

function targetOf(resource: Element, anchor: string): string {
  switch (resource.name) {
    case 'ri:page':
    case 'ri:blog-post': {
      const title = pageTitle(resource);
      return anchor && title ? `${title}#${anchor}` : title || (anchor ? `#${anchor}` : '');
    }
    case 'ri:attachment':
      return attr(resource, 'ri:filename')?.trim() ?? '';
    case 'ri:space':
      return attr(resource, 'ri:space-key')?.trim() ?? '';
    case 'ri:shortcut':
      return attr(resource, 'ri:parameter')?.trim() ?? '';
    case 'ri:content-entity':
      return '';
    default:
      return '';
  }
}

function confluenceLink(element: Element, ctx: RenderContext): string {
  const label = linkLabel(element, ctx);
  const anchor = attr(element, 'ac:anchor')?.trim() ?? '';
  const resource = childElements(element).find((child) => child.name.startsWith('ri:'));

  if (resource?.name === 'ri:user') return mention(resource, label);
  if (resource?.name === 'ri:url') {
    const href = safeHref(attr(resource, 'ri:value'), ctx.baseUrl);
    return ctx.inLink || ctx.inCode ? label : markdownLink(label, href);
  }
  if (resource) return describe(label, targetOf(resource, anchor));
  if (anchor === '') return label;
  if (ctx.inLink || ctx.inCode || label === '') return label || `#${anchor}`;
  return markdownLink(label, safeHref(`#${anchor}`));
}

export const LINKS: Readonly<Record<string, (element: Element, ctx: RenderContext) => string>> = {
  a: anchorLink,
  'ac:link': confluenceLink,
};
