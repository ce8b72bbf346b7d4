/** "View failures": why the latest run failed and which pages could not be indexed. */
import type { DataSource, IndexRun } from '../../domain/models';
import { context, plain, section, type Block } from '../blocks/kit';
import { BLOCK_LIMITS, escapeMrkdwn, fitBlocks, mrkdwnLink, truncate } from '../blocks/limits';
import type { ModalView } from '../blocks/types';
import { plural, slackDate } from './format';

export function failuresModal(dataSource: DataSource, run: IndexRun | null): ModalView {
  const blocks: Block[] = [
    section(`*${escapeMrkdwn(dataSource.name)}*, run of ${slackDate(run?.queuedAt)}`),
  ];
  if (!run) blocks.push(section('It has not run yet.'));
  if (run?.error) {
    const remedies = run.error.remedies.map((r) => `• ${escapeMrkdwn(r)}`).join('\n');
    blocks.push(section(`❌ *The run failed:* ${escapeMrkdwn(run.error.message)}\n${remedies}`));
  }
  if (run && run.counts.failed > 0) {
    blocks.push(section(`⚠️ ${plural(run.counts.failed, 'page')} could not be indexed:`));
    for (const failure of run.failures) {
      const title = failure.url
        ? mrkdwnLink(failure.url, failure.title)
        : escapeMrkdwn(failure.title);
      blocks.push(section(`• ${title}: ${escapeMrkdwn(truncate(failure.reason, 500))}`));
    }
    if (run.failures.length < run.counts.failed) {
      blocks.push(context(`Only the first ${run.failures.length} failures are kept.`));
    }
  }
  if (run && !run.error && run.counts.failed === 0)
    blocks.push(section('✅ Nothing failed in the latest run.'));
  return {
    type: 'modal',
    title: plain('Failures', BLOCK_LIMITS.viewTitle),
    close: plain('Close', BLOCK_LIMITS.viewTitle),
    blocks: fitBlocks(blocks, BLOCK_LIMITS.viewBlocks, (n) => context(`…and ${n} more not shown.`)),
  };
}
