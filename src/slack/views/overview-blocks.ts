/**
 * Blocks listing data sources by project, shared by App Home and `/datasource list`: status,
 * progress, last run, page count, next run, and the buttons the user may use.
 */
import { actions, button, context, divider, header, section, type Block } from '../blocks/kit';
import { escapeMrkdwn, fitBlocks } from '../blocks/limits';
import type { OverviewEntry, OverviewGroup } from '../home/overview';
import { count, progressLine, scheduleText, slackDate, statusText } from './format';

export const OVERVIEW_ACTIONS = {
  reindex: 'ds_reindex',
  edit: 'ds_edit',
  delete: 'ds_delete',
  failures: 'ds_failures',
} as const;

/**
 * The overview within `maxBlocks`; when it does not fit, the last block says how many were left
 * out and where to see them.
 */
export function overviewBlocks(
  groups: OverviewGroup[],
  now: Date,
  maxBlocks: number,
  overflowHint: string,
): Block[] {
  if (groups.length === 0) {
    return [
      section(
        'No data sources yet. Create one with `/datasource create`; ' +
          'connect Confluence first with `/datasource integration add`.',
      ),
    ];
  }
  const blocks: Block[] = [];
  for (const group of groups) {
    blocks.push(header(group.project ? `Project: ${group.project.name}` : 'Project: (deleted)'));
    for (const entry of group.entries) blocks.push(...entryBlocks(entry, now), divider());
  }
  return fitBlocks(blocks, maxBlocks, (omitted) =>
    context(`…and ${omitted} more blocks of data sources not shown. ${overflowHint}`),
  );
}

function entryBlocks(entry: OverviewEntry, now: Date): Block[] {
  const ds = entry.dataSource;
  const run = entry.latestRun;
  const active = run && (run.status === 'queued' || run.status === 'running');
  const lines = [
    `*${escapeMrkdwn(ds.name)}* · ${statusText(active ? run.status : ds.status)}`,
    active ? `Progress: ${progressLine(run, now)}` : `Last run: ${slackDate(ds.lastRunAt)}`,
    `Pages: ${count(ds.pageCount)} · Schedule: ${scheduleText(ds)} · Created by <@${ds.createdBy}>`,
  ];
  if (ds.description) lines.push(`_${escapeMrkdwn(ds.description.slice(0, 200))}_`);
  const blocks: Block[] = [section(lines.join('\n'), `ds_${ds.id}`)];

  const buttons = [];
  if (entry.canManage) {
    buttons.push(
      button('Reindex', OVERVIEW_ACTIONS.reindex, { value: ds.id }),
      button('Edit', OVERVIEW_ACTIONS.edit, { value: ds.id }),
      button('Delete', OVERVIEW_ACTIONS.delete, { value: ds.id, style: 'danger' }),
    );
  }
  const hasFailures = !!run && (run.counts.failed > 0 || run.status === 'failed');
  if (hasFailures)
    buttons.push(button('View failures', OVERVIEW_ACTIONS.failures, { value: ds.id }));
  if (buttons.length > 0) blocks.push(actions(`ds_actions_${ds.id}`, buttons));
  return blocks;
}
