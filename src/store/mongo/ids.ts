/**
 * Ids at the edge between the models (hex strings) and MongoDB (ObjectId). A string that is not
 * a 24-digit hex id names nothing: lookups return null, writes that reference it are refused.
 */
import { ObjectId } from 'mongodb';
import { AppError } from '../../errors';

const HEX_ID = /^[0-9a-f]{24}$/i;

/** The ObjectId for `id`, or null when `id` cannot be one. */
export function parseId(id: string | null | undefined): ObjectId | null {
  return typeof id === 'string' && HEX_ID.test(id) ? new ObjectId(id) : null;
}

/** The ObjectId for `id`; throws `invalid_input` naming `what` when it is not one. */
export function requireId(id: string, what: string): ObjectId {
  const parsed = parseId(id);
  if (!parsed) {
    throw new AppError('invalid_input', `The ${what} is not a valid id.`, {
      details: { field: what },
    });
  }
  return parsed;
}

/** ObjectIds for the valid ids among `ids` (invalid ones can match nothing anyway). */
export function parseIds(ids: string[]): ObjectId[] {
  return ids.map(parseId).filter((id): id is ObjectId => id !== null);
}

/** Optional foreign keys: `null` stays null, `undefined` stays absent. */
export function optionalId(
  id: string | null | undefined,
  what: string,
): ObjectId | null | undefined {
  if (id === undefined || id === null) return id;
  return requireId(id, what);
}
