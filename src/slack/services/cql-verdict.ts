/**
 * Confluence's verdict on a query, worded for the data source form: what to show at the top of
 * the form, on the CQL field, and under it. Used on submit and by the Test CQL button.
 */
import {
  checkCqlWithConfluence,
  type MissingSpace,
  type RemoteCqlResult,
} from '../../cql/remote-validation';
import { cqlProblemOf } from '../../cql/problem';
import type { Integration } from '../../domain/models';
import { toAppError, type AppError } from '../../errors';
import { escapeMrkdwn, mrkdwnLink } from '../blocks/limits';
import type { SlackContext } from '../context';
import { plural } from '../views/format';

export interface CqlVerdict {
  ok: boolean;
  /** Shown at the top of the form (failures only). */
  banner?: string;
  /** Short text put on the CQL field itself (failures only). */
  cqlProblem?: string;
  /** Shown under the CQL field: the match count and first titles, or details of a failure. */
  cqlFeedback?: string;
  /** The integration's owner can fix the credentials from the form. */
  fixIntegrationId?: string;
}

/** How many titles Test CQL shows. */
export const SAMPLE_TITLES = 5;

export async function cqlVerdict(
  ctx: SlackContext,
  integration: Integration,
  cql: string,
  userId: string,
): Promise<CqlVerdict> {
  try {
    const connection = await ctx.deps.resolveConnection(integration);
    const client = ctx.deps.confluence(connection);
    const result = await checkCqlWithConfluence(client, cql, { sampleSize: SAMPLE_TITLES });
    return fromResult(result);
  } catch (error) {
    return fromError(ctx, toAppError(error), integration, userId);
  }
}

function fromResult(result: RemoteCqlResult): CqlVerdict {
  if (result.outcome === 'invalid_local') return localProblem(result.error);
  if (result.outcome === 'matches') {
    const titles = result.sample.map((r) => `• ${mrkdwnLink(r.url, r.title)}`);
    const more = result.totalSize > result.sample.length ? '\n…' : '';
    const missing = missingLines(result.missingSpaces ?? [], result.missingContent ?? []);
    const warning = missing.length > 0 ? `\n⚠️ Some names add nothing:\n${missing.join('\n')}` : '';
    return {
      ok: true,
      cqlFeedback:
        `✅ *${plural(result.totalSize, 'result')}* match.\n${titles.join('\n')}${more}` + warning,
    };
  }
  const lines = missingLines(result.missingSpaces, result.missingContent);
  return {
    ok: false,
    banner: 'The query is valid but matches no pages, so there would be nothing to index.',
    cqlProblem: 'Matches no pages.',
    cqlFeedback:
      lines.length > 0 ? lines.join('\n') : 'Check the space keys, labels and dates it uses.',
  };
}

/** One bullet per space key or page id the query names that the integration cannot see. */
function missingLines(spaces: MissingSpace[], contentIds: string[]): string[] {
  return [
    ...spaces.map(
      (s) =>
        `• Space \`${escapeMrkdwn(s.key)}\` does not exist or this integration cannot see it` +
        (s.suggestion ? ` (did you mean \`${escapeMrkdwn(s.suggestion)}\`?)` : '.'),
    ),
    ...contentIds.map(
      (id) => `• Page ${escapeMrkdwn(id)} does not exist or this integration cannot see it.`,
    ),
  ];
}

/** The local parser's complaint, with line and column. */
export function localProblem(error: AppError): CqlVerdict {
  const problem = cqlProblemOf(error);
  const where = problem ? ` (line ${problem.line}, column ${problem.column})` : '';
  const remedy = error.remedies[0] ? ` ${error.remedies[0]}` : '';
  return {
    ok: false,
    cqlProblem: `${error.message}${where}${remedy}`,
  };
}

function fromError(
  ctx: SlackContext,
  error: AppError,
  integration: Integration,
  userId: string,
): CqlVerdict {
  // Banners are mrkdwn; the message and remedy may carry Confluence's or the user's words.
  const said = escapeMrkdwn(error.message);
  const remedy = error.remedies[0] ? ` ${escapeMrkdwn(error.remedies[0])}` : '';
  switch (error.code) {
    case 'invalid_cql':
      return {
        ok: false,
        banner: `Confluence refused the query: ${said}`,
        cqlProblem: `Confluence says: ${error.message}`,
      };
    case 'auth_failed': {
      const owner = integration.ownerId === userId;
      return {
        ok: false,
        banner:
          `Confluence did not accept the credentials of *${escapeMrkdwn(integration.alias)}* ` +
          `(expired or revoked token?). ${owner ? 'Update the integration, then submit again.' : `Ask <@${integration.ownerId}> to update it.`}`,
        cqlProblem: 'Could not be checked: the integration was refused.',
        fixIntegrationId: owner ? integration.id : undefined,
      };
    }
    case 'permission_denied':
      return {
        ok: false,
        banner: `Permission denied: ${said}${remedy}`,
        cqlProblem: 'Could not be checked: permission denied.',
      };
    case 'unreachable':
    case 'timeout':
      return {
        ok: false,
        banner: `Confluence could not be reached: ${said}${remedy}`,
        cqlProblem: 'Could not be checked: Confluence is unreachable.',
      };
    default:
      if (error.code === 'internal')
        ctx.logger.error({ err: error.cause ?? error }, 'CQL check failed');
      return {
        ok: false,
        banner: `Confluence could not check the query: ${said}${remedy}`,
        cqlProblem: 'Could not be checked.',
      };
  }
}
