/**
 * Confluence macros. Each known macro keeps what carries meaning: code, callouts, expand bodies,
 * status lozenges as `[STATUS]`, Jira issue keys, excerpts, page-properties bodies, column and
 * section bodies, and includes as one line naming the included page. Navigation and reporting
 * chrome (table of contents, child lists, recently updated...) renders nothing. An unknown macro
 * keeps its rich-text body, shows a plain-text body as code, and otherwise renders nothing.
 */
import type { Block, RenderContext } from './context';
import { attr, type Element, findDescendant, plainText } from './dom';
import { codeMacro, mathBlockMacro, noformatMacro } from './code';
import { hasPlainBody, macroName, parameter, parameterText, richBodies } from './macro-parts';
import { admonitionMacro, expandMacro, panelMacro } from './panels';

type BlockMacro = (element: Element, ctx: RenderContext) => Block[];
type InlineMacro = (element: Element, ctx: RenderContext) => string;

/** Macros that only show generated navigation or reports: nothing of the page's own text. */
const CHROME: ReadonlySet<string> = new Set([
  'toc',
  'children',
  'recently-updated',
  'blog-posts',
  'roadmap',
  'anchor',
  'contentbylabel',
  'pagetree',
  'pagetreesearch',
  'attachments',
  'livesearch',
  'create-from-template',
  'tasks-report-macro',
  'detailssummary',
  'listlabels',
  'popular-labels',
  'related-labels',
  'recently-used-labels',
  'navmap',
  'gallery',
  'contributors',
  'contributors-summary',
  'change-history',
  'page-index',
  'index',
  'profile',
  'profile-picture',
  'favpages',
  'viewxls',
  'viewpdf',
  'viewdoc',
  'viewppt',
  'view-file',
  'drawio',
]);

/** The page an include names: a link in the empty-named (default) parameter, or its text. */
function includedTitle(element: Element): string {
  const holder = parameter(element, '');
  if (!holder) return '';
  const page = findDescendant(holder, ['ri:page', 'ri:blog-post']);
  if (page) return attr(page, 'ri:content-title')?.trim() ?? '';
  return findDescendant(holder, ['ac:link']) ? '' : plainText(holder);
}

function includeMacro(label: string): BlockMacro {
  return (element) => {
    const title = includedTitle(element);
    return title === '' ? [] : [{ kind: 'paragraph', text: `[${label}: ${title}]` }];
  };
}

function bodyMacro(element: Element, ctx: RenderContext): Block[] {
  return richBodies(element).flatMap((body) => ctx.render.flow(body.children, ctx));
}

const BLOCK_MACROS: Readonly<Record<string, BlockMacro>> = {
  code: codeMacro,
  'paste-code-macro': codeMacro,
  noformat: noformatMacro,
  mathblock: mathBlockMacro,
  info: admonitionMacro('info'),
  note: admonitionMacro('note'),
  warning: admonitionMacro('warning'),
  tip: admonitionMacro('tip'),
  panel: panelMacro,
  expand: expandMacro,
  'excerpt-include': includeMacro('excerpt from page'),
  include: includeMacro('included page'),
};

function statusMacro(element: Element): string {
  const title = parameterText(element, 'title');
  return title === '' ? '' : `[${title.replace(/[[\]]/g, '')}]`;
}

function jiraMacro(element: Element): string {
  const key = parameterText(element, 'key');
  if (key !== '') return key;
  const query = parameterText(element, 'jqlQuery');
  return query === '' ? '' : `[Jira issues: ${query}]`;
}

/** `mathinline` and `unit` keep their formula in the `body` parameter, sometimes URI-encoded. */
function mathInlineMacro(element: Element): string {
  let formula = parameterText(element, 'body');
  if (formula.startsWith('--uriencoded--')) {
    try {
      formula = decodeURIComponent(formula.slice('--uriencoded--'.length));
    } catch {
      formula = formula.slice('--uriencoded--'.length);
    }
  }
  return formula === '' ? '' : `$${formula}$`;
}

const INLINE_MACROS: Readonly<Record<string, InlineMacro>> = {
  status: statusMacro,
  jira: jiraMacro,
  jiraissues: jiraMacro,
  mathinline: mathInlineMacro,
  unit: mathInlineMacro,
};

/** Whether the macro sits inside a line of text rather than forming blocks of its own. */
export function isInlineMacro(element: Element): boolean {
  const name = macroName(element);
  if (name in INLINE_MACROS || CHROME.has(name)) return true;
  if (name in BLOCK_MACROS) return false;
  return richBodies(element).length === 0 && !hasPlainBody(element);
}

export function renderMacroBlocks(element: Element, ctx: RenderContext): Block[] {
  const name = macroName(element);
  if (CHROME.has(name)) return [];
  const known = BLOCK_MACROS[name];
  if (known) return known(element, ctx);
  const inline = INLINE_MACROS[name];
  if (inline) {
    const text = inline(element, ctx);
    return text === '' ? [] : [{ kind: 'paragraph', text }];
  }
  if (richBodies(element).length > 0) return bodyMacro(element, ctx);
  if (hasPlainBody(element)) return noformatMacro(element);
  return [];
}

export function renderMacroInline(element: Element, ctx: RenderContext): string {
  const inline = INLINE_MACROS[macroName(element)];
  if (inline) return inline(element, ctx);
  return renderMacroBlocks(element, ctx)
    .map((block) => block.text)
    .join('\n');
}
