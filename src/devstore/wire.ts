/**
 * MongoDB wire-protocol framing: splits a byte stream into messages, decodes the two request
 * kinds the driver sends (legacy OP_QUERY for the first handshake, OP_MSG for everything else) and
 * encodes replies. Knows nothing about commands; `server.ts` feeds it bytes and hands it replies.
 */
import { BSON, type Document } from 'bson';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;

const HEADER_SIZE = 16;
/** Largest message accepted, as advertised in `maxMessageSizeBytes`. */
export const MAX_MESSAGE_SIZE = 48_000_000;
export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;

const FLAG_CHECKSUM_PRESENT = 1 << 0;
const FLAG_MORE_TO_COME = 1 << 1;

const DESERIALIZE_OPTIONS = { promoteLongs: true, promoteValues: true, promoteBuffers: false };

/** A decoded request: the command body (with document sequences merged in) and how to answer. */
export interface WireRequest {
  requestId: number;
  opCode: typeof OP_QUERY | typeof OP_MSG;
  /** The command, e.g. `{ find: 'users', filter: {...}, $db: 'app' }`. */
  body: Document;
  /** Database named by the request (`$db`, or the OP_QUERY namespace). */
  dbName: string;
  /** OP_MSG with moreToCome: the client expects no reply (unacknowledged write). */
  noReply: boolean;
}

/** Accumulates bytes and yields complete messages. Throws on a malformed length. */
export class MessageReader {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const messages: Buffer[] = [];
    while (this.pending.length >= 4) {
      const length = this.pending.readInt32LE(0);
      if (length < HEADER_SIZE || length > MAX_MESSAGE_SIZE) {
        throw new Error(`invalid message length ${length}`);
      }
      if (this.pending.length < length) break;
      messages.push(this.pending.subarray(0, length));
      this.pending = this.pending.subarray(length);
    }
    return messages;
  }
}

function readCString(buffer: Buffer, offset: number): [string, number] {
  const end = buffer.indexOf(0, offset);
  if (end < 0) throw new Error('unterminated string in message');
  return [buffer.toString('utf8', offset, end), end + 1];
}

function readDocument(buffer: Buffer, offset: number): [Document, number] {
  const size = buffer.readInt32LE(offset);
  const document = BSON.deserialize(buffer.subarray(offset, offset + size), DESERIALIZE_OPTIONS);
  return [document, offset + size];
}

function decodeQuery(message: Buffer, requestId: number): WireRequest {
  let offset = HEADER_SIZE + 4; // flags
  const [namespace, afterName] = readCString(message, offset);
  offset = afterName + 8; // numberToSkip, numberToReturn
  const [query] = readDocument(message, offset);
  // Legacy commands may wrap the command as `{ $query: {...}, $readPreference: ... }`.
  const body = (query.$query as Document | undefined) ?? query;
  return {
    requestId,
    opCode: OP_QUERY,
    body,
    dbName: namespace.split('.')[0],
    noReply: false,
  };
}

function decodeMsg(message: Buffer, requestId: number): WireRequest {
  const flags = message.readUInt32LE(HEADER_SIZE);
  const end = flags & FLAG_CHECKSUM_PRESENT ? message.length - 4 : message.length;
  let offset = HEADER_SIZE + 4;
  let body: Document | undefined;
  const sequences: Array<[string, Document[]]> = [];
  while (offset < end) {
    const kind = message.readUInt8(offset);
    offset += 1;
    if (kind === 0) {
      [body, offset] = readDocument(message, offset);
    } else if (kind === 1) {
      const sectionEnd = offset + message.readInt32LE(offset);
      const [identifier, start] = readCString(message, offset + 4);
      let cursor = start;
      const documents: Document[] = [];
      while (cursor < sectionEnd) {
        let document: Document;
        [document, cursor] = readDocument(message, cursor);
        documents.push(document);
      }
      sequences.push([identifier, documents]);
      offset = sectionEnd;
    } else {
      throw new Error(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw new Error('OP_MSG without a body section');
  for (const [identifier, documents] of sequences) body[identifier] = documents;
  return {
    requestId,
    opCode: OP_MSG,
    body,
    dbName: typeof body.$db === 'string' ? body.$db : 'admin',
    noReply: (flags & FLAG_MORE_TO_COME) !== 0,
  };
}

/** Decodes one complete message; throws for opcodes the store does not speak. */
export function decodeRequest(message: Buffer): WireRequest {
  const requestId = message.readInt32LE(4);
  const opCode = message.readInt32LE(12);
  if (opCode === OP_QUERY) return decodeQuery(message, requestId);
  if (opCode === OP_MSG) return decodeMsg(message, requestId);
  throw new Error(`unsupported opcode ${opCode}`);
}

function header(length: number, requestId: number, responseTo: number, opCode: number): Buffer {
  const buffer = Buffer.alloc(HEADER_SIZE);
  buffer.writeInt32LE(length, 0);
  buffer.writeInt32LE(requestId, 4);
  buffer.writeInt32LE(responseTo, 8);
  buffer.writeInt32LE(opCode, 12);
  return buffer;
}

/** Encodes `reply` in the form the request came in (OP_REPLY for OP_QUERY, OP_MSG otherwise). */
export function encodeReply(request: WireRequest, reply: Document, requestId: number): Buffer {
  const document = Buffer.from(BSON.serialize(reply, { ignoreUndefined: true }));
  if (request.opCode === OP_QUERY) {
    const fields = Buffer.alloc(20);
    fields.writeInt32LE(0, 0); // responseFlags
    fields.writeBigInt64LE(0n, 4); // cursorID
    fields.writeInt32LE(0, 12); // startingFrom
    fields.writeInt32LE(1, 16); // numberReturned
    const length = HEADER_SIZE + fields.length + document.length;
    return Buffer.concat([
      header(length, requestId, request.requestId, OP_REPLY),
      fields,
      document,
    ]);
  }
  const flagsAndKind = Buffer.alloc(5); // flagBits = 0, section kind 0
  const length = HEADER_SIZE + flagsAndKind.length + document.length;
  return Buffer.concat([
    header(length, requestId, request.requestId, OP_MSG),
    flagsAndKind,
    document,
  ]);
}
