/**
 * Parsing and small DOM helpers for Confluence storage format. Storage is XML with undeclared
 * `ac:`/`ri:` prefixes and HTML named entities (`&nbsp;`, `&rsquo;`), so it is parsed in
 * htmlparser2's lenient HTML mode with CDATA and self-closing tags recognised: that decodes every
 * HTML entity, keeps prefixed names as plain lower-case names, and never throws on bad markup.
 */
import { parseDocument } from 'htmlparser2';
import { type AnyNode, type Document, type Element, isCDATA, isTag, isText } from 'domhandler';

export type { AnyNode, Element };

/** A CDATA section left open at the end would be dropped by the parser: close it. */
function closeOpenCdata(storage: string): string {
  const open = storage.lastIndexOf('<![CDATA[');
  return open >= 0 && !storage.includes(']]>', open) ? `${storage}]]>` : storage;
}

export function parseStorage(storage: string): Document {
  return parseDocument(closeOpenCdata(storage), {
    xmlMode: false,
    recognizeCDATA: true,
    recognizeSelfClosing: true,
    decodeEntities: true,
    lowerCaseTags: true,
    lowerCaseAttributeNames: true,
  });
}

export function isElement(node: AnyNode): node is Element {
  return isTag(node);
}

/** An attribute value, or `undefined` when absent. Names are lower case (`ri:content-title`). */
export function attr(element: Element, name: string): string | undefined {
  return element.attribs[name];
}

/** Direct element children, optionally only those with the given name. */
export function childElements(element: Element, name?: string): Element[] {
  return element.children.filter(
    (child): child is Element => isTag(child) && (name === undefined || child.name === name),
  );
}

export function firstChild(element: Element, name: string): Element | undefined {
  return childElements(element, name)[0];
}

/** The first descendant element with one of the names, depth first. */
export function findDescendant(element: Element, names: readonly string[]): Element | undefined {
  const stack: AnyNode[] = [...element.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    if (!isTag(node)) continue;
    if (names.includes(node.name)) return node;
    for (let i = node.children.length - 1; i >= 0; i -= 1) stack.push(node.children[i]);
  }
  return undefined;
}

const BLOCK_BREAK_TAGS = new Set(['p', 'div', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

export interface TextOptions {
  /** `<br>` becomes a newline (for `<pre>`). Default false. */
  breaks?: boolean;
  /** Paragraph-like elements are separated by newlines (for the plain-text fallback). */
  blockBreaks?: boolean;
}

/**
 * The text of nodes and their descendants, CDATA included, entities already decoded. Iterative,
 * so arbitrarily deep markup cannot exhaust the stack.
 */
export function textOf(nodes: AnyNode | readonly AnyNode[], options: TextOptions = {}): string {
  const stack: Array<AnyNode | string> = (Array.isArray(nodes) ? [...nodes] : [nodes]).reverse();
  let out = '';
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode | string;
    if (typeof node === 'string') {
      out += node;
    } else if (isText(node)) {
      out += node.data;
    } else if (isTag(node) || isCDATA(node)) {
      const name = isTag(node) ? node.name : '';
      if (name === 'br' && options.breaks) out += '\n';
      const separate = options.blockBreaks === true && BLOCK_BREAK_TAGS.has(name);
      if (separate) stack.push('\n');
      for (let i = node.children.length - 1; i >= 0; i -= 1) stack.push(node.children[i]);
      if (separate) out += '\n';
    }
  }
  return out;
}

/** Text with runs of whitespace (non-breaking spaces included) collapsed to one space, trimmed. */
export function plainText(nodes: AnyNode | readonly AnyNode[]): string {
  return textOf(nodes).replace(/\s+/g, ' ').trim();
}
