/**
 * Which spaces and pages a query names in positive conditions (`space = DOCS`,
 * `ancestor in (1, 2)`), for explaining a query that matches nothing: remote validation checks
 * that each of them exists. Names under NOT or with a negative operator are left out, since a
 * missing one there cannot be why nothing matched.
 */
import type { CqlClause, CqlExpression, CqlQuery } from './ast';

export interface ReferencedEntities {
  /** Space keys as written (case kept), without duplicates, in reading order. */
  spaceKeys: string[];
  /** Content ids (from id, content, ancestor, parent, container), without duplicates. */
  contentIds: string[];
}

const CONTENT_FIELDS: ReadonlySet<string> = new Set(['id', 'ancestor', 'parent', 'container']);

/** The space keys and content ids `query` names with `=` or `IN`, outside any NOT. */
export function referencedEntities(query: CqlQuery): ReferencedEntities {
  const spaceKeys = new Set<string>();
  const contentIds = new Set<string>();
  for (const clause of positiveClauses(query.where)) {
    const target =
      clause.field === 'space' ? spaceKeys : CONTENT_FIELDS.has(clause.field) ? contentIds : null;
    if (!target) continue;
    for (const value of literalValues(clause)) target.add(value);
  }
  return { spaceKeys: [...spaceKeys], contentIds: [...contentIds] };
}

function* positiveClauses(node: CqlExpression | null): Generator<CqlClause> {
  if (!node || node.kind === 'not') return;
  if (node.kind === 'clause') {
    if (node.operator === '=' || node.operator === 'in') yield node;
    return;
  }
  for (const operand of node.operands) yield* positiveClauses(operand);
}

function literalValues(clause: CqlClause): string[] {
  const items = clause.value.kind === 'list' ? clause.value.items : [clause.value];
  return items.flatMap((item) => {
    if (item.kind === 'number') return [item.raw];
    if (item.kind === 'string' && item.value.trim() !== '') return [item.value.trim()];
    return [];
  });
}
