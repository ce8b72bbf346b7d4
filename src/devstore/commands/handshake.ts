/**
 * Connection and server commands: the handshake (`hello`/`isMaster`), `ping`, `buildInfo`,
 * `getParameter`, session bookkeeping and `listDatabases`. The store presents itself as a
 * standalone MongoDB 7.0 without `topologyVersion`, so the driver polls instead of streaming.
 */
import type { Document } from 'bson';
import { MAX_BSON_OBJECT_SIZE, MAX_MESSAGE_SIZE } from '../wire';
import type { CommandContext, CommandHandler } from './context';

/** What the store reports as its MongoDB version. */
export const REPORTED_VERSION = '7.0.0';

const hello: CommandHandler = (_body: Document, context: CommandContext) => ({
  helloOk: true,
  ismaster: true,
  isWritablePrimary: true,
  maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
  maxMessageSizeBytes: MAX_MESSAGE_SIZE,
  maxWriteBatchSize: 100_000,
  localTime: new Date(),
  logicalSessionTimeoutMinutes: 30,
  connectionId: context.connectionId,
  minWireVersion: 0,
  maxWireVersion: 21,
  readOnly: false,
  ok: 1,
});

const buildInfo: CommandHandler = () => ({
  version: REPORTED_VERSION,
  versionArray: [7, 0, 0, 0],
  gitVersion: 'datasource-bot-devstore',
  modules: ['datasource-bot-devstore'],
  bits: 64,
  maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
  storageEngines: ['in-memory'],
  ok: 1,
});

const PARAMETERS: Document = {
  featureCompatibilityVersion: { version: '7.0' },
  authenticationMechanisms: [],
};

const getParameter: CommandHandler = (body) => {
  const reply: Document = {};
  const all = body.getParameter === '*';
  for (const [name, value] of Object.entries(PARAMETERS)) {
    if (all || body[name] !== undefined) reply[name] = value;
  }
  return { ...reply, ok: 1 };
};

const listDatabases: CommandHandler = (body, context) => {
  const names = context.catalog.databaseNames();
  const databases = names.map((name) => ({ name, sizeOnDisk: 0, empty: false }));
  return body.nameOnly
    ? { databases: names.map((name) => ({ name })), ok: 1 }
    : { databases, totalSize: 0, ok: 1 };
};

const ok: CommandHandler = () => ({ ok: 1 });

export const handshakeCommands: Record<string, CommandHandler> = {
  hello,
  isMaster: hello,
  ismaster: hello,
  ping: ok,
  buildInfo,
  buildinfo: buildInfo,
  getParameter,
  listDatabases,
  endSessions: ok,
  killSessions: ok,
  killAllSessions: ok,
  refreshSessions: ok,
  whatsmyuri: () => ({ you: '127.0.0.1', ok: 1 }),
  connectionStatus: () => ({
    authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] },
    ok: 1,
  }),
};
