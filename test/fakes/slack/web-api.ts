/**
 * A fake Slack Web API on 127.0.0.1 for driving the real Bolt app and WebClient in tests.
 *
 * It answers `POST /api/<method>` form-encoded requests like Slack (`ok:true` shapes for the methods
 * the bot uses), records every call with `view`/`blocks` parsed, rejects views and messages that
 * break Block Kit limits (`invalid_arguments` / `invalid_blocks`), and fails on demand with
 * `ratelimited` (HTTP 429 + Retry-After), `not_in_channel`, `channel_not_found`,
 * `expired_trigger_id`, `hash_conflict` or any other error. `POST /response/<id>` stands in for
 * `response_url`s and records what the app sent there. Once a fake Socket Mode endpoint is
 * registered (`setSocketModeUrl`), `apps.connections.open` answers its URL to an app-level token
 * (`xapp-…` in the Authorization header) and `not_allowed_token_type` to any other.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkMessageBlocks, checkView } from './block-kit-rules';

type Json = Record<string, unknown>;

export interface RecordedCall {
  method: string;
  /** Form fields, with `view`, `blocks` and other JSON fields parsed. */
  args: Json;
  /** What the fake answered. */
  response: Json;
  status: number;
}

export interface ResponseUrlPost {
  id: string;
  body: Json;
}

export interface StoredView {
  id: string;
  hash: string;
  /** `modal` views opened with views.open/push; `home` views published with views.publish. */
  view: Json;
  userId?: string;
  /** Closed by the user or by an empty answer to its submission. */
  closed?: boolean;
  /** Field errors shown by the last `response_action: errors` answer, by block id. */
  errors?: Record<string, string>;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  text: string;
  blocks: unknown[];
  /** Every version the message had, oldest first. */
  history: Array<{ text: string; blocks: unknown[] }>;
}

interface Failure {
  method: string;
  error: string;
  /** Only calls whose args match this are failed. */
  when?: (args: Json) => boolean;
  /** How many calls to fail; Infinity for all. */
  times: number;
  /** Seconds, for `ratelimited`. */
  retryAfter?: number;
}

export interface SlackUser {
  id: string;
  name?: string;
  is_admin?: boolean;
  is_owner?: boolean;
}

export interface FakeSlackWebApi {
  /** `http://127.0.0.1:<port>/api/`, for `clientOptions.slackApiUrl`. */
  apiUrl: string;
  /** Base of the fake response URLs. */
  baseUrl: string;
  calls: RecordedCall[];
  responses: ResponseUrlPost[];
  views: Map<string, StoredView>;
  messages: StoredMessage[];
  /** Calls of one method, in order. */
  callsTo(method: string): RecordedCall[];
  /** A fresh response URL (as Slack puts in command and action payloads). */
  newResponseUrl(): string;
  /** A fresh trigger id; each can open one view, once. */
  newTriggerId(): string;
  /** Fails matching calls with `error` (`ratelimited` answers HTTP 429 with Retry-After). */
  fail(method: string, error: string, options?: Partial<Omit<Failure, 'method' | 'error'>>): void;
  /** Registers a Slack user (users.info answers for it). */
  addUser(user: SlackUser): void;
  /** What `apps.connections.open` answers (`ws://…`); null: the method is unknown (default). */
  setSocketModeUrl(url: string | null): void;
  /** Messages in a conversation (top level and replies), in order. */
  messagesIn(channel: string): StoredMessage[];
  /** Replies in the thread of `ts`. */
  threadOf(channel: string, ts: string): StoredMessage[];
  /**
   * Applies the app's answer to a view submission as Slack would: `update` replaces the view
   * (new hash, same id), `errors` shows field errors, `push` stacks a new view, an empty answer
   * or `clear` closes it.
   */
  applySubmissionAnswer(viewId: string, answer: unknown): void;
  /** Views opened or pushed, oldest first (modals only). */
  modals(): StoredView[];
  /** The newest modal that is still open. */
  latestModal(): StoredView | undefined;
  /** The latest home view published for a user. */
  homeOf(userId: string): StoredView | undefined;
  /** Resolves once `predicate` holds, polling the recorded state; rejects after `timeoutMs`. */
  waitFor<T>(
    predicate: () => T | undefined | null | false,
    what: string,
    timeoutMs?: number,
  ): Promise<T>;
  close(): Promise<void>;
}

