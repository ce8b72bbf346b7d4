/**
 * Errors typed by what the caller should do about them. Every error the product raises on purpose
 * is an {@link AppError} with a stable `code`; anything else is a bug and is reported as `internal`.
 * Texts are written for people: `message` says what happened, `remedies` what they can do next.
 * No error text ever contains a secret (token, password, signing secret, URI credentials).
 */
export type ErrorCode =
  /** The user's input is wrong (a field, a URL, a command argument): fix it and try again. */
  | 'invalid_input'
  /** The CQL is not valid, locally or for Confluence: edit the query. */
  | 'invalid_cql'
  /** Confluence did not accept the credentials (wrong, expired or revoked token): re-authenticate. */
  | 'auth_failed'
  /** The credentials work but may not do this (no Confluence access, no space permission). */
  | 'permission_denied'
  /** The page, space or record does not exist or is hidden from this user. */
  | 'not_found'
  /** Confluence could not be reached (DNS, refused connection, TLS): check the URL and network. */
  | 'unreachable'
  /** Confluence did not answer in time: retry later, or narrow the query. */
  | 'timeout'
  /** Confluence asked us to slow down and the retry budget ran out: retry later. */
  | 'rate_limited'
  /** Confluence failed (5xx) beyond the retry budget: retry later. */
  | 'server_error'
  /** Confluence answered something that is not what the API documents (a login page, bad JSON). */
  | 'bad_response'
  /** The URL points at an address this deployment refuses to contact (private, loopback, metadata). */
  | 'blocked_address'
  /** Configuration is missing or malformed: fix the environment and restart. */
  | 'config_invalid'
  /** The request conflicts with existing state (a duplicate name, a run already in progress). */
  | 'conflict'
  /** The user may not do this in the product (not the owner, not an admin). */
  | 'forbidden'
  /** A bug: nothing the user can do but report it. */
  | 'internal';

export interface AppErrorOptions {
  /** Whether repeating the same call later may succeed. Defaults by code. */
  retryable?: boolean;
  /** Short, actionable sentences for people, most useful first. */
  remedies?: string[];
  /** Structured facts for callers (never secrets), e.g. `{ position: 12 }` for CQL. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

const RETRYABLE_BY_DEFAULT: ReadonlySet<ErrorCode> = new Set([
  'unreachable',
  'timeout',
  'rate_limited',
  'server_error',
]);

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly remedies: string[];
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(code);
    this.remedies = options.remedies ?? [];
    this.details = options.details ?? {};
  }

  /** A plain object safe to store in MongoDB or send to Slack (no stack, no cause). */
  toJSON(): SerializedError {
    return {
      code: this.code,
      message: this.message,
      remedies: this.remedies,
      details: this.details,
    };
  }
}

export interface SerializedError {
  code: ErrorCode;
  message: string;
  remedies: string[];
  details?: Record<string, unknown>;
}

/** Turns anything thrown into an AppError; unknown errors become `internal` with a generic text. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError('internal', 'Something went wrong inside Datasource Bot.', {
    remedies: ['Try again. If it keeps happening, report it to whoever runs the bot.'],
    cause: error,
  });
}

export function isAppError(error: unknown, code?: ErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}
