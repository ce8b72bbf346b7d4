/**
 * Thread replies about runs: a summary for every finished run, and for failures a reply per kind
 * saying what happened and what to do, with buttons that act (update the integration, edit the
 * query, retry now, view failures).
 */
import type { DataSource, IndexRun, Integration } from '../../domain/models';
import type { ErrorCode } from '../../errors';
import { actions, button, context, section, type Block } from '../blocks/kit';
import { escapeMrkdwn, mrkdwnLink, truncate } from '../blocks/limits';
import { plural, runSummary, TRIGGER_TEXT } from './format';
import { OVERVIEW_ACTIONS } from './overview-blocks';

export const RUN_ACTIONS = {
  retry: 'run_retry',
  editQuery: 'run_edit_query',
  updateIntegration: 'run_update_integration',
} as const;

/** Failed pages listed in the reply; the rest are in "View failures". */
const LISTED_FAILURES = 5;

export interface Reply {
  text: string;
  blocks: Block[];
}

export function summaryReply(run: IndexRun, now: Date): Reply {
  const who = run.requestedBy ? ` by <@${run.requestedBy}>` : '';
  const label = `${capitalize(TRIGGER_TEXT[run.trigger])}${who}`;
  const text =
    run.status === 'cancelled'
      ? `⏹️ ${label} was cancelled after ${plural(run.counts.processed, 'page')}.`
      : `${run.status === 'completed' ? '✅' : '⚠️'} ${label} finished: ${runSummary(run, now)}`;
  return { text: stripMarks(text), blocks: [section(text)] };
}

interface FailureKind {
  title: string;
  advice: string;
  buttons: Array<'integration' | 'query' | 'retry'>;
}

const KINDS: Partial<Record<ErrorCode, FailureKind>> = {
  invalid_cql: {
    title: 'The query is not valid any more',
    advice: 'Confluence refused it. Edit the query, then retry.',
    buttons: ['query', 'retry'],
  },
  auth_failed: {
    title: 'Confluence refused the token (expired or revoked)',
    advice: 'Update the integration with a new token, then retry.',
    buttons: ['integration', 'retry'],
  },
  timeout: {
    title: 'Confluence did not answer in time',
    advice: 'Retry later; if it keeps happening, narrow the query.',
    buttons: ['retry', 'query'],
  },
  unreachable: {
    title: 'Confluence could not be reached',
    advice: 'Check the integration URL and that the site is up, then retry.',
    buttons: ['integration', 'retry'],
  },
  permission_denied: {
    title: 'Permission denied',
    advice:
      'The integration may not read these pages. Use an account with access or change the query.',
    buttons: ['integration', 'query', 'retry'],
  },
};

const CONFLUENCE_ERRORS: FailureKind = {
  title: 'Confluence returned errors',
  advice: 'This is usually temporary. Retry now or wait for the next scheduled run.',
  buttons: ['retry'],
};

/** The reply for a run that failed as a whole. */
export function failureReply(
  run: IndexRun,
  dataSource: DataSource,
  integration: Integration | null,
): Reply {
  const error = run.error;
  const kind = (error && KINDS[error.code]) || CONFLUENCE_ERRORS;
  const said = error ? escapeMrkdwn(truncate(error.message, 1200)) : 'No reason was recorded.';
  const remedies = (error?.remedies ?? []).slice(0, 3).map((r) => `• ${escapeMrkdwn(r)}`);
  const body = [`❌ *${kind.title}.* ${said}`, kind.advice, ...remedies].join('\n');
  return {
    text: `❌ ${escapeMrkdwn(dataSource.name)}: ${kind.title}`,
    blocks: [
      section(body),
      actions(
        `run_fix_${run.id}`,
        kind.buttons.flatMap((b) => actionButton(b, dataSource, integration)),
      ),
    ],
  };
}

/** The reply listing pages that could not be indexed. */
export function pageFailuresReply(run: IndexRun, dataSource: DataSource): Reply {
  const listed = run.failures.slice(0, LISTED_FAILURES).map((f) => {
    const title = f.url ? mrkdwnLink(f.url, f.title) : escapeMrkdwn(f.title);
    return `• ${title}: ${escapeMrkdwn(truncate(f.reason, 200))}`;
  });
  const more = run.counts.failed - listed.length;
  const tail = more > 0 ? `\n…and ${plural(more, 'more page')}.` : '';
  return {
    text: `⚠️ ${plural(run.counts.failed, 'page')} of ${escapeMrkdwn(dataSource.name)} could not be indexed`,
    blocks: [
      section(
        `⚠️ *${plural(run.counts.failed, 'page')} could not be indexed:*\n${listed.join('\n')}${tail}`,
      ),
      context('The other pages are searchable. Failed pages are tried again on the next run.'),
      actions(`run_pages_${run.id}`, [
        button('View failures', OVERVIEW_ACTIONS.failures, { value: dataSource.id }),
        button('Retry now', RUN_ACTIONS.retry, { value: dataSource.id, style: 'primary' }),
      ]),
    ],
  };
}

function actionButton(
  which: 'integration' | 'query' | 'retry',
  ds: DataSource,
  integration: Integration | null,
) {
  if (which === 'integration') {
    return integration
      ? [button('Update the integration', RUN_ACTIONS.updateIntegration, { value: integration.id })]
      : [];
  }
  if (which === 'query') return [button('Edit the query', RUN_ACTIONS.editQuery, { value: ds.id })];
  return [button('Retry now', RUN_ACTIONS.retry, { value: ds.id, style: 'primary' })];
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function stripMarks(text: string): string {
  return text.replace(/[*_]/g, '');
}