const JSON_FIELDS = ['view', 'blocks', 'attachments', 'metadata'];

export async function startFakeSlackWebApi(): Promise<FakeSlackWebApi> {
  const calls: RecordedCall[] = [];
  const responses: ResponseUrlPost[] = [];
  const views = new Map<string, StoredView>();
  const messages: StoredMessage[] = [];
  const users = new Map<string, SlackUser>();
  const failures: Failure[] = [];
  const usedTriggers = new Set<string>();
  let socketModeUrl: string | null = null;
  let counter = 0;
  let tsCounter = 1_700_000_000_000;
  const next = (prefix: string) =>
    `${prefix}${(++counter).toString(36).toUpperCase().padStart(6, '0')}`;
  const nextTs = () => {
    tsCounter += 1;
    return `${Math.floor(tsCounter / 1000)}.${String(tsCounter % 1000).padStart(6, '0')}`;
  };

  // -------------------------------------------------------------------------------------------
  // Method handlers: each returns the body of an ok:true answer or throws SlackFailure.

  const methods: Record<string, (args: Json, headers: IncomingHttpHeaders) => Json> = {
    'apps.connections.open': (_args, headers) => {
      if (!socketModeUrl) throw new SlackFailure('unknown_method');
      const authorization = headers.authorization ?? '';
      if (!authorization) throw new SlackFailure('not_authed');
      if (!/^Bearer xapp-/.test(authorization)) throw new SlackFailure('not_allowed_token_type');
      return { url: socketModeUrl };
    },
    'auth.test': () => ({
      user_id: 'UBOT',
      bot_id: 'BBOT',
      team_id: 'T0001',
      user: 'datasource-bot',
    }),
    'views.open': (args) => openView(args, 'views.open'),
    'views.push': (args) => openView(args, 'views.push'),
    'views.update': (args) => {
      const existing = args.view_id
        ? views.get(String(args.view_id))
        : [...views.values()].find(
            (v) => args.external_id && v.view.external_id === args.external_id,
          );
      if (!existing) throw new SlackFailure('not_found');
      if (typeof args.hash === 'string' && args.hash !== existing.hash)
        throw new SlackFailure('hash_conflict');
      validateView(args.view);
      existing.view = args.view as Json;
      existing.hash = next('H');
      return { view: viewAnswer(existing) };
    },
    'views.publish': (args) => {
      const userId = String(args.user_id ?? '');
      if (!userId) throw new SlackFailure('invalid_arguments');
      validateView(args.view);
      const existing = [...views.values()].find(
        (v) => v.userId === userId && v.view.type === 'home',
      );
      if (existing && typeof args.hash === 'string' && args.hash !== existing.hash) {
        throw new SlackFailure('hash_conflict');
      }
      const stored = existing ?? { id: next('V'), hash: '', view: {}, userId };
      stored.view = args.view as Json;
      stored.hash = next('H');
      views.set(stored.id, stored);
      return { view: viewAnswer(stored) };
    },
    'chat.postMessage': (args) => {
      const channel = String(args.channel ?? '');
      if (!channel) throw new SlackFailure('channel_not_found');
      if (typeof args.text !== 'string' && args.blocks === undefined)
        throw new SlackFailure('no_text');
      validateMessage(args, false);
      const threadTs = typeof args.thread_ts === 'string' ? args.thread_ts : undefined;
      if (threadTs && !messages.some((m) => m.channel === channel && m.ts === threadTs)) {
        throw new SlackFailure('thread_not_found');
      }
      const message: StoredMessage = {
        channel,
        ts: nextTs(),
        threadTs,
        text: String(args.text ?? ''),
        blocks: Array.isArray(args.blocks) ? args.blocks : [],
        history: [],
      };
      message.history.push({ text: message.text, blocks: message.blocks });
      messages.push(message);
      return {
        channel,
        ts: message.ts,
        message: { type: 'message', text: message.text, ts: message.ts, thread_ts: threadTs },
      };
    },
    'chat.update': (args) => {
      const message = messages.find((m) => m.channel === args.channel && m.ts === args.ts);
      if (!message) throw new SlackFailure('message_not_found');
      validateMessage(args, true);
      if (typeof args.text === 'string') message.text = args.text;
      if (Array.isArray(args.blocks)) message.blocks = args.blocks;
      message.history.push({ text: message.text, blocks: message.blocks });
      return { channel: message.channel, ts: message.ts, text: message.text };
    },
    'chat.postEphemeral': (args) => {
      if (!args.user) throw new SlackFailure('user_not_found');
      validateMessage(args, false);
      return { message_ts: nextTs() };
    },
    'conversations.open': (args) => {
      const user = String(args.users ?? '').split(',')[0];
      if (!user) throw new SlackFailure('users_list_not_supplied');
      return { channel: { id: `D${user}` } };
    },
    'users.info': (args) => {
      const user = users.get(String(args.user ?? ''));
      if (!user) throw new SlackFailure('user_not_found');
      return {
        user: {
          id: user.id,
          name: user.name ?? user.id,
          is_admin: !!user.is_admin,
          is_owner: !!user.is_owner,
        },
      };
    },
  };

  function openView(args: Json, method: string): Json {
    const trigger = String(args.trigger_id ?? '');
    if (!trigger) throw new SlackFailure('invalid_trigger_id');
    if (usedTriggers.has(trigger)) throw new SlackFailure('exchanged_trigger_id');
    usedTriggers.add(trigger);
    validateView(args.view);
    void method;
    const stored: StoredView = { id: next('V'), hash: next('H'), view: args.view as Json };
    views.set(stored.id, stored);
    return { view: viewAnswer(stored) };
  }

  function validateOrThrow(view: unknown): void {
    const problems = checkView(view);
    if (problems.length > 0)
      throw new Error(`Slack would refuse this view: ${problems.join('; ')}`);
  }

  function viewAnswer(stored: StoredView): Json {
    return { ...stored.view, id: stored.id, hash: stored.hash, state: { values: {} } };
  }

  function validateView(view: unknown): void {
    const problems = checkView(view);
    if (problems.length > 0) throw new SlackFailure('invalid_arguments', problems);
  }

  function validateMessage(args: Json, isUpdate: boolean): void {
    if (isUpdate && typeof args.text === 'string' && args.text.length > 4000)
      throw new SlackFailure('msg_too_long');
    const problems = checkMessageBlocks(args.blocks);
    if (problems.length > 0) throw new SlackFailure('invalid_blocks', problems);
  }

  // -------------------------------------------------------------------------------------------
  // HTTP

  const server: Server = createServer((req, res) => {
    void readBody(req).then((raw) => handle(req, res, raw));
  });

  function handle(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'POST' && url.pathname.startsWith('/response/')) {
      responses.push({
        id: url.pathname.slice('/response/'.length),
        body: JSON.parse(raw || '{}') as Json,
      });
      return send(res, 200, 'ok', { 'content-type': 'text/plain' });
    }
    if (req.method !== 'POST' || !url.pathname.startsWith('/api/')) {
      return send(res, 404, JSON.stringify({ ok: false, error: 'unknown_method' }));
    }
    const method = url.pathname.slice('/api/'.length);
    const args = parseForm(raw, req.headers['content-type']);
    const record = (status: number, response: Json) =>
      calls.push({ method, args, response, status });

    const failure = takeFailure(method, args);
    if (failure) {
      const body = { ok: false, error: failure.error };
      record(failure.error === 'ratelimited' ? 429 : 200, body);
      if (failure.error === 'ratelimited') {
        return send(res, 429, JSON.stringify(body), {
          'retry-after': String(failure.retryAfter ?? 1),
        });
      }
      return send(res, 200, JSON.stringify(body));
    }
    const handler = methods[method];
    if (!handler) {
      const body = { ok: false, error: 'unknown_method' };
      record(200, body);
      return send(res, 200, JSON.stringify(body));
    }
    try {
      const body = { ok: true, ...handler(args, req.headers) };
      record(200, body);
      send(res, 200, JSON.stringify(body));
    } catch (error) {
      if (!(error instanceof SlackFailure)) throw error;
      const body: Json = { ok: false, error: error.code };
      if (error.messages.length > 0) body.response_metadata = { messages: error.messages };
      record(200, body);
      send(res, 200, JSON.stringify(body));
    }
  }

  function takeFailure(method: string, args: Json): Failure | undefined {
    const index = failures.findIndex(
      (f) => f.method === method && f.times > 0 && (!f.when || f.when(args)),
    );
    if (index < 0) return undefined;
    const failure = failures[index];
    failure.times -= 1;
    return failure;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    apiUrl: `${baseUrl}/api/`,
    baseUrl,
    calls,
    responses,
    views,
    messages,
    callsTo: (method) => calls.filter((c) => c.method === method),
    newResponseUrl: () => `${baseUrl}/response/${next('R')}`,
    newTriggerId: () => `${Date.now()}.${next('')}.trigger`,
    fail(method, error, options = {}) {
      failures.push({
        method,
        error,
        times: options.times ?? 1,
        when: options.when,
        retryAfter: options.retryAfter,
      });
    },
    addUser: (user) => void users.set(user.id, user),
    setSocketModeUrl: (url) => {
      socketModeUrl = url;
    },
    messagesIn: (channel) => messages.filter((m) => m.channel === channel),
    threadOf: (channel, ts) => messages.filter((m) => m.channel === channel && m.threadTs === ts),
    applySubmissionAnswer(viewId, answer) {
      const stored = views.get(viewId);
      if (!stored) throw new Error(`No view ${viewId}`);
      const body = (typeof answer === 'object' && answer !== null ? answer : {}) as Json;
      stored.errors = undefined;
      if (body.response_action === 'update') {
        validateOrThrow(body.view);
        stored.view = body.view as Json;
        stored.hash = next('H');
      } else if (body.response_action === 'errors') {
        stored.errors = body.errors as Record<string, string>;
      } else if (body.response_action === 'push') {
        validateOrThrow(body.view);
        const pushed: StoredView = { id: next('V'), hash: next('H'), view: body.view as Json };
        views.set(pushed.id, pushed);
      } else {
        stored.closed = true;
      }
    },
    modals: () => [...views.values()].filter((v) => v.view.type === 'modal'),
    latestModal: () =>
      [...views.values()].filter((v) => v.view.type === 'modal' && !v.closed).pop(),
    homeOf: (userId) =>
      [...views.values()].find((v) => v.userId === userId && v.view.type === 'home'),
    waitFor: (predicate, what, timeoutMs = 10_000) => poll(predicate, what, timeoutMs),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

class SlackFailure extends Error {
  constructor(
    readonly code: string,
    readonly messages: string[] = [],
  ) {
    super(code);
  }
}

/** Polls `predicate` every 10 ms until it returns something truthy. */
export async function poll<T>(
  predicate: () => T | undefined | null | false,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function parseForm(raw: string, contentType: string | undefined): Json {
  if (contentType?.startsWith('application/json')) return JSON.parse(raw || '{}') as Json;
  const args: Json = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = JSON_FIELDS.includes(key) ? safeJson(value) : value;
  }
  return args;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(body);
}
