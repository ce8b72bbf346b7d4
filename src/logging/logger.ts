import pino from 'pino';
import { redactString, redactValue } from './redact';

/**
 * Levels and what they mean here:
 * - `error`: something failed that an operator must look at (a bug, a broken dependency).
 * - `warn`: the product works around a problem, or runs in a mode that loses data (dev store).
 * - `info`: one line per meaningful event (start-up, a run started or ended, a data source created).
 * - `debug`: detail for diagnosing one request or page; never payloads with user secrets.
 *
 * Every line names at most one `component`: a dotted path from the root logger's to the
 * child's (`serve.slack.bolt`). Name parts with `logger.child({ component: 'slack' })` as usual
 * (or `component` in `base`, or in one call's object); the logger joins them instead of
 * repeating the key.
 */
export type Logger = pino.Logger;
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface LoggerOptions {
  /** Minimum level written. Default `info`. */
  level?: LogLevel;
  /** Where lines go. Default standard error, so that command output on stdout stays clean. */
  destination?: pino.DestinationStream;
  /** Fixed fields on every line, e.g. `{ component: 'worker' }` (the root of the path). */
  base?: Record<string, unknown>;
}

/** Creates the JSON logger. Every object logged is redacted (see `redact.ts`), always. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const { component, ...base } = options.base ?? {};
  const logger = pino(
    {
      level: options.level ?? 'info',
      base,
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
      // The path is added to each line here, so that it is never a repeated binding.
      mixin: (_object, _level, instance) => {
        const path = componentPaths.get(instance);
        return path ? { component: path } : {};
      },
      mixinMergeStrategy: (object, mixed) => {
        const own = (object as { component?: unknown }).component;
        const path = joinComponent((mixed as { component?: string }).component, own);
        return path ? { ...mixed, ...object, component: path } : { ...mixed, ...object };
      },
    },
    options.destination ?? pino.destination(2),
  );
  if (component !== undefined) componentPaths.set(logger, String(component));
  logger.child = componentChild(logger.child);
  return logger;
}

/** A logger that writes nothing, for library defaults and tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

// ---------------------------------------------------------------------------------------------
// Component paths. pino writes each binding of each ancestor, so `component` bound at three
// levels appeared three times on a line. Instead, `child` keeps `component` out of the bindings
// and records the joined path for the child, and the mixin writes it once per line. Children are
// made from their parent's prototype, so every descendant uses this `child` too.

const componentPaths = new WeakMap<object, string>();

function joinComponent(parent: string | undefined, own: unknown): string | undefined {
  if (own === undefined || own === null || own === '') return parent;
  return parent ? `${parent}.${String(own)}` : String(own);
}

function componentChild(pinoChild: Logger['child']): Logger['child'] {
  return function child(this: Logger, bindings, options) {
    const { component, ...rest } = bindings;
    const made = pinoChild.call(this, redactValue(rest) as typeof rest, options);
    const path = joinComponent(componentPaths.get(this), component);
    if (path) componentPaths.set(made, path);
    return made;
  } as Logger['child'];
}
