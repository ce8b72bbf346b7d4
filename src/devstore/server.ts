/**
 * The development store: an in-memory server speaking enough of the MongoDB wire protocol for the
 * official driver and Agenda's Mongo backend. The bot and the command line start it in-process
 * when `MONGODB_URI` is not set; `datasource-bot dev-store` runs it on its own; the tests use it
 * in place of a MongoDB server. Nothing is kept after `close()` or process exit.
 *
 *   const store = await startDevStore({ logger });          // 127.0.0.1, ephemeral port
 *   const client = new MongoClient(store.uri);               // mongodb://127.0.0.1:PORT/?directConnection=true
 *   ...
 *   await client.close(); await store.close();
 */
import net from 'node:net';
import type { Document } from 'bson';
import { silentLogger, type Logger } from '../logging/logger';
import { Catalog } from './catalog';
import { runCommand, commandName } from './commands';
import { CursorRegistry } from './cursors';
import { MessageReader, decodeRequest, encodeReply } from './wire';

export interface DevStoreOptions {
  /** Interface to listen on. Default `127.0.0.1`; keep it on loopback. */
  host?: string;
  /** TCP port; default 0 (an ephemeral port, see `DevStore.port`). */
  port?: number;
  /** Receives connection and command errors at debug, validator warnings at warn. */
  logger?: Logger;
}

export interface DevStore {
  /** Connection string for the driver, e.g. `mongodb://127.0.0.1:27018/?directConnection=true`. */
  uri: string;
  port: number;
  /** Stops listening, drops every connection and forgets all data. */
  close(): Promise<void>;
}

interface Connection {
  id: number;
  socket: net.Socket;
}

function serve(connection: Connection, catalog: Catalog, cursors: CursorRegistry, logger: Logger) {
  const reader = new MessageReader();
  let replyId = 1;
  connection.socket.on('data', (chunk: Buffer) => {
    try {
      for (const message of reader.push(chunk)) {
        const request = decodeRequest(message);
        const reply = runCommand(request.body, {
          catalog,
          cursors,
          dbName: request.dbName,
          connectionId: connection.id,
        });
        logFailure(logger, request.body, reply);
        if (!request.noReply) connection.socket.write(encodeReply(request, reply, replyId++));
      }
    } catch (error) {
      logger.debug({ err: error, connectionId: connection.id }, 'dev store: dropping connection');
      connection.socket.destroy();
    }
  });
  connection.socket.on('error', (error) => {
    logger.debug({ err: error, connectionId: connection.id }, 'dev store: connection error');
  });
}

function logFailure(logger: Logger, body: Document, reply: Document): void {
  if (reply.ok === 1 && !reply.writeErrors) return;
  const errors = reply.writeErrors ?? [{ code: reply.code, errmsg: reply.errmsg }];
  logger.debug({ command: commandName(body), errors }, 'dev store: command failed');
}

/** Starts a development store listening on `host:port`. */
export async function startDevStore(options: DevStoreOptions = {}): Promise<DevStore> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? silentLogger();
  const catalog = new Catalog((namespace, failures) =>
    logger.warn({ namespace, failures }, 'dev store: document failed validation (action: warn)'),
  );
  const cursors = new CursorRegistry();
  const connections = new Set<net.Socket>();
  let nextConnectionId = 1;

  const server = net.createServer((socket) => {
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
    serve({ id: nextConnectionId++, socket }, catalog, cursors, logger);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const port = (server.address() as net.AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    uri: `mongodb://${shownHost}:${port}/?directConnection=true`,
    port,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of connections) socket.destroy();
      await closed;
      cursors.clear();
    },
  };
}
