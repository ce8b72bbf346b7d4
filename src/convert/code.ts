/**
 * Code: the `code` macro (and `paste-code-macro`, `noformat`, `mathblock`) and `<pre>` become
 * fenced blocks with the body verbatim, the language in the fence and the macro's title, when it
 * has one, in bold on the line above.
 */
import type { Block, RenderContext } from './context';
import { type Element, firstChild, textOf } from './dom';
import { fence, normalizeCode } from './markdown-text';
import { parameterText } from './macro-parts';

/** `Python` → `python`; `none` means no language; anything odd is dropped from the fence. */
function fenceLanguage(language: string): string {
  const cleaned = language
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_+#.-]/g, '');
  return cleaned === 'none' ? '' : cleaned;
}

export function codeBlock(body: string, language = '', title = ''): Block[] {
  const code = normalizeCode(body);
  if (code === '') return [];
  const block = fence(code, fenceLanguage(language));
  const heading = title.trim() === '' ? '' : `**${title.trim().replace(/\*/g, '')}**\n`;
  return [{ kind: 'code', text: heading + block }];
}

/** The macro's plain-text body (CDATA), or the text of a rich body some old pages use instead. */
function macroBody(element: Element): string {
  const body =
    firstChild(element, 'ac:plain-text-body') ?? firstChild(element, 'ac:rich-text-body');
  return body ? textOf(body) : '';
}

export function codeMacro(element: Element): Block[] {
  // The language is the default parameter, which older pages store under an empty name.
  const language = parameterText(element, 'language') || parameterText(element, '');
  return codeBlock(macroBody(element), language, parameterText(element, 'title'));
}

export function noformatMacro(element: Element): Block[] {
  return codeBlock(macroBody(element));
}

export function mathBlockMacro(element: Element): Block[] {
  return codeBlock(macroBody(element) || parameterText(element, 'body'), 'latex');
}

export function preformatted(element: Element, _ctx: RenderContext): Block[] {
  return codeBlock(textOf(element.children, { breaks: true }));
}
