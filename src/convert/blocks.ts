/**
 * Plain block elements: paragraphs, headings, block quotes, preformatted text, rules, and the
 * containers (divs, page layouts, macro bodies) whose children are rendered in order, flattened.
 */
import { type Block, type RenderContext, withContext } from './context';
import type { Element } from './dom';
import { collapseWhitespace, quote } from './markdown-text';
import { preformatted } from './code';

type BlockHandler = (element: Element, ctx: RenderContext) => Block[];

function container(element: Element, ctx: RenderContext): Block[] {
  return ctx.render.flow(element.children, ctx);
}

function heading(element: Element, ctx: RenderContext): Block[] {
  const level = Number(element.name.slice(1));
  const inner = ctx.render.inline(element.children, withContext(ctx, { inHeading: true }));
  const text = collapseWhitespace(inner).trim();
  if (text === '') return [];
  // Markdown tables cannot hold headings: inside a cell the heading is bold text.
  if (ctx.inTable) return [{ kind: 'paragraph', text: `**${text}**` }];
  return [{ kind: 'heading', text: `${'#'.repeat(level)} ${text}` }];
}

function blockquote(element: Element, ctx: RenderContext): Block[] {
  const blocks = ctx.render.flow(element.children, ctx);
  if (blocks.length === 0) return [];
  return [{ kind: 'quote', text: quote(blocks.map((block) => block.text).join('\n\n')) }];
}

function rule(_element: Element, ctx: RenderContext): Block[] {
  return ctx.inTable ? [] : [{ kind: 'rule', text: '---' }];
}

/** Elements whose children are simply rendered in order. */
const CONTAINERS = [
  'p',
  'div',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'aside',
  'nav',
  'figure',
  'figcaption',
  'center',
  'address',
  'details',
  'summary',
  'dl',
  'dt',
  'dd',
  'li',
  'tr',
  'td',
  'th',
  'thead',
  'tbody',
  'tfoot',
  'html',
  'body',
  'xml',
  'ac:layout',
  'ac:layout-section',
  'ac:layout-cell',
  'ac:rich-text-body',
  'ac:adf-node',
  'ac:adf-content',
  'ac:task',
  'ac:task-body',
];

export const BLOCKS: Readonly<Record<string, BlockHandler>> = {
  ...Object.fromEntries(CONTAINERS.map((name) => [name, container])),
  h1: heading,
  h2: heading,
  h3: heading,
  h4: heading,
  h5: heading,
  h6: heading,
  blockquote,
  pre: preformatted,
  hr: rule,
};
