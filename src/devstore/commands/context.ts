/**
 * What every command handler receives. Handlers are synchronous: a command runs to completion
 * before the next one starts, which makes every single-document write atomic here.
 */
import type { Document } from 'bson';
import type { Catalog } from '../catalog';
import type { CursorRegistry } from '../cursors';
import { CommandError } from '../errors';

export interface CommandContext {
  catalog: Catalog;
  cursors: CursorRegistry;
  /** Database the command was sent to (`$db`). */
  dbName: string;
  /** Id of the client connection, reported by `hello`. */
  connectionId: number;
}

/** Answers one command; throws CommandError for `{ ok: 0 }` replies. */
export type CommandHandler = (body: Document, context: CommandContext) => Document;

/** The collection name a command targets: the value of its first field. */
export function collectionName(body: Document): string {
  const name = Object.values(body)[0];
  if (typeof name !== 'string' || name.length === 0) {
    const command = Object.keys(body)[0];
    throw new CommandError(
      'InvalidNamespace',
      `collection name has invalid type ${typeof name} for command ${command}`,
    );
  }
  return name;
}

/** A number from a command field that may arrive as Long/Int32; `undefined` when absent. */
export function numberField(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value;
  return Number(value);
}
