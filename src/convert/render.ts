/**
 * The renderer: decides for each node whether it forms blocks or sits inside a line, dispatches
 * elements to their family (blocks, lists, tables, macros, inline formatting, links, media) and
 * turns runs of inline content into paragraphs. Unknown elements render their children; markup
 * nested absurdly deep is rendered as plain text instead of recursing further.
 */
import { type Block, paragraph, type RenderContext, type Renderer, withContext } from './context';
import { type AnyNode, type Element, isElement, textOf } from './dom';
import { BLOCKS } from './blocks';
import { INLINE_FORMATTING } from './inline';
import { LINKS } from './links';
import { LISTS } from './lists';
import { MEDIA } from './media';
import { MACRO_TAGS } from './macro-parts';
import { isInlineMacro, renderMacroBlocks, renderMacroInline } from './macros';
import { collapseWhitespace, tidyParagraph } from './markdown-text';
import { adfExtension } from './panels';
import { TABLES } from './tables';

type BlockHandler = (element: Element, ctx: RenderContext) => Block[];
type InlineHandler = (element: Element, ctx: RenderContext) => string;

const MAX_DEPTH = 150;

/** Elements that never show anything: metadata, parameters, editor placeholders, styling. */
const DROPPED: ReadonlySet<string> = new Set([
  'script',
  'style',
  'head',
  'template',
  'colgroup',
  'col',
  'caption',
  'ac:parameter',
  'ac:default-parameter',
  'ac:placeholder',
  'ac:task-id',
  'ac:task-status',
  'ac:caption',
  'ac:adf-attribute',
  'ac:adf-fallback',
]);

const BLOCK_HANDLERS: Readonly<Record<string, BlockHandler>> = {
  ...BLOCKS,
  ...LISTS,
  ...TABLES,
  'ac:adf-extension': adfExtension,
};

/** Inline elements that stay inline even around block content (their text is flattened). */
const ALWAYS_INLINE: Readonly<Record<string, InlineHandler>> = { ...LINKS, ...MEDIA };

const INLINE_HANDLERS: Readonly<Record<string, InlineHandler>> = {
  ...INLINE_FORMATTING,
  ...ALWAYS_INLINE,
};

const blockDescendantCache = new WeakMap<Element, boolean>();

/** Whether an inline or unknown element wraps block content (`<span><div>..</div></span>`). */
function containsBlock(element: Element, depth = 0): boolean {
  const cached = blockDescendantCache.get(element);
  if (cached !== undefined) return cached;
  const found =
    depth < MAX_DEPTH &&
    element.children.some(
      (child) => isElement(child) && (formsBlocks(child) || containsBlock(child, depth + 1)),
    );
  blockDescendantCache.set(element, found);
  return found;
}

function formsBlocks(element: Element): boolean {
  const name = element.name;
  if (DROPPED.has(name) || name in ALWAYS_INLINE) return false;
  if (MACRO_TAGS.has(name)) return !isInlineMacro(element);
  if (name === 'ac:rich-text-body' && !isMacroBody(element)) return containsBlock(element);
  return name in BLOCK_HANDLERS;
}

/** A rich-text body outside any macro (a stray one inside a paragraph) is just its content. */
function isMacroBody(element: Element): boolean {
  const parent = element.parent;
  return parent !== null && isElement(parent) && MACRO_TAGS.has(parent.name);
}

/** Containers in which an image stands on its own rather than inside a line of text. */
const IMAGE_BLOCK_PARENTS: ReadonlySet<string> = new Set([
  'ac:layout-cell',
  'ac:rich-text-body',
  'ac:adf-content',
  'div',
  'td',
  'th',
  'blockquote',
  'section',
  'body',
  'html',
  'xml',
]);

function isStandaloneImage(element: Element): boolean {
  if (element.name !== 'ac:image') return false;
  const parent = element.parent;
  return parent === null || !isElement(parent) || IMAGE_BLOCK_PARENTS.has(parent.name);
}

function isBlock(element: Element): boolean {
  if (isStandaloneImage(element)) return true;
  if (DROPPED.has(element.name) || element.name in ALWAYS_INLINE) return false;
  return formsBlocks(element) || containsBlock(element);
}

function renderBlock(element: Element, ctx: RenderContext): Block[] {
  if (isStandaloneImage(element)) return paragraph(renderInlineElement(element, ctx));
  if (MACRO_TAGS.has(element.name)) return renderMacroBlocks(element, ctx);
  const handler = BLOCK_HANDLERS[element.name];
  return handler ? handler(element, ctx) : flow(element.children, ctx);
}

function renderInlineElement(element: Element, ctx: RenderContext): string {
  const name = element.name;
  if (DROPPED.has(name)) return '';
  if (MACRO_TAGS.has(name)) return renderMacroInline(element, ctx);
  const handler = INLINE_HANDLERS[name];
  if (handler) return handler(element, ctx);
  if (name in BLOCK_HANDLERS) {
    // A block where only a line fits (a list in a heading): its text, one block per line.
    return renderBlock(element, ctx)
      .map((block) => block.text)
      .join('\n');
  }
  return inline(element.children, ctx);
}

function inline(nodes: readonly AnyNode[], ctx: RenderContext): string {
  if (ctx.depth > MAX_DEPTH) return collapseWhitespace(textOf(nodes));
  const inner = withContext(ctx, { depth: ctx.depth + 1 });
  let out = '';
  for (const node of nodes) {
    if (isElement(node)) out += renderInlineElement(node, inner);
    else if (node.type === 'text' || node.type === 'cdata') out += collapseWhitespace(textOf(node));
  }
  return out;
}

function flow(nodes: readonly AnyNode[], ctx: RenderContext): Block[] {
  if (ctx.depth > MAX_DEPTH) return paragraph(tidyParagraph(textOf(nodes, { blockBreaks: true })));
  const inner = withContext(ctx, { depth: ctx.depth + 1 });
  const blocks: Block[] = [];
  let run: AnyNode[] = [];
  const flush = () => {
    if (run.length > 0) blocks.push(...paragraph(tidyParagraph(inline(run, inner))));
    run = [];
  };

  for (const node of nodes) {
    if (isElement(node) && isBlock(node)) {
      flush();
      blocks.push(...renderBlock(node, inner));
    } else {
      run.push(node);
    }
  }
  flush();
  return blocks;
}

const RENDERER: Renderer = { flow, inline };

/** Renders parsed storage format to Markdown blocks. */
export function renderBlocks(nodes: readonly AnyNode[], baseUrl?: string): Block[] {
  const ctx: RenderContext = {
    render: RENDERER,
    baseUrl,
    depth: 0,
    inHeading: false,
    inCode: false,
    inLink: false,
    inTable: false,
    marks: [],
  };
  return flow(nodes, ctx);
}
