/**
 * Why a filtered search found nothing: each filter is left out in turn, and a filter that leaves
 * out pages the words do match is named, with the spaces those pages are in (and a close space
 * key, for a typo such as KAFAK). Used by the `search` command when it has no hit.
 */
import { closestMatch } from '../cql';
import type { SearchFilters, SearchIndex } from '../domain/ports';

/** Pages looked at per relaxed search; enough to name the spaces the words are found in. */
const RELAXED_LIMIT = 100;

/** A filter that left out every page the words match. */
export interface ExcludingFilter {
  option: '--space' | '--label' | '--datasource';
  values: string[];
  /** Pages the words match once this filter is left out (at most 100 are counted). */
  matchesWithout: number;
  /** `--space` only: the spaces of those pages, and a key close to a value given. */
  spaces?: string[];
  suggestion?: string;
}

export interface EmptySearchExplanation {
  /** Filters that left out every page the words match. */
  excludedBy: ExcludingFilter[];
  /** Whether the words match any indexed page with no filter at all. */
  matchesWithoutFilters: boolean;
}

/** The filters as given on the command line, with the data source name for messages. */
export interface GivenFilters {
  spaceKeys: string[];
  labels: string[];
  dataSource?: { id: string; name: string };
}

export async function explainEmptySearch(
  search: SearchIndex,
  query: string,
  given: GivenFilters,
): Promise<EmptySearchExplanation> {
  const all: SearchFilters = {
    spaceKeys: given.spaceKeys.length > 0 ? given.spaceKeys : undefined,
    labels: given.labels.length > 0 ? given.labels : undefined,
    dataSourceIds: given.dataSource ? [given.dataSource.id] : undefined,
    limit: RELAXED_LIMIT,
  };
  const without = (drop: keyof SearchFilters) =>
    search.search(query, { ...all, [drop]: undefined });

  const excludedBy: ExcludingFilter[] = [];
  if (all.spaceKeys) {
    const hits = await without('spaceKeys');
    if (hits.length > 0) {
      const spaces = [...new Set(hits.map((hit) => hit.spaceKey))].sort();
      const suggestion = given.spaceKeys
        .map((key) => closestMatch(key, spaces))
        .find((match) => match !== null);
      excludedBy.push({
        option: '--space',
        values: given.spaceKeys,
        matchesWithout: hits.length,
        spaces,
        ...(suggestion ? { suggestion } : {}),
      });
    }
  }
  if (all.labels) {
    const hits = await without('labels');
    if (hits.length > 0) {
      excludedBy.push({ option: '--label', values: given.labels, matchesWithout: hits.length });
    }
  }
  if (given.dataSource) {
    const hits = await without('dataSourceIds');
    const values = [given.dataSource.name];
    if (hits.length > 0)
      excludedBy.push({ option: '--datasource', values, matchesWithout: hits.length });
  }

  const unfiltered = await search.search(query, { limit: 1 });
  return { excludedBy, matchesWithoutFilters: unfiltered.length > 0 };
}

/** The explanation for people, one line per filter, after the "no page matches" line. */
export function describeEmptySearch(explanation: EmptySearchExplanation): string {
  if (!explanation.matchesWithoutFilters) {
    return '  No indexed page matches these words even without filters.\n';
  }
  if (explanation.excludedBy.length === 0) {
    return '  Pages match these words, but none meets all the filters together.\n';
  }
  return explanation.excludedBy.map((filter) => `  - ${describeFilter(filter)}\n`).join('');
}

function describeFilter(filter: ExcludingFilter): string {
  const given = `${filter.option} ${filter.values.join(', ')}`;
  const count =
    filter.matchesWithout >= RELAXED_LIMIT ? `${RELAXED_LIMIT}+` : filter.matchesWithout;
  const pages = `${count} ${filter.matchesWithout === 1 ? 'page matches' : 'pages match'}`;
  if (filter.option !== '--space')
    return `${given} matched no page with these words; without it, ${pages}.`;
  const hint = filter.suggestion ? ` Did you mean "${filter.suggestion}"?` : '';
  return (
    `${given} matched no page with these words; without it, ${pages}, in ` +
    `${filter.spaces!.join(', ')}.${hint}`
  );
}
