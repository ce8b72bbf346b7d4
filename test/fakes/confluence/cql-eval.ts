/**
 * Evaluates a CQL syntax tree (from the product's `parseCql`) over the fake's content. Supported:
 * space / space.type / space.title, type, id, ancestor, parent, container, label, title (= and
 * ~), text ~, created / lastmodified with dates and date functions, creator / contributor,
 * macro, AND / OR / NOT, IN / NOT IN, ORDER BY title / created / lastmodified / id / space.
 * Fields the fake does not model (mention, watcher, favourite, ...) match nothing. Dates without
 * a zone are read as UTC. Default order (Confluence's "relevance") is ascending id.
 */
import type {
  CqlClause,
  CqlExpression,
  CqlFunctionCall,
  CqlNumber,
  CqlQuery,
  CqlString,
  CqlValue,
} from '../../../src/cql';
import type { FakeContent, FakeMode, FakeStore, Viewer } from './model';

export interface EvalContext {
  store: FakeStore;
  viewer: Viewer;
  mode: FakeMode;
  now: Date;
  /** From the `cqlcontext` parameter, for currentSpace() / currentContent(). */
  cqlContext: { spaceKey?: string; contentId?: string };
  /** Reproduce CONFSERVER-55445: a clause on a missing space key fails with 500. */
  missingSpaceFails: boolean;
}

/** Raised for the answers Confluence gives instead of results (the 500 quirk). */
export class CqlEvaluationFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Item = CqlString | CqlNumber | CqlFunctionCall;
type Predicate = (content: FakeContent) => boolean;

const DAY = 86_400_000;

function literal(item: CqlString | CqlNumber): string {
  return item.kind === 'number' ? item.raw : item.value;
}

function stripTags(storage: string): string {
  return storage
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, ' $1 ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&[a-z#0-9]+;/gi, ' ');
}

/** Applies `(+/-)nn(y|M|w|d|h|m)` to a date; the unit defaults to `d`. */
function applyIncrement(date: Date, increment: string | undefined): Date {
  const match = /^([+-]?)(\d+)([yMwdhm]?)$/.exec((increment ?? '').trim());
  if (!match) return new Date(date);
  const amount = Number(match[2]) * (match[1] === '-' ? -1 : 1);
  const out = new Date(date);
  switch (match[3] || 'd') {
    case 'y':
      out.setUTCFullYear(out.getUTCFullYear() + amount);
      break;
    case 'M':
      out.setUTCMonth(out.getUTCMonth() + amount);
      break;
    case 'w':
      return new Date(out.getTime() + amount * 7 * DAY);
    case 'h':
      return new Date(out.getTime() + amount * 3_600_000);
    case 'm':
      return new Date(out.getTime() + amount * 60_000);
    default:
      return new Date(out.getTime() + amount * DAY);
  }
  return out;
}

function startOf(unit: string, date: Date): Date {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  if (unit === 'Week') return new Date(d.getTime() - d.getUTCDay() * DAY);
  if (unit === 'Month') return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
  if (unit === 'Year') return new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
  return d;
}

function endOf(unit: string, date: Date): Date {
  const start = startOf(unit, date);
  const next =
    unit === 'Week'
      ? new Date(start.getTime() + 7 * DAY)
      : unit === 'Month'
        ? new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1))
        : unit === 'Year'
          ? new Date(Date.UTC(start.getUTCFullYear() + 1, 0, 1))
          : new Date(start.getTime() + DAY);
  return new Date(next.getTime() - 1);
}

/** A date value as an instant range: a day for `yyyy-MM-dd`, a minute with a time, else a point. */
function dateRange(value: CqlValue, ctx: EvalContext): { from: number; to: number } | null {
  if (value.kind === 'function') {
    const fn = value.canonicalName;
    const increment = value.args[0] ? literal(value.args[0]) : undefined;
    const moved = applyIncrement(ctx.now, increment);
    const point = (d: Date) => ({ from: d.getTime(), to: d.getTime() + 1 });
    if (fn === 'now') return point(moved);
    const unit = /^(?:startOf|endOf)(Day|Week|Month|Year)$/.exec(fn)?.[1];
    if (!unit) return null;
    return point(fn.startsWith('start') ? startOf(unit, moved) : endOf(unit, moved));
  }
  if (value.kind !== 'string') return null;
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?: (\d{1,2}):(\d{2}))?$/.exec(value.value);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match;
  const from = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0));
  return { from, to: from + (h === undefined ? DAY : 60_000) };
}

export class CqlEvaluator {
  constructor(private readonly ctx: EvalContext) {}

  /** A predicate for the query's condition (everything matches when there is none). */
  predicate(query: CqlQuery): Predicate {
    return query.where ? this.expression(query.where) : () => true;
  }

  /** Sorts in place by the query's ORDER BY keys, then by ascending id. */
  sort(query: CqlQuery, items: FakeContent[]): FakeContent[] {
    const key = (field: string, c: FakeContent): string | number => {
      if (field === 'title') return c.title.toLowerCase();
      if (field === 'created') return c.created.getTime();
      if (field === 'lastmodified') return c.lastModified.getTime();
      if (field === 'space') return c.spaceKey;
      return Number(c.id);
    };
    return items.sort((a, b) => {
      for (const order of query.orderBy) {
        const [x, y] = [key(order.field, a), key(order.field, b)];
        if (x !== y) return (x < y ? -1 : 1) * (order.direction === 'desc' ? -1 : 1);
      }
      return Number(a.id) - Number(b.id);
    });
  }

