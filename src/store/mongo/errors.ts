/** Translating MongoDB failures the repositories expect into AppErrors. */
import { MongoServerError } from 'mongodb';
import { AppError } from '../../errors';

/** Whether `error` is MongoDB's duplicate key error (E11000). */
export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000;
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
