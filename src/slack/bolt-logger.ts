/**
 * Bolt and the Web API client log through this adapter, so their lines go through our logger and
 * its redaction. Their debug lines are dropped: they carry raw payloads and request bodies, where a
 * Confluence token typed into a form would appear as a plain value that no pattern can recognise.
 * Lines carry the component of the logger given (e.g. `serve.slack.bolt`).
 */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../logging/logger';

export function boltLogger(logger: Logger): BoltLogger {
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...msg: unknown[]) => {
      const text = msg.map((m) => (typeof m === 'string' ? m : safeStringify(m))).join(' ');
      logger[level](text);
    };
  return {
    debug: () => undefined,
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    // The level is our logger's; Bolt may not raise or lower it.
    setLevel: () => undefined,
    getLevel: () => toBoltLevel(logger.level),
    // The libraries name themselves on whichever adapter they were given; the component of
    // `logger` already says which one this is.
    setName: () => undefined,
  };
}

function toBoltLevel(level: string): LogLevel {
  if (level === 'debug' || level === 'trace') return LogLevel.DEBUG;
  if (level === 'warn') return LogLevel.WARN;
  if (level === 'error' || level === 'fatal' || level === 'silent') return LogLevel.ERROR;
  return LogLevel.INFO;
}

function safeStringify(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