  private expression(node: CqlExpression): Predicate {
    switch (node.kind) {
      case 'and': {
        const parts = node.operands.map((o) => this.expression(o));
        return (c) => parts.every((p) => p(c));
      }
      case 'or': {
        const parts = node.operands.map((o) => this.expression(o));
        return (c) => parts.some((p) => p(c));
      }
      case 'not': {
        const inner = this.expression(node.operand);
        return (c) => !inner(c);
      }
      default:
        return this.clause(node);
    }
  }

  /** Plain values of a clause: list items, literals, and functions that return ids or keys. */
  private values(value: CqlValue): string[] {
    const items: Item[] = value.kind === 'list' ? value.items : [value];
    return items.flatMap((item) => (item.kind === 'function' ? this.call(item) : [literal(item)]));
  }

  private call(fn: CqlFunctionCall): string[] {
    const { viewer, mode, cqlContext } = this.ctx;
    switch (fn.canonicalName) {
      case 'currentUser':
        if (viewer.kind === 'anonymous') return [];
        return [mode === 'cloud' ? viewer.user.accountId : viewer.user.username];
      case 'currentSpace':
        return cqlContext.spaceKey ? [cqlContext.spaceKey] : [];
      case 'currentContent':
        return cqlContext.contentId ? [cqlContext.contentId] : [];
      default:
        return [];
    }
  }

  private clause(clause: CqlClause): Predicate {
    if (clause.field === 'created' || clause.field === 'lastmodified')
      return this.dateClause(clause);
    const values = this.values(clause.value);
    if (clause.field === 'space') this.checkSpacesExist(values);
    const field = this.fieldAccessor(clause.field);
    const lower = values.map((v) => v.toLowerCase());

    switch (clause.operator) {
      case '=':
      case 'in':
        return (c) => field(c).some((f) => lower.includes(f.toLowerCase()));
      case '!=':
      case 'not in':
        return (c) => !field(c).some((f) => lower.includes(f.toLowerCase()));
      case '~':
        return (c) => field(c).some((f) => containsText(f, values[0] ?? ''));
      case '!~':
        return (c) => !field(c).some((f) => containsText(f, values[0] ?? ''));
      default:
        return () => false;
    }
  }

  /** The values of a field on one content item (several for labels, ancestors, text). */
  private fieldAccessor(field: string): (c: FakeContent) => string[] {
    const { store, mode } = this.ctx;
    switch (field) {
      case 'space':
        return (c) => [c.spaceKey];
      case 'space.type':
        return (c) => [store.spaces.get(c.spaceKey)?.type ?? ''];
      case 'space.title':
        return (c) => [store.spaces.get(c.spaceKey)?.name ?? ''];
      case 'type':
        return (c) => [c.type];
      case 'id':
        return (c) => [c.id];
      case 'ancestor':
        return (c) => store.ancestorsOf(c).map((a) => a.id);
      case 'parent':
      case 'container':
        return (c) => (c.parentId === null ? [] : [c.parentId]);
      case 'label':
        return (c) => c.labels;
      case 'title':
        return (c) => [c.title];
      case 'text':
        return (c) => [`${c.title} ${stripTags(c.body)} ${c.labels.join(' ')}`];
      case 'creator':
      case 'contributor': {
        return (c) => {
          const user = store.users.get(c.author);
          return user ? [mode === 'cloud' ? user.accountId : user.username] : [];
        };
      }
      case 'macro':
        return (c) => [...c.body.matchAll(/ac:name="([^"]+)"/g)].map((m) => m[1]);
      default:
        return () => [];
    }
  }

  private dateClause(clause: CqlClause): Predicate {
    const range = dateRange(clause.value, this.ctx);
    if (!range) return () => false;
    const pick = (c: FakeContent) =>
      (clause.field === 'created' ? c.created : c.lastModified).getTime();
    switch (clause.operator) {
      case '=':
        return (c) => pick(c) >= range.from && pick(c) < range.to;
      case '!=':
        return (c) => pick(c) < range.from || pick(c) >= range.to;
      case '>':
        return (c) => pick(c) > range.from;
      case '>=':
        return (c) => pick(c) >= range.from;
      case '<':
        return (c) => pick(c) < range.from;
      case '<=':
        return (c) => pick(c) <= range.from;
      default:
        return () => false;
    }
  }

  private checkSpacesExist(keys: string[]): void {
    if (!this.ctx.missingSpaceFails) return;
    if (keys.some((key) => !this.ctx.store.spaces.has(key))) {
      throw new CqlEvaluationFailure(
        500,
        'java.lang.IllegalArgumentException: parameters should not be empty',
      );
    }
  }
}

/**
 * `~` matching: a quoted phrase must appear as is; otherwise every word must appear, with a
 * trailing `*` matching any ending. Case-insensitive.
 */
function containsText(haystack: string, needle: string): boolean {
  const text = haystack.toLowerCase();
  const phrase = /^"(.*)"$/.exec(needle.trim());
  if (phrase) return text.includes(phrase[1].toLowerCase());
  const words = text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const terms = needle
    .toLowerCase()
    .split(/[^\p{L}\p{N}*]+/u)
    .filter(Boolean);
  return terms.every((term) =>
    term.endsWith('*') ? words.some((w) => w.startsWith(term.slice(0, -1))) : words.includes(term),
  );
}
