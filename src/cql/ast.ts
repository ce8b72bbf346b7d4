/**
 * The syntax tree `parseCql` produces for a Confluence Query Language query. Read by the local
 * validator, by `referencedEntities` (which spaces and pages a query names) and by the fake
 * Confluence server in the tests, which evaluates queries over it. This shape is stable: add
 * optional members if needed, never rename or remove one.
 *
 * Every node carries a {@link CqlSpan}: 0-based offsets into the query text, `end` exclusive.
 */

export interface CqlSpan {
  /** Offset of the first character (0-based, in UTF-16 code units as JavaScript counts). */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

/** A whole query: an optional condition, then the `ORDER BY` list (empty when absent). */
export interface CqlQuery {
  kind: 'query';
  where: CqlExpression | null;
  orderBy: CqlOrderBy[];
  span: CqlSpan;
}

export type CqlExpression = CqlAnd | CqlOr | CqlNot | CqlClause;

/** `a AND b AND c`: all operands hold. Always two or more operands, flattened. */
export interface CqlAnd {
  kind: 'and';
  operands: CqlExpression[];
  span: CqlSpan;
}

/** `a OR b OR c`: at least one operand holds. Always two or more operands, flattened. */
export interface CqlOr {
  kind: 'or';
  operands: CqlExpression[];
  span: CqlSpan;
}

/** `NOT a`. */
export interface CqlNot {
  kind: 'not';
  operand: CqlExpression;
  span: CqlSpan;
}

/** Comparison operators; `in` and `not in` take a {@link CqlList}, the others a single value. */
export type CqlOperator = '=' | '!=' | '~' | '!~' | '>' | '>=' | '<' | '<=' | 'in' | 'not in';

/** `field operator value`, e.g. `space = DOCS`, `label in (a, b)`, `created > now("-4w")`. */
export interface CqlClause {
  kind: 'clause';
  /**
   * The field in lower case with documented aliases resolved: `space.key` → `space`,
   * `content` → `id`, `favorite` → `favourite`, `lastModified` → `lastmodified`.
   */
  field: string;
  /** The field exactly as written. */
  fieldText: string;
  operator: CqlOperator;
  value: CqlValue;
  span: CqlSpan;
  fieldSpan: CqlSpan;
  operatorSpan: CqlSpan;
}

export type CqlValue = CqlString | CqlNumber | CqlList | CqlFunctionCall;

/** A quoted value, or a bare word that is not a number. `value` has escapes resolved. */
export interface CqlString {
  kind: 'string';
  value: string;
  /** The quote used, or `null` for a bare word. */
  quote: '"' | "'" | null;
  span: CqlSpan;
}

/** A bare number such as `123` or `-4`. `raw` keeps the digits (page ids can be long). */
export interface CqlNumber {
  kind: 'number';
  value: number;
  raw: string;
  span: CqlSpan;
}

/** `( a, b, c )` after `IN` / `NOT IN`. Never empty. */
export interface CqlList {
  kind: 'list';
  items: Array<CqlString | CqlNumber | CqlFunctionCall>;
  span: CqlSpan;
}

/** `now("-4w")`, `currentUser()`. `name` is as written; `canonicalName` is the documented form. */
export interface CqlFunctionCall {
  kind: 'function';
  name: string;
  /** The documented spelling (`favouriteSpaces` for `favoritespaces`), or `name` if unknown. */
  canonicalName: string;
  args: Array<CqlString | CqlNumber>;
  span: CqlSpan;
}

/** One `ORDER BY` key. `direction` is `asc` when not written. */
export interface CqlOrderBy {
  field: string;
  fieldText: string;
  direction: 'asc' | 'desc';
  span: CqlSpan;
}
