/**
 * What the command line says when Confluence accepts a query that matches nothing: which spaces
 * and pages it names are not visible with the token, or that all exist. Printed by
 * `validate-cql`, and by `index` after a run that found no pages.
 */
import type { RemoteCqlResult } from '../cql';

export type NoMatches = Extract<RemoteCqlResult, { outcome: 'no_matches' }>;

/** The report as lines ending in a line break, headed by `headline`. */
export function noMatchesReport(
  result: Pick<NoMatches, 'missingSpaces' | 'missingContent'>,
  headline = 'Confluence accepts the query, but nothing matches it.',
): string {
  const lines = [headline];
  for (const space of result.missingSpaces) {
    const hint = space.suggestion ? ` Did you mean "${space.suggestion}"?` : '';
    lines.push(`  - No space "${space.key}" is visible with this token.${hint}`);
  }
  for (const id of result.missingContent) {
    lines.push(`  - No page or blog post ${id} is visible with this token.`);
  }
  if (result.missingSpaces.length === 0 && result.missingContent.length === 0) {
    lines.push(
      '  Every space and page it names exists: no content meets all the conditions, or the ' +
        'token cannot see it. Pages created in the last minute may not be searchable yet.',
    );
  }
  return lines.map((line) => `${line}\n`).join('');
}
