/**
 * Checks what a structurally valid query means against what Confluence accepts: known fields,
 * the operators each field supports, value kinds (page ids, dates, content types), functions and
 * their arguments, the leading negative clause Confluence refuses, and ORDER BY fields. Throws
 * `invalid_cql` at the first problem in reading order.
 */
import type {
  CqlClause,
  CqlExpression,
  CqlFunctionCall,
  CqlNumber,
  CqlOperator,
  CqlOrderBy,
  CqlQuery,
  CqlSpan,
  CqlString,
} from './ast';
import {
  CONTENT_TYPES,
  DATE_FORMATS,
  fieldSpec,
  isCqlDate,
  knownFieldSpellings,
  looksLikeIsoTimestamp,
  type FieldSpec,
} from './fields';
import { functionSpec, knownFunctionNames } from './functions';
import { cqlError } from './problem';
import { closestMatch } from './suggest';

const NEGATIVE: ReadonlySet<CqlOperator> = new Set(['!=', '!~', 'not in']);

/** Throws `invalid_cql` for the first meaning problem in `query`, parsed from `text`. */
export function checkCqlSemantics(text: string, query: CqlQuery): void {
  const check = new SemanticCheck(text, query.where);
  if (query.where) check.expression(query.where);
  for (const key of query.orderBy) check.orderKey(key);
}

type Literal = CqlString | CqlNumber;

/** The first clause of a query, and the NOT that negates it, if any. */
function leadingClause(where: CqlExpression): { clause: CqlClause; not: CqlExpression | null } {
  let node = where;
  let not: CqlExpression | null = null;
  while (node.kind !== 'clause') {
    if (node.kind === 'not') {
      not ??= node;
      node = node.operand;
    } else {
      node = node.operands[0];
    }
  }
  return { clause: node, not };
}

class SemanticCheck {
  private readonly leading: { clause: CqlClause; not: CqlExpression | null } | null;

  constructor(
    private readonly text: string,
    where: CqlExpression | null,
  ) {
    this.leading = where ? leadingClause(where) : null;
  }

  /** "Currently a negative expression cannot be the first clause in a CQL statement." */
  private leadingNegative(clause: CqlClause): void {
    if (this.leading?.clause !== clause) return;
    const { not } = this.leading;
    if (!not && !NEGATIVE.has(clause.operator)) return;
    const site = not ?? clause;
    const shown = this.text.slice(site.span.start, site.span.end);
    throw this.fail(
      site.span,
      `Confluence refuses a query that starts with a negative condition (${shown}).`,
      ['a positive condition first'],
      [
        'Put a positive condition first and the negative one after it, e.g. ' +
          `space = DOCS AND ${shown}.`,
      ],
    );
  }

  expression(node: CqlExpression): void {
    if (node.kind === 'clause') return this.clause(node);
    if (node.kind === 'not') return this.expression(node.operand);
    for (const operand of node.operands) this.expression(operand);
  }

  private clause(clause: CqlClause): void {
    const spec = this.field(clause.fieldText, clause.fieldSpan);
    if (!spec) return this.leadingNegative(clause);
    this.operator(clause, spec);
    const items = clause.value.kind === 'list' ? clause.value.items : [clause.value];
    for (const item of items) {
      if (item.kind === 'function') this.call(item, clause, spec);
      else this.literal(item, clause, spec);
    }
    this.leadingNegative(clause);
  }

