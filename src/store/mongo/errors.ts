/** Translating MongoDB failures the repositories expect into AppErrors. */
import { MongoServerError } from 'mongodb';
import { AppError } from '../../errors';

/** Whether `error` is MongoDB's duplicate key error (E11000). */
export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000;
}

/**
 * Whether `error` is a duplicate key error of the unique index on `field` (MongoDB names the key
 * pattern; older servers only the index, in the message).
 */
export function isDuplicateKeyOn(error: unknown, field: string, indexName: string): boolean {
  if (!isDuplicateKey(error)) return false;
  const { keyPattern } = error as { keyPattern?: Record<string, unknown> };
  return keyPattern ? field in keyPattern : (error as Error).message.includes(indexName);
}

/** A conflict error for a name already in use. */
export function nameTaken(message: string, remedy: string, cause: unknown): AppError {
  return new AppError('conflict', message, { remedies: [remedy], cause });
}

/** A stored record that does not read back as its model: a bug or a hand-edited database. */
export function malformedRecord(collection: string, id: unknown, cause: unknown): AppError {
  return new AppError('internal', `A stored record in ${collection} could not be read.`, {
    remedies: ['Report this to whoever runs the bot; the record may need to be repaired.'],
    details: { collection, id: String(id) },
    cause,
  });
}
