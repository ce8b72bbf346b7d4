/**
 * Inline formatting: bold, italic, strike-through, inline code, line breaks and dates. Colours,
 * underline, sub/superscript and other presentational wrappers keep their text only.
 */
import { type RenderContext, withContext } from './context';
import { attr, type Element, plainText } from './dom';
import { codeSpan, wrapMark } from './markdown-text';

export type InlineHandler = (element: Element, ctx: RenderContext) => string;

function emphasis(mark: string): InlineHandler {
  return (element, ctx) => {
    // Headings are plain text (they also become chunk heading paths): no bold or italic.
    const suppressed = ctx.inCode || ctx.marks.includes(mark) || (ctx.inHeading && mark !== '~~');
    const inner = ctx.render.inline(
      element.children,
      suppressed ? ctx : withContext(ctx, { marks: [...ctx.marks, mark] }),
    );
    return suppressed ? inner : wrapMark(mark, inner);
  };
}

const bold = emphasis('**');
const italic = emphasis('*');
const strike = emphasis('~~');

function inlineCode(element: Element, ctx: RenderContext): string {
  const inner = ctx.render.inline(element.children, withContext(ctx, { inCode: true }));
  return ctx.inCode ? inner : codeSpan(inner);
}

/** `<span style="text-decoration: line-through">` is how the editor writes strike-through. */
function span(element: Element, ctx: RenderContext): string {
  const style = attr(element, 'style') ?? '';
  if (/line-through/i.test(style)) return strike(element, ctx);
  return ctx.render.inline(element.children, ctx);
}

/** `<time datetime="2030-01-02" />` in tasks and text: the date itself, as a word of its own. */
function time(element: Element): string {
  const date = attr(element, 'datetime')?.trim() || plainText(element);
  return date === '' ? '' : ` ${date} `;
}

export const INLINE_FORMATTING: Readonly<Record<string, InlineHandler>> = {
  strong: bold,
  b: bold,
  em: italic,
  i: italic,
  cite: italic,
  del: strike,
  s: strike,
  strike: strike,
  code: inlineCode,
  tt: inlineCode,
  kbd: inlineCode,
  samp: inlineCode,
  span,
  time,
  br: () => '\n',
};
