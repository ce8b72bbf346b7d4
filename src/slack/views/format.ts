/** Wording shared by messages, lists and App Home: statuses, counts, durations and dates. */
import type { DataSource, IndexRun, RunStatus } from '../../domain/models';

const STATUS_TEXT: Record<RunStatus | 'idle', string> = {
  idle: '⚪ Not indexed yet',
  queued: '🕒 Queued',
  running: '🔄 Indexing',
  completed: '✅ Up to date',
  completed_with_failures: '⚠️ Indexed, some pages failed',
  failed: '❌ Last run failed',
  cancelled: '⏹️ Cancelled',
};

export function statusText(status: RunStatus | 'idle'): string {
  return STATUS_TEXT[status];
}

/** "1 234" style grouping without depending on the server's locale. */
export function count(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** "2 min 05 s", "45 s", "1 h 02 min". */
export function duration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** A date Slack shows in the reader's own time zone, with a UTC fallback. */
export function slackDate(date: Date | null | undefined): string {
  if (!date) return 'never';
  const seconds = Math.floor(date.getTime() / 1000);
  const fallback = `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${seconds}^{date_short_pretty} {time}|${fallback}>`;
}

/** "found 120 · processed 60 (50%) · 1 min 02 s" for a run in progress or finished. */
export function progressLine(run: IndexRun, now: Date): string {
  const { found, processed } = run.counts;
  const percent = found > 0 ? Math.min(100, Math.floor((processed / found) * 100)) : 0;
  const started = run.startedAt ?? run.queuedAt;
  const ended = run.finishedAt ?? now;
  const parts = [
    `found ${count(found)}`,
    `processed ${count(processed)} (${percent}%)`,
    `elapsed ${duration(ended.getTime() - started.getTime())}`,
  ];
  if (run.counts.failed > 0) parts.push(`${plural(run.counts.failed, 'page')} failed`);
  return parts.join(' · ');
}

/** One sentence summing up a finished run. */
export function runSummary(run: IndexRun, now: Date): string {
  const c = run.counts;
  const took = duration(
    (run.finishedAt ?? now).getTime() - (run.startedAt ?? run.queuedAt).getTime(),
  );
  const pieces = [
    `${plural(c.indexed, 'page')} indexed`,
    `${count(c.unchanged)} unchanged`,
    `${count(c.removed)} removed`,
    `${count(c.failed)} failed`,
  ];
  if (c.skipped > 0) pieces.push(`${count(c.skipped)} skipped (not pages)`);
  return `${pieces.join(', ')} in ${took}.`;
}

export function scheduleText(dataSource: DataSource): string {
  if (dataSource.schedule === 'off') return 'no schedule';
  const next = dataSource.nextRunAt ? `, next ${slackDate(dataSource.nextRunAt)}` : '';
  return `${dataSource.schedule}${next}`;
}

export const TRIGGER_TEXT: Record<IndexRun['trigger'], string> = {
  create: 'first indexing',
  manual: 'reindex asked for',
  schedule: 'scheduled run',
  cli: 'run from the command line',
  retry: 'retry',
};
