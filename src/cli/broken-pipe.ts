/**
 * A reader that stops reading early (`datasource-bot convert big.xml | head -1`) closes the pipe;
 * the next write to it fails with EPIPE. Unhandled, that error crashes the process with a stack
 * trace. `main` guards standard output and standard error of every command with this, so the
 * command ends quietly instead, with the exit code a process ended by SIGPIPE reports.
 */
import type { EventEmitter } from 'node:events';
import { EXIT } from './exit-codes';

const guarded = new WeakSet<EventEmitter>();

/**
 * Calls `exit(EXIT.brokenPipe)` when `stream` fails with EPIPE; other errors are thrown as
 * before. Guarding the same stream twice adds nothing.
 */
export function exitQuietlyOnBrokenPipe(stream: EventEmitter, exit: (code: number) => void): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    exit(EXIT.brokenPipe);
  });
}
