/**
 * Bulleted and numbered lists, nested to any depth (`start` kept), and Confluence task lists as
 * `- [ ]` / `- [x]` items. An item's first block follows its marker; later blocks are indented
 * under it, a nested list directly below, anything else after a blank line.
 */
import type { Block, RenderContext } from './context';
import { attr, childElements, type Element, firstChild, isElement, plainText } from './dom';
import { indent } from './markdown-text';

/** The text with its first line after `marker` and the other lines indented to match. */
function hang(marker: string, text: string, width: number): string {
  const [head, ...tail] = text.split('\n');
  return tail.length === 0 ? marker + head : `${marker}${head}\n${indent(tail.join('\n'), width)}`;
}

/**
 * Joins an item's blocks under a marker such as `- `, `3. ` or `- [x] `. With `hoist`, an item
 * holding only a nested list (editors make these for indentation) gets no empty marker.
 */
export function listItem(
  marker: string,
  blocks: readonly Block[],
  options: { width?: number; hoist?: boolean } = {},
): string {
  if (blocks.length === 0) return '';
  const width = options.width ?? marker.length;
  const [first, ...rest] = blocks;

  let text: string;
  if (first.kind === 'list' && options.hoist) text = indent(first.text, width);
  else if (first.kind === 'list') text = `${marker.trimEnd()}\n${indent(first.text, width)}`;
  else text = hang(marker, first.text, width);

  for (const block of rest) {
    const separator = block.kind === 'list' ? '\n' : '\n\n';
    text += separator + indent(block.text, width);
  }
  return text;
}

function itemBlocks(item: Element, ctx: RenderContext): Block[] {
  return ctx.render.flow(item.children, ctx);
}

function htmlList(element: Element, ctx: RenderContext): Block[] {
  const ordered = element.name === 'ol';
  const start = Number.parseInt(attr(element, 'start') ?? '', 10);
  let number = Number.isFinite(start) && start >= 0 ? start : 1;
  const lines: string[] = [];

  for (const child of element.children) {
    if (!isElement(child)) {
      // Loose text directly inside a list: keep it as an item of its own.
      const text = plainText(child);
      if (text !== '') lines.push(`${ordered ? `${number++}.` : '-'} ${text}`);
      continue;
    }
    const blocks = child.name === 'li' ? itemBlocks(child, ctx) : ctx.render.flow([child], ctx);
    if (child.name !== 'li') {
      // A list written directly inside a list belongs to the item before it.
      const text = blocks.map((block) => block.text).join('\n\n');
      if (text !== '') lines.push(indent(text, ordered ? 3 : 2));
      continue;
    }
    const marker = ordered ? `${number}. ` : '- ';
    number += 1;
    // A marker-less item first in its list stays at this level: indenting it would make code.
    const text =
      lines.length === 0 && blocks[0]?.kind === 'list'
        ? listItem('', blocks, { width: 0, hoist: true })
        : listItem(marker, blocks, { hoist: true });
    if (text !== '') lines.push(text);
  }
  return lines.length === 0 ? [] : [{ kind: 'list', text: lines.join('\n') }];
}

function task(element: Element, ctx: RenderContext): string {
  const status = plainText(firstChild(element, 'ac:task-status') ?? []).toLowerCase();
  const body = firstChild(element, 'ac:task-body');
  const blocks = body ? ctx.render.flow(body.children, ctx) : [];
  const marker = status === 'complete' ? '- [x] ' : '- [ ] ';
  return listItem(marker, blocks, { width: 2 });
}

function taskList(element: Element, ctx: RenderContext): Block[] {
  const lines = childElements(element, 'ac:task')
    .map((item) => task(item, ctx))
    .filter((text) => text !== '');
  return lines.length === 0 ? [] : [{ kind: 'list', text: lines.join('\n') }];
}

export const LISTS: Readonly<Record<string, (element: Element, ctx: RenderContext) => Block[]>> = {
  ul: htmlList,
  ol: htmlList,
  'ac:task-list': taskList,
};
