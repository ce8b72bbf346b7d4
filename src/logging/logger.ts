import pino from 'pino';
import { redactString, redactValue } from './redact';

/**
 * Levels and what they mean here:
 * - `error`: something failed that an operator must look at (a bug, a broken dependency).
 * - `warn`: the product works around a problem, or runs in a mode that loses data (dev store).
 * - `info`: one line per meaningful event (start-up, a run started or ended, a data source created).
 * - `debug`: detail for diagnosing one request or page; never payloads with user secrets.
 */
export type Logger = pino.Logger;
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface LoggerOptions {
  /** Minimum level written. Default `info`. */
  level?: LogLevel;
  /** Where lines go. Default standard error, so that command output on stdout stays clean. */
  destination?: pino.DestinationStream;
  /** Fixed fields on every line, e.g. `{ component: 'worker' }`. */
  base?: Record<string, unknown>;
}

/** Creates the JSON logger. Every object logged is redacted (see `redact.ts`), always. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: options.base ?? {},
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redactValue(object) as Record<string, unknown>,
      },
      hooks: {
        // Messages are redacted too: a secret pasted into a format argument never escapes.
        logMethod(args, method) {
          const cleaned = args.map((arg) => (typeof arg === 'string' ? redactString(arg) : arg));
          return method.apply(this, cleaned as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? pino.destination(2),
  );
}

/** A logger that writes nothing, for library defaults and tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
