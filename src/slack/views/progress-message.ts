/**
 * The one message posted when a data source is created: who, the query, the integration, and a
 * progress line edited in place as runs progress, ending with the summary of the latest run.
 * Runs report in its thread.
 */
import type { DataSource, IndexRun, Integration, Project } from '../../domain/models';
import { context, section, type Block } from '../blocks/kit';
import { BLOCK_LIMITS, escapeMrkdwn, truncate } from '../blocks/limits';
import { progressLine, runSummary, statusText, TRIGGER_TEXT } from './format';

export interface ProgressMessageModel {
  dataSource: DataSource;
  project: Project | null;
  integration: Integration | null;
  /** The run to show; `null` before the first one starts. */
  run: IndexRun | null;
  now: Date;
}

export function progressMessage(model: ProgressMessageModel): { text: string; blocks: Block[] } {
  const { dataSource: ds, project, integration, run, now } = model;
  const where = project ? ` in project *${escapeMrkdwn(project.name)}*` : '';
  // Slack reads <!here> and <url|label> even inside a code block: the query is escaped too.
  const cql = truncate(escapeMrkdwn(ds.cql).replace(/```/g, "'''"), 2500);
  const integrationText = integration
    ? `${escapeMrkdwn(integration.alias)} (${escapeMrkdwn(integration.baseUrl)})`
    : 'deleted integration';
  const line = statusLine(run, now);
  return {
    text: truncate(
      `${escapeMrkdwn(ds.name)}: ${line.replace(/[*_]/g, '')}`,
      BLOCK_LIMITS.messageText,
    ),
    blocks: [
      section(`📚 <@${ds.createdBy}> added the data source *${escapeMrkdwn(ds.name)}*${where}.`),
      section(`*Query*\n\`\`\`${cql}\`\`\``),
      context(`Integration: ${integrationText} · Schedule: ${ds.schedule}`),
      section(line, 'progress'),
      context('Every run reports in this thread.'),
    ],
  };
}

function statusLine(run: IndexRun | null, now: Date): string {
  if (!run) return '🕒 Waiting for the first run…';
  const label = TRIGGER_TEXT[run.trigger];
  if (run.status === 'queued') return `🕒 Queued (${label})`;
  if (run.status === 'running') return `🔄 *Indexing* (${label}): ${progressLine(run, now)}`;
  if (run.status === 'failed') {
    return `${statusText('failed')} (${label}): ${escapeMrkdwn(run.error?.message ?? 'unknown error')} See the thread.`;
  }
  return `${statusText(run.status)} (${label}): ${runSummary(run, now)}`;
}
