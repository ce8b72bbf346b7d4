/**
 * The small render context shared by the element families (blocks, inline, lists, tables,
 * macros...). Each family renders its elements and hands children back to `ctx.render`, so the
 * families never import each other and a child context can change one flag.
 */
import type { AnyNode } from './dom';

export type BlockKind = 'paragraph' | 'heading' | 'list' | 'code' | 'table' | 'quote' | 'rule';

/** One Markdown block; blocks are joined with a blank line. `text` has no surrounding blanks. */
export interface Block {
  kind: BlockKind;
  text: string;
}

export interface Renderer {
  /** Renders mixed content: runs of inline nodes become paragraphs, block elements blocks. */
  flow(nodes: readonly AnyNode[], ctx: RenderContext): Block[];
  /** Renders inline content to one string (newlines only where `<br>` was). */
  inline(nodes: readonly AnyNode[], ctx: RenderContext): string;
}

export interface RenderContext {
  readonly render: Renderer;
  /** Resolves site-relative links (`/wiki/...`); absent leaves them as they are. */
  readonly baseUrl?: string;
  /** Nesting depth, to fall back to plain text on absurdly deep markup. */
  readonly depth: number;
  readonly inHeading: boolean;
  readonly inCode: boolean;
  readonly inLink: boolean;
  readonly inTable: boolean;
  /** Emphasis markers already open around this node (`**`, `*`, `~~`), not repeated inside. */
  readonly marks: readonly string[];
}

/** A copy of the context with some flags changed. */
export function withContext(ctx: RenderContext, changes: Partial<RenderContext>): RenderContext {
  return { ...ctx, ...changes };
}

export function paragraph(text: string): Block[] {
  return text === '' ? [] : [{ kind: 'paragraph', text }];
}
