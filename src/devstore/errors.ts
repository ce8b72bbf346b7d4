/**
 * Errors the development store answers with, shaped like MongoDB's so that the driver raises the
 * same `MongoServerError` (code, codeName, errmsg) it would raise against a real server. Thrown by
 * the command handlers; turned into `{ ok: 0, ... }` or a `writeErrors` entry by the dispatcher.
 */
import type { Document } from 'bson';
import { MingoError } from 'mingo/util';

/** MongoDB error codes used here, with MongoDB's names. */
export const ERROR_CODES = {
  InternalError: 1,
  BadValue: 2,
  FailedToParse: 9,
  TypeMismatch: 14,
  InvalidLength: 16,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  CursorNotFound: 43,
  NamespaceExists: 48,
  DollarPrefixedFieldName: 52,
  CommandNotFound: 59,
  ImmutableField: 66,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  DocumentValidationFailure: 121,
  DuplicateKey: 11000,
  Location40324: 40324,
} as const;

export type ErrorCodeName = keyof typeof ERROR_CODES;

export class CommandError extends Error {
  readonly code: number;
  readonly codeName: string;
  /** Extra fields MongoDB sends with this error (e.g. `keyPattern`, `keyValue`, `errInfo`). */
  readonly extra: Document;

  constructor(codeName: ErrorCodeName, message: string, extra: Document = {}) {
    super(message);
    this.name = 'CommandError';
    this.codeName = codeName;
    this.code = ERROR_CODES[codeName];
    this.extra = extra;
  }

  /** The reply of a command that failed as a whole. */
  toReply(): Document {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }

  /** One entry of a write command's `writeErrors`. */
  toWriteError(index: number): Document {
    return { index, code: this.code, errmsg: this.message, ...this.extra };
  }
}

/**
 * Turns anything a command threw into a CommandError: mingo's complaints about the query become
 * BadValue (or MongoDB's code for an unknown stage), anything else InternalError (a store bug).
 */
export function toCommandError(error: unknown): CommandError {
  if (error instanceof CommandError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof MingoError)) return new CommandError('InternalError', message);
  const unknownQueryOperator = /unknown query operator (\$\w+)/i.exec(message);
  if (unknownQueryOperator) {
    return new CommandError('BadValue', `unknown operator: ${unknownQueryOperator[1]}`);
  }
  const unknownStage = /unknown pipeline operator:? '?(\$\w+)/i.exec(message);
  if (unknownStage) {
    return new CommandError(
      'Location40324',
      `Unrecognized pipeline stage name: '${unknownStage[1]}'`,
    );
  }
  return new CommandError('BadValue', message);
}