  /** The field's spec; `undefined` for the tolerated content-property fields. */
  private field(written: string, span: CqlSpan): FieldSpec | undefined {
    const spec = fieldSpec(written);
    if (spec) return spec;
    if (/^content\.property\[/i.test(written)) return undefined;
    throw this.unknownField(written, span);
  }

  private unknownField(written: string, span: CqlSpan): Error {
    const lower = written.toLowerCase();
    if (lower === 'expand' || lower === 'cql' || lower === 'limit' || lower === 'start') {
      return this.fail(
        span,
        `"${written}" is a parameter of the REST URL, not a CQL field.`,
        ['a field'],
        ['Paste only the query itself, without expand=, limit= or cql=.'],
      );
    }
    const suggestion = closestMatch(written, knownFieldSpellings());
    return this.fail(
      span,
      `Confluence has no field "${written}"` +
        (suggestion ? `; did you mean "${suggestion}"?` : '.'),
      ['a field'],
      [
        suggestion
          ? `Replace "${written}" with "${suggestion}".`
          : 'Fields include space, type, title, text, label, ancestor, parent, created, ' +
            'lastmodified, creator and contributor.',
      ],
    );
  }

  private operator(clause: CqlClause, spec: FieldSpec): void {
    if (spec.operators.includes(clause.operator)) return;
    const allowed = spec.operators.map((op) => op.toUpperCase());
    const remedies = [`Use ${joinWords(allowed, 'or')} with ${spec.display}.`];
    if (spec.kind === 'text' && (clause.operator === '=' || clause.operator === '!=')) {
      remedies.unshift(`For text, write ${spec.display} ${clause.operator === '=' ? '~' : '!~'} …`);
    }
    throw this.fail(
      clause.operatorSpan,
      `${spec.display} only supports ${joinWords(allowed, 'and')}, not ${clause.operator.toUpperCase()}.`,
      allowed,
      remedies,
    );
  }

  private literal(value: Literal, clause: CqlClause, spec: FieldSpec): void {
    const text = value.kind === 'number' ? value.raw : value.value;
    if (spec.kind === 'content') this.contentId(text, value.span, spec);
    if (spec.kind === 'type') this.contentType(text, value.span);
    if (spec.kind === 'date') this.date(value, text, spec);
    if (text.trim() === '' && clause.operator !== '!=') {
      throw this.fail(value.span, `The value for ${spec.display} is empty.`, ['a value']);
    }
  }

  private contentId(text: string, span: CqlSpan, spec: FieldSpec): void {
    if (/^\d+$/.test(text.trim())) return;
    throw this.fail(
      span,
      `${spec.display} takes a page id (a number), not "${text}".`,
      ['a page id'],
      [
        'Find the id in the page URL (/pages/123456/...) or under ··· > Page information.',
        'To match by title, use title = "..." instead.',
      ],
    );
  }

  private contentType(text: string, span: CqlSpan): void {
    const lower = text.toLowerCase();
    // Custom content types of apps are written as keys with colons (ac:app-key:type).
    if (CONTENT_TYPES.includes(lower) || lower.includes(':')) return;
    const suggestion = closestMatch(text, CONTENT_TYPES);
    throw this.fail(
      span,
      `"${text}" is not a content type` + (suggestion ? `; did you mean "${suggestion}"?` : '.'),
      CONTENT_TYPES.slice(),
      [`Types are ${CONTENT_TYPES.join(', ')}.`],
    );
  }

  private date(value: Literal, text: string, spec: FieldSpec): void {
    if (value.kind === 'string' && isCqlDate(text.trim())) return;
    const formats = `Dates must be written as ${DATE_FORMATS.map((f) => `"${f}"`).join(', ')}`;
    const relative = /^[+-]?\d+[yMwdhm]$/.test(text.trim());
    const message = looksLikeIsoTimestamp(text)
      ? `Confluence refuses ISO-8601 timestamps such as "${text}".`
      : relative
        ? `"${text}" is a relative date, which CQL writes as now("${text}").`
        : `"${text}" is not a date ${spec.display} can compare with.`;
    throw this.fail(value.span, message, DATE_FORMATS.slice(), [
      `${formats}, or use a function such as now("-4w") or startOfMonth().`,
      ...(looksLikeIsoTimestamp(text) ? ['Drop the T, the seconds and the time zone.'] : []),
    ]);
  }

  private call(call: CqlFunctionCall, clause: CqlClause, spec: FieldSpec): void {
    const fn = functionSpec(call.name);
    if (!fn) {
      const suggestion = closestMatch(call.name, knownFunctionNames());
      throw this.fail(
        call.span,
        `Confluence has no function "${call.name}()"` +
          (suggestion ? `; did you mean "${suggestion}()"?` : '.'),
        ['a function'],
        ['Functions include now(), startOfMonth(), currentUser() and favouriteSpaces().'],
      );
    }
    if (!fn.kinds.includes(spec.kind)) {
      throw this.fail(
        call.span,
        `${fn.name}() cannot be used with ${spec.display}.`,
        ['a value'],
        [`Use it as ${fn.usage}.`],
      );
    }
    if (!fn.operators.includes(clause.operator)) {
      const several = fn.operators.every((op) => op === 'in' || op === 'not in');
      throw this.fail(
        clause.operatorSpan,
        several
          ? `${fn.name}() returns several values, so it needs IN or NOT IN.`
          : `${fn.name}() does not work with ${clause.operator.toUpperCase()}.`,
        fn.operators.map((op) => op.toUpperCase()),
        [`Use it as ${fn.usage}.`],
      );
    }
    const problem = fn.checkArgs(call.args);
    if (problem) {
      const span = problem.index === null ? call.span : call.args[problem.index].span;
      throw this.fail(span, problem.message, ['valid arguments'], [`Use it as ${fn.usage}.`]);
    }
  }

  orderKey(key: CqlOrderBy): void {
    const spec = fieldSpec(key.fieldText);
    if (!spec) {
      const suggestion = closestMatch(key.fieldText, knownFieldSpellings());
      throw this.fail(
        key.span,
        `ORDER BY names an unknown field "${key.fieldText}"` +
          (suggestion ? `; did you mean "${suggestion}"?` : '.'),
        ['a field such as created, lastmodified or title'],
        ['Sort by created, lastmodified or title.'],
      );
    }
    if (!spec.sortable) {
      throw this.fail(
        key.span,
        `Results cannot be sorted by ${spec.display}.`,
        ['a field such as created, lastmodified or title'],
        ['Sort by created, lastmodified or title.'],
      );
    }
  }

  private fail(span: CqlSpan, message: string, expected: string[], remedies: string[] = []): Error {
    const found = this.text.slice(span.start, span.end) || 'end of query';
    return cqlError(
      this.text,
      { position: span.start, length: span.end - span.start, found, expected },
      message,
      remedies,
    );
  }
}

/** `a, b and c` (or `or`): the items as a sentence would list them. */
function joinWords(items: string[], conjunction: 'and' | 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}
