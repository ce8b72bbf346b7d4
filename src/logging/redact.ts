/**
 * Secret redaction applied inside the logger, always: by key name, by value shape, and by size.
 * Anything that reaches a log line passes through {@link redactValue} first.
 */

/** Keys whose values are never logged, whatever they hold. */
const SECRET_KEY =
  /(token|secret|password|passwd|authorization|cookie|credential|api[-_]?key|private[-_]?metadata)/i;

/** Value shapes that are secrets wherever they appear inside a string. */
const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/\bxox[abposer]-[A-Za-z0-9-]+/g, 'xox?-[redacted]'],
  [/\bxapp-[A-Za-z0-9-]+/g, 'xapp-[redacted]'],
  // "Basic Authentication has been disabled" is Confluence's wording, not a credential.
  [/\b(Bearer|Basic)\s+(?!authentication\b)[A-Za-z0-9+/=._~-]{8,}/gi, '$1 [redacted]'],
  // A URI's user part up to its last "@" (a password may hold "@"); a bare user may be a token.
  [/(mongodb(?:\+srv)?:\/\/)[^/?#\s"'<>]+@/gi, '$1[redacted]@'],
  [/(https?:\/\/)[^/?#\s"'<>]+@/gi, '$1[redacted]@'],
];

/** Longest string kept whole in a log line; longer ones are cut and marked. */
export const MAX_LOGGED_STRING = 2000;
const MAX_DEPTH = 6;
const MAX_ARRAY_ITEMS = 20;

export function redactString(value: string): string {
  let out = value;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  if (out.length > MAX_LOGGED_STRING) {
    out = `${out.slice(0, MAX_LOGGED_STRING)}… [${out.length - MAX_LOGGED_STRING} more characters]`;
  }
  return out;
}

/** Returns a copy of `value` with secrets blanked and large values cut; never mutates. */
export function redactValue(value: unknown, depth = 0, key?: string): unknown {
  if (key !== undefined && SECRET_KEY.test(key) && value !== undefined && value !== null) {
    return '[redacted]';
  }
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[nested too deep]';

  if (value instanceof Error) {
    const error: Record<string, unknown> = {
      type: value.name,
      message: redactString(value.message),
    };
    for (const [k, v] of Object.entries(value)) error[k] = redactValue(v, depth + 1, k);
    if (value.stack) error.stack = redactString(value.stack);
    if (value.cause !== undefined) error.cause = redactValue(value.cause, depth + 1);
    return error;
  }
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ARRAY_ITEMS).map((item) => redactValue(item, depth + 1));
    if (value.length > MAX_ARRAY_ITEMS)
      items.push(`[${value.length - MAX_ARRAY_ITEMS} more items]`);
    return items;
  }
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;

  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, depth + 1, k);
  return out;
}
