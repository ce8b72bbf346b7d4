/**
 * Builds the CQL of an incremental run: the data source's own query, narrowed to pages modified
 * since a moment, with any `ORDER BY` of the user kept at the end where CQL requires it.
 */
import { parseCqlSyntax } from '../cql/syntax';
import { tokenize } from '../cql/lexer';

/** The condition of a query and its `ORDER BY` tail (empty when there is none). */
export interface SplitCql {
  condition: string;
  orderBy: string;
}

/** Splits `cql` before its top-level `ORDER BY`. Throws `invalid_cql` when it does not parse. */
export function splitOrderBy(cql: string): SplitCql {
  const query = parseCqlSyntax(cql);
  if (query.orderBy.length === 0) return { condition: cql.trim(), orderBy: '' };

  // The tree gives where the first sort key starts; the ORDER keyword is the word just before BY.
  const firstKey = query.orderBy[0].span.start;
  const order = tokenize(cql)
    .filter((t) => t.kind === 'word' && t.end <= firstKey && t.text.toLowerCase() === 'order')
    .pop();
  const at = order?.start ?? firstKey;
  return { condition: cql.slice(0, at).trim(), orderBy: cql.slice(at).trim() };
}

/** `yyyy-MM-dd HH:mm` in UTC, the CQL date form every Confluence accepts. */
export function formatCqlDate(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())} ` +
    `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`
  );
}

/**
 * `(<cql>) AND lastmodified >= "<since>" [ORDER BY ...]`. `since` is used as given: the caller
 * has already widened it for overlap and time zones (see `incrementalSince`).
 */
export function buildIncrementalCql(cql: string, since: Date): string {
  const { condition, orderBy } = splitOrderBy(cql);
  const filter = `lastmodified >= "${formatCqlDate(since)}"`;
  const narrowed = condition === '' ? filter : `(${condition}) AND ${filter}`;
  return orderBy === '' ? narrowed : `${narrowed} ${orderBy}`;
}

/**
 * Where an incremental listing starts: the last successful run's start, minus the overlap window
 * and the time-zone allowance (CQL dates are read in Confluence's zone, which we do not know;
 * going back 12 h more than needed only re-lists pages whose versions then compare equal).
 */
export function incrementalSince(
  lastSuccessAt: Date,
  options: { incrementalOverlapMs: number; timeZoneAllowanceMs: number },
): Date {
  return new Date(
    lastSuccessAt.getTime() - options.incrementalOverlapMs - options.timeZoneAllowanceMs,
  );
}
