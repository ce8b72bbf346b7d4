/**
 * A fake Socket Mode endpoint on 127.0.0.1 for the real Bolt app (`SocketModeReceiver` with
 * `@slack/socket-mode` 3). It registers its `ws://` URL with the fake Web API, which hands it out
 * from `apps.connections.open`; a connecting app gets Slack's `hello`, then whatever envelopes
 * the test sends. Every message the app sends back is recorded; an ack carries the envelope's
 * `envelope_id` and, for slash commands and view submissions, the answer in `payload`.
 *
 *   const socket = await startFakeSocketMode(slack);
 *   await socket.connected();
 *   const ack = await socket.command('help', { userId: 'UALICE' });
 *   ack.payload  // what the app answered
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { slashCommandFields, type Actor } from './driver';
import { poll, type FakeSlackWebApi } from './web-api';

type Json = Record<string, unknown>;

/** Envelope types Slack sends over the socket (Bolt dispatches each like its HTTP twin). */
export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface SocketAck {
  envelope_id: string;
  payload?: Json;
}

export interface FakeSocketMode {
  /** `ws://127.0.0.1:<port>/link/?ticket=…`, what `apps.connections.open` answers. */
  url: string;
  /** Every message the app sent over the socket, parsed, oldest first. */
  received: Json[];
  /** Connections opened so far. */
  connections(): number;
  /** Resolves once an app is connected (it has been sent `hello`). */
  connected(): Promise<void>;
  /** Resolves once no app is connected any more. */
  disconnected(): Promise<void>;
  /** Sends an envelope to the connected app; resolves with the app's ack of it. */
  send(type: EnvelopeType, payload: Json): Promise<SocketAck>;
  /** `/datasource <text>` from `actor`, as a `slash_commands` envelope; resolves with the ack. */
  command(text: string, actor: Actor): Promise<SocketAck>;
  /** Closes the connections (normal closure) and the server; unregisters the URL. */
  close(): Promise<void>;
}

const ACK_TIMEOUT_MS = 10_000;

export async function startFakeSocketMode(slack: FakeSlackWebApi): Promise<FakeSocketMode> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `ws://127.0.0.1:${port}/link/?ticket=${randomUUID()}&app_id=A0BOT`;
  const received: Json[] = [];
  const waiting = new Map<string, (ack: SocketAck) => void>();
  let current: WebSocket | null = null;
  let opened = 0;

  server.on('connection', (socket) => {
    opened += 1;
    current = socket;
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as Json;
      received.push(message);
      const id = String(message.envelope_id ?? '');
      waiting.get(id)?.(message as unknown as SocketAck);
      waiting.delete(id);
    });
    socket.on('close', () => {
      if (current === socket) current = null;
    });
    // Slack's greeting: the client counts as connected once it arrives.
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'applink-fake', build_number: 1, approximate_connection_time: 3600 },
        connection_info: { app_id: 'A0BOT' },
      }),
    );
  });
  slack.setSocketModeUrl(url);

  const send = (type: EnvelopeType, payload: Json): Promise<SocketAck> => {
    const socket = current;
    if (!socket) return Promise.reject(new Error('No app is connected to the fake socket'));
    const envelopeId = randomUUID();
    const ack = new Promise<SocketAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(envelopeId);
        reject(new Error(`No ack for the ${type} envelope ${envelopeId}`));
      }, ACK_TIMEOUT_MS);
      waiting.set(envelopeId, (message) => {
        clearTimeout(timer);
        resolve(message);
      });
    });
    socket.send(
      JSON.stringify({
        envelope_id: envelopeId,
        payload,
        type,
        accepts_response_payload: type !== 'events_api',
        ...(type === 'events_api' ? { retry_attempt: 0, retry_reason: '' } : {}),
      }),
    );
    return ack;
  };

  return {
    url,
    received,
    connections: () => opened,
    connected: async () => {
      await poll(() => current !== null, 'an app to connect to the fake socket');
    },
    disconnected: async () => {
      await poll(() => current === null, 'the app to disconnect from the fake socket');
    },
    send,
    command: (text, actor) => send('slash_commands', slashCommandFields(slack, text, actor)),
    async close() {
      slack.setSocketModeUrl(null);
      const closing = [...server.clients].map(
        (socket) =>
          new Promise<void>((resolve) => {
            socket.once('close', () => resolve());
            socket.close(1001, 'fake Slack going away');
            setTimeout(() => socket.terminate(), 1000).unref();
          }),
      );
      await Promise.all(closing);
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
