/**
 * The command table and dispatcher: finds the handler by the command's first field and turns
 * whatever it throws into MongoDB's `{ ok: 0, errmsg, code, codeName }` reply.
 */
import type { Document } from 'bson';
import { CommandError, toCommandError } from '../errors';
import { aggregateCommands } from './aggregate';
import { collectionCommands } from './collections';
import type { CommandContext, CommandHandler } from './context';
import { crudCommands } from './crud';
import { findAndModifyCommands } from './find-and-modify';
import { findCommands } from './find';
import { handshakeCommands } from './handshake';
import { indexCommands } from './indexes';

export type { CommandContext } from './context';

const COMMANDS: Record<string, CommandHandler> = {
  ...handshakeCommands,
  ...crudCommands,
  ...findCommands,
  ...findAndModifyCommands,
  ...aggregateCommands,
  ...indexCommands,
  ...collectionCommands,
};

export function commandName(body: Document): string {
  return Object.keys(body)[0] ?? '';
}

/** Runs one command; never throws. Internal errors are returned as InternalError replies. */
export function runCommand(body: Document, context: CommandContext): Document {
  const name = commandName(body);
  const handler = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!handler) return new CommandError('CommandNotFound', `no such command: '${name}'`).toReply();
  try {
    return handler(body, context);
  } catch (error) {
    return toCommandError(error).toReply();
  }
}
