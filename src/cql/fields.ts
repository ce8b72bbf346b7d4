/**
 * What Confluence's CQL knows: fields with the operators and values each accepts, the functions,
 * and reserved words. Taken from Atlassian's CQL field, operator and function references (Cloud
 * and Data Center) and `shared/reference/confluence-rest-api.md` §3.6. Read by the parser and the
 * semantic checks; the fake Confluence server reads `canonicalField` to resolve aliases.
 */
import type { CqlOperator } from './ast';

/** What kind of value a field compares against; decides which values and functions fit. */
export type FieldKind = 'content' | 'space' | 'type' | 'text' | 'string' | 'date' | 'user';

export interface FieldSpec {
  /** Canonical lower-case name, as found in `CqlClause.field`. */
  name: string;
  /** Documented spelling, for messages. */
  display: string;
  kind: FieldKind;
  operators: readonly CqlOperator[];
  /** Whether `ORDER BY` accepts the field. */
  sortable: boolean;
}

const EQUALITY: readonly CqlOperator[] = ['=', '!=', 'in', 'not in'];
const CONTAINS: readonly CqlOperator[] = ['~', '!~'];
const TITLE_LIKE: readonly CqlOperator[] = ['=', '!=', '~', '!~', 'in', 'not in'];
const RANGE: readonly CqlOperator[] = ['=', '!=', '>', '>=', '<', '<='];

function field(
  display: string,
  kind: FieldKind,
  operators: readonly CqlOperator[],
  sortable = true,
): FieldSpec {
  return { name: display.toLowerCase(), display, kind, operators, sortable };
}

const FIELD_LIST: FieldSpec[] = [
  field('ancestor', 'content', EQUALITY),
  field('parent', 'content', EQUALITY),
  field('container', 'content', EQUALITY),
  field('id', 'content', EQUALITY),
  field('space', 'space', EQUALITY),
  field('space.type', 'string', EQUALITY),
  field('space.title', 'text', TITLE_LIKE),
  // Cloud: space categories (the "space category" field of the CQL field reference).
  field('space.category', 'string', EQUALITY),
  field('type', 'type', EQUALITY),
  field('title', 'text', TITLE_LIKE),
  field('text', 'text', CONTAINS, false),
  field('label', 'string', EQUALITY),
  field('created', 'date', RANGE),
  field('lastModified', 'date', RANGE),
  field('creator', 'user', EQUALITY),
  field('contributor', 'user', EQUALITY),
  field('mention', 'user', EQUALITY),
  field('watcher', 'user', EQUALITY),
  field('favourite', 'user', EQUALITY),
  field('macro', 'string', EQUALITY),
  field('siteSearch', 'text', ['~'], false),
  // Cloud user search on /rest/api/search (`type = user`): documented with the search endpoint.
  field('user', 'user', EQUALITY),
  field('user.fullname', 'text', CONTAINS),
  field('user.accountid', 'user', EQUALITY),
  field('user.userkey', 'user', EQUALITY),
];

/** Alternative spellings Confluence documents, mapped to the canonical name. */
const ALIASES: Record<string, string> = {
  content: 'id',
  'space.key': 'space',
  favorite: 'favourite',
};

export const FIELDS: ReadonlyMap<string, FieldSpec> = new Map(FIELD_LIST.map((f) => [f.name, f]));

/** The canonical field name for what was written (any case, aliases resolved). */
export function canonicalField(written: string): string {
  const lower = written.toLowerCase();
  return ALIASES[lower] ?? lower;
}

/** The spec of a written field name, or `undefined` when Confluence does not know it. */
export function fieldSpec(written: string): FieldSpec | undefined {
  return FIELDS.get(canonicalField(written));
}

/** Every spelling a user may write, for "did you mean" suggestions. */
export function knownFieldSpellings(): string[] {
  return [...FIELD_LIST.map((f) => f.display), 'content', 'space.key', 'favorite'];
}

/** Content types Confluence searches (Cloud adds folders, whiteboards, databases and embeds). */
export const CONTENT_TYPES: readonly string[] = [
  'page',
  'blogpost',
  'comment',
  'attachment',
  'space',
  'user',
  'folder',
  'whiteboard',
  'database',
  'embed',
];

/** Words that must be quoted to be used as a value. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'and',
  'or',
  'not',
  'in',
  'order',
  'by',
  'is',
  'null',
  'empty',
]);

/** Characters that must be quoted to be used in a value. */
export const RESERVED_CHARACTERS = '+.,;?|*/%^$#@[]';

/** The four date formats Confluence accepts, for messages. */
export const DATE_FORMATS = ['yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd'];

const DATE_PATTERN = /^\d{4}([-/])\d{1,2}\1\d{1,2}( \d{1,2}:\d{2})?$/;

/** Whether `value` is in one of the {@link DATE_FORMATS}. */
export function isCqlDate(value: string): boolean {
  return DATE_PATTERN.test(value);
}

/** Whether `value` looks like an ISO-8601 timestamp (a `T` between date and time, or a zone). */
export function looksLikeIsoTimestamp(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}(T|\s?\d{1,2}:\d{2}(:\d{2})?(\.\d+)?\s*(Z|[+-]\d{2}:?\d{2}))/i.test(
    value,
  );
}
