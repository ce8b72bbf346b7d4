/**
 * Callouts and collapsible sections. `info`/`note`/`warning`/`tip` (and Cloud's ADF panels)
 * become block quotes opening with a bold label and their title (`> **Note:** ...`); `panel`
 * becomes a block quote opening with its icon and title; `expand` keeps its title in bold above
 * its body.
 */
import type { Block, RenderContext } from './context';
import { attr, childElements, type Element, firstChild, plainText } from './dom';
import { quote } from './markdown-text';
import { parameterText, richBodies } from './macro-parts';

const LABELS: Readonly<Record<string, string>> = {
  info: 'Info',
  note: 'Note',
  warning: 'Warning',
  tip: 'Tip',
  success: 'Success',
  error: 'Error',
};

function bodyBlocks(element: Element, ctx: RenderContext): Block[] {
  return richBodies(element).flatMap((body) => ctx.render.flow(body.children, ctx));
}

/**
 * A block quote starting with `head`. The head shares the first line with the first paragraph
 * when `inline` is set and the body starts with one; otherwise it stands on its own line.
 */
function callout(head: string, blocks: Block[], inline: boolean): Block[] {
  const texts = blocks.map((block) => block.text);
  if (head !== '') {
    if (inline && blocks[0]?.kind === 'paragraph') texts[0] = `${head} ${texts[0]}`;
    else texts.unshift(head);
  }
  if (texts.length === 0) return [];
  return [{ kind: 'quote', text: quote(texts.join('\n\n')) }];
}

function labelled(label: string, title: string, blocks: Block[]): Block[] {
  const head = `**${label}:**${title ? ` ${title}` : ''}`;
  return callout(head, blocks, title === '');
}

export function admonitionMacro(name: string) {
  return (element: Element, ctx: RenderContext): Block[] =>
    labelled(LABELS[name] ?? name, parameterText(element, 'title'), bodyBlocks(element, ctx));
}

export function panelMacro(element: Element, ctx: RenderContext): Block[] {
  const icon = parameterText(element, 'panelIconText');
  const title = parameterText(element, 'title');
  const head = [icon, title ? `**${title}**` : ''].filter(Boolean).join(' ');
  return callout(head, bodyBlocks(element, ctx), title === '');
}

export function expandMacro(element: Element, ctx: RenderContext): Block[] {
  const title = parameterText(element, 'title');
  const blocks = bodyBlocks(element, ctx);
  if (title === '' || blocks.length === 0) return blocks;
  return [{ kind: 'paragraph', text: `**${title}**` }, ...blocks];
}

/** Cloud content the old editor cannot show: `ac:adf-node` holds it, `ac:adf-fallback` a copy. */
export function adfExtension(element: Element, ctx: RenderContext): Block[] {
  const node = firstChild(element, 'ac:adf-node');
  const content = node ? firstChild(node, 'ac:adf-content') : undefined;
  if (!node || !content) {
    const fallback = firstChild(element, 'ac:adf-fallback');
    return fallback ? ctx.render.flow(fallback.children, ctx) : [];
  }
  const blocks = ctx.render.flow(content.children, ctx);
  if (attr(node, 'type') !== 'panel') return blocks;
  const typeAttribute = childElements(node, 'ac:adf-attribute').find(
    (a) => attr(a, 'key') === 'panel-type',
  );
  const type = typeAttribute ? plainText(typeAttribute).toLowerCase() : '';
  return LABELS[type] ? labelled(LABELS[type], '', blocks) : callout('', blocks, false);
}
