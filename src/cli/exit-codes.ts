import { constants } from 'node:os';
import type { AppError } from '../errors';
import type { InterruptSignal } from './interrupts';

/** Exit codes of the command line, documented in the README. */
export const EXIT = {
  /** Everything asked for was done. */
  ok: 0,
  /** It failed (Confluence refused, the query is invalid, the run failed). */
  failure: 1,
  /** The command was used wrongly or the configuration is invalid. */
  usage: 2,
  /** It partly worked: a run completed but some pages failed. */
  partial: 3,
  /** Stopped by Ctrl-C (SIGINT): 128 + 2, as shells report a process a signal ended. */
  interrupted: 130,
  /**
   * The reader of its output went away (`| head -1`): the command stops quietly, as a process
   * SIGPIPE ended would (128 + 13).
   */
  brokenPipe: 141,
} as const;

/**
 * The exit code for a command that failed with `error`: {@link EXIT.usage} for wrong input or
 * configuration, else {@link EXIT.failure}. Called by `main` and the commands that report errors.
 */
export function exitCodeForError(error: AppError): number {
  return error.code === 'invalid_input' || error.code === 'config_invalid'
    ? EXIT.usage
    : EXIT.failure;
}

/**
 * The exit code of a command stopped by `signal` after cleaning up: 128 + the signal's number,
 * as shells report it (SIGINT 130, SIGTERM 143, SIGHUP 129).
 */
export function exitCodeForSignal(signal: InterruptSignal): number {
  return 128 + constants.signals[signal];
}
