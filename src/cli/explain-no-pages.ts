/**
 * Why an index run found no pages, asked of Confluence after the run: the same check and report
 * as `validate-cql` (which spaces or pages the query names are not visible), or, when the query
 * does match content, that none of it is a page or blog post. Used by the `index` command.
 */
import { checkCqlWithConfluence } from '../cql';
import type { ConfluenceClient } from '../domain/ports';
import { noMatchesReport, type NoMatches } from './no-matches-report';

export type NoPagesExplanation =
  | NoMatches
  /** The query matches `totalSize` results, none of them a page or blog post. */
  | { outcome: 'matches'; totalSize: number };

/** Confluence's account of the query; null when it cannot tell (the check failed). */
export async function explainNoPages(
  client: ConfluenceClient,
  cql: string,
  signal?: AbortSignal,
): Promise<NoPagesExplanation | null> {
  try {
    const result = await checkCqlWithConfluence(client, cql, { signal });
    if (result.outcome === 'matches') return { outcome: 'matches', totalSize: result.totalSize };
    return result.outcome === 'no_matches' ? result : null;
  } catch {
    // The run itself ended well; an explanation that cannot be had is left out.
    return null;
  }
}

/** The explanation for people, as lines. */
export function describeNoPages(explanation: NoPagesExplanation): string {
  if (explanation.outcome === 'no_matches') return noMatchesReport(explanation);
  const noun = explanation.totalSize === 1 ? 'result' : 'results';
  return (
    `Confluence finds ${explanation.totalSize} ${noun} for the query, but no page or blog post ` +
    '(only those are indexed): add type = page or type = blogpost to see what is missing.\n'
  );
}
