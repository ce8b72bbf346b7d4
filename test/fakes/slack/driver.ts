/**
 * Sends signed requests to the real Bolt app as Slack would: slash commands as form bodies,
 * `block_actions` / `view_submission` / `view_closed` as a `payload=` form field, events as JSON.
 * Every body is signed with the `v0` HMAC over the exact bytes sent, and form bodies carry exactly
 * `application/x-www-form-urlencoded` (Bolt compares the header strictly).
 *
 * Payloads start from real captured ones (`shared/fixtures/slack-real`) with ids and content
 * replaced, so that the app is tested against the fields Slack really sends.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FakeSlackWebApi, StoredView } from './web-api';

type Json = Record<string, unknown>;

export const SLACK_FIXTURES = path.resolve(__dirname, '../../../../shared/fixtures/slack-real');

export function loadSlackFixture(relativePath: string): Json {
  return JSON.parse(readFileSync(path.join(SLACK_FIXTURES, relativePath), 'utf8')) as Json;
}

const FIXTURE = {
  viewSubmission: 'DonDebonair__slack-machine/tests/models/example_payloads/view_submission.json',
  viewClosed: 'DonDebonair__slack-machine/tests/models/example_payloads/view_closed.json',
  actionInModal:
    'DonDebonair__slack-machine/tests/models/example_payloads/block_action_in_modal.json',
  actionInMessage:
    'DonDebonair__slack-machine/tests/models/example_payloads/block_action_button.json',
  appHomeOpened: 'HubSpot__slack-client/slack-base/src/test/resources/app_home_opened.json',
};

export interface DriverResponse {
  status: number;
  /** Parsed JSON when the app answered JSON, else the raw text (empty for a bare ack). */
  body: unknown;
  text: string;
}

export interface Actor {
  userId: string;
  teamId?: string;
  channelId?: string;
}

/** Values to type or pick in a view, by block id: text for inputs, option value for selects. */
export type FormInput = Record<string, string | null>;

export interface SlackDriver {
  /** `/datasource <text>` from `actor` in `actor.channelId` (default C0GENERAL). */
  command(
    text: string,
    actor: Actor,
  ): Promise<DriverResponse & { responseUrl: string; triggerId: string }>;
  /** Clicks a button (or picks from a select) inside a modal or home view. */
  actionInView(
    view: StoredView,
    actionId: string,
    actor: Actor,
    options?: { value?: string; input?: FormInput; selectedOption?: string },
  ): Promise<DriverResponse & { triggerId: string }>;
  /** Clicks a button in a message (channel or thread). */
  actionInMessage(
    message: { channel: string; ts: string; blocks: unknown[] },
    actionId: string,
    actor: Actor,
  ): Promise<DriverResponse & { responseUrl: string; triggerId: string }>;
  /** Submits a modal with `input` typed into it (unlisted inputs keep their initial values). */
  submit(view: StoredView, actor: Actor, input?: FormInput): Promise<DriverResponse>;
  /** The user closed a modal (`notify_on_close` views only). */
  close(view: StoredView, actor: Actor): Promise<DriverResponse>;
  /** The user opened the App Home tab. */
  openHome(actor: Actor): Promise<DriverResponse>;
  /** Sends an arbitrary body, signed or not, for signature and content-type tests. */
  raw(body: string, headers: Record<string, string>): Promise<DriverResponse>;
  sign(body: string, timestamp?: number): Record<string, string>;
}

/**
 * The fields of a `/datasource <text>` payload from `actor` (in `actor.channelId`, default
 * C0GENERAL), with a fresh response URL and trigger id: a form body over HTTP, the envelope's
 * `payload` over Socket Mode.
 */
export function slashCommandFields(slack: FakeSlackWebApi, text: string, actor: Actor) {
  return {
    token: 'verification-token-unused',
    team_id: actor.teamId ?? 'T0001',
    team_domain: 'acme',
    channel_id: actor.channelId ?? 'C0GENERAL',
    channel_name: 'general',
    user_id: actor.userId,
    user_name: actor.userId.toLowerCase(),
    command: '/datasource',
    text,
    api_app_id: 'A0BOT',
    is_enterprise_install: 'false',
    response_url: slack.newResponseUrl(),
    trigger_id: slack.newTriggerId(),
  };
}

export function createSlackDriver(options: {
  /** `http://127.0.0.1:<port>/slack/events` */
  eventsUrl: string;
  signingSecret: string;
  slack: FakeSlackWebApi;
  teamId?: string;
}): SlackDriver {
  const teamId = options.teamId ?? 'T0001';
  const { slack } = options;

  const sign = (body: string, timestamp = Math.floor(Date.now() / 1000)) => {
    const digest = createHmac('sha256', options.signingSecret)
      .update(`v0:${timestamp}:${body}`)
      .digest('hex');
    return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': `v0=${digest}` };
  };

  const raw = async (body: string, headers: Record<string, string>): Promise<DriverResponse> => {
    const response = await fetch(options.eventsUrl, { method: 'POST', body, headers });
    const text = await response.text();
    let parsed: unknown = text;
    if (response.headers.get('content-type')?.includes('application/json'))
      parsed = JSON.parse(text);
    return { status: response.status, body: parsed, text };
  };

  const postForm = (body: string) =>
    raw(body, { 'content-type': 'application/x-www-form-urlencoded', ...sign(body) });

  const postPayload = (payload: Json) =>
    postForm(`payload=${encodeURIComponent(JSON.stringify(payload))}`);

  const userOf = (actor: Actor) => ({
    id: actor.userId,
    username: actor.userId.toLowerCase(),
    name: actor.userId.toLowerCase(),
    team_id: actor.teamId ?? teamId,
  });

  const viewPayload = (view: StoredView, input: FormInput = {}) => ({
    ...view.view,
    id: view.id,
    hash: view.hash,
    team_id: teamId,
    private_metadata: view.view.private_metadata ?? '',
    callback_id: view.view.callback_id ?? '',
    state: { values: stateValues(view.view, input) },
    root_view_id: view.id,
    previous_view_id: null,
    app_id: 'A0BOT',
    bot_id: 'BBOT',
  });

  return {
    sign,
    raw,

    async command(text, actor) {
      const fields = slashCommandFields(slack, text, { ...actor, teamId: actor.teamId ?? teamId });
      const body = new URLSearchParams(fields).toString();
      return {
        ...(await postForm(body)),
        responseUrl: fields.response_url,
        triggerId: fields.trigger_id,
      };
    },

    async actionInView(view, actionId, actor, opts = {}) {
      const template = loadSlackFixture(FIXTURE.actionInModal);
      const element = findElement(view.view, actionId);
      const triggerId = slack.newTriggerId();
      const action: Json = {
        action_id: actionId,
        block_id: element?.blockId ?? 'unknown',
        type: element?.element.type ?? 'button',
        action_ts: `${Date.now() / 1000}`,
      };
      if (action.type === 'button') {
        action.value = opts.value ?? element?.element.value;
        action.text = element?.element.text;
      } else if (opts.selectedOption !== undefined) {
        action.selected_option = findOption(element?.element, opts.selectedOption);
      }
      const payload = {
        ...template,
        team: { id: actor.teamId ?? teamId, domain: 'acme' },
        user: userOf(actor),
        trigger_id: triggerId,
        container: { type: 'view', view_id: view.id },
        view: viewPayload(view, opts.input),
        actions: [action],
      };
      return { ...(await postPayload(payload)), triggerId };
    },

    async actionInMessage(message, actionId, actor) {
      const template = loadSlackFixture(FIXTURE.actionInMessage);
      const found = findElement({ blocks: message.blocks }, actionId);
      const responseUrl = slack.newResponseUrl();
      const triggerId = slack.newTriggerId();
      const payload = {
        ...template,
        team: { id: actor.teamId ?? teamId, domain: 'acme' },
        user: userOf(actor),
        trigger_id: triggerId,
        response_url: responseUrl,
        container: {
          type: 'message',
          message_ts: message.ts,
          channel_id: message.channel,
          is_ephemeral: false,
        },
        channel: { id: message.channel, name: 'general' },
        message: {
          type: 'message',
          ts: message.ts,
          text: '',
          blocks: message.blocks,
          bot_id: 'BBOT',
        },
        state: { values: {} },
        actions: [
          {
            action_id: actionId,
            block_id: found?.blockId ?? 'unknown',
            type: 'button',
            value: found?.element.value,
            text: found?.element.text,
            action_ts: `${Date.now() / 1000}`,
          },
        ],
      };
      return { ...(await postPayload(payload)), responseUrl, triggerId };
    },

    async submit(view, actor, input = {}) {
      const template = loadSlackFixture(FIXTURE.viewSubmission);
      const payload = {
        ...template,
        team: { id: actor.teamId ?? teamId, domain: 'acme' },
        user: userOf(actor),
        trigger_id: slack.newTriggerId(),
        view: viewPayload(view, input),
        response_urls: [],
      };
      const answer = await postPayload(payload);
      // What Slack does with the answer (a bare 200 closes the view).
      if (answer.status === 200) slack.applySubmissionAnswer(view.id, answer.body);
      return answer;
    },

    async close(view, actor) {
      const template = loadSlackFixture(FIXTURE.viewClosed);
      const payload = {
        ...template,
        team: { id: actor.teamId ?? teamId, domain: 'acme' },
        user: userOf(actor),
        view: viewPayload(view),
        is_cleared: true,
      };
      return postPayload(payload);
    },

    async openHome(actor) {
      const template = loadSlackFixture(FIXTURE.appHomeOpened);
      const event = template.event as Json;
      const envelope = {
        ...template,
        token: 'verification-token-unused',
        team_id: actor.teamId ?? teamId,
        api_app_id: 'A0BOT',
        type: 'event_callback',
        event_id: `Ev${Date.now()}`,
        event_time: Math.floor(Date.now() / 1000),
        event: {
          ...event,
          user: actor.userId,
          channel: `D${actor.userId}`,
          tab: 'home',
          view: undefined,
        },
      };
      const body = JSON.stringify(envelope);
      return raw(body, { 'content-type': 'application/json', ...sign(body) });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Building `view.state.values` the way Slack does: every input block reports its element, with
// what the user typed or picked, or the element's initial value when they left it alone.

export function stateValues(view: Json, input: FormInput): Record<string, Record<string, Json>> {
  const values: Record<string, Record<string, Json>> = {};
  const blocks = (view.blocks as Json[] | undefined) ?? [];
  for (const block of blocks) {
    if (block.type !== 'input') continue;
    const blockId = String(block.block_id);
    const element = block.element as Json;
    const actionId = String(element.action_id);
    const given = Object.prototype.hasOwnProperty.call(input, blockId) ? input[blockId] : undefined;
    values[blockId] = { [actionId]: elementState(element, given) };
  }
  for (const key of Object.keys(input)) {
    if (!values[key]) throw new Error(`The view has no input block ${key}`);
  }
  return values;
}

function elementState(element: Json, given: string | null | undefined): Json {
  const type = String(element.type);
  if (type === 'plain_text_input') {
    const value = given === undefined ? (element.initial_value as string | undefined) : given;
    return { type, value: value === '' || value === undefined ? null : value };
  }
  if (type === 'static_select' || type === 'radio_buttons' || type === 'external_select') {
    if (given === undefined)
      return { type, selected_option: (element.initial_option as Json) ?? null };
    return { type, selected_option: given === null ? null : findOption(element, given) };
  }
  throw new Error(`stateValues does not know element type ${type}`);
}

function findOption(element: Json | undefined, value: string): Json {
  const options = (element?.options as Json[] | undefined) ?? [];
  const option = options.find((o) => o.value === value);
  if (!option)
    throw new Error(`No option ${value} in ${JSON.stringify(options.map((o) => o.value))}`);
  return option;
}

/** Finds an interactive element by action id in any block of a view or message. */
export function findElement(
  surface: Json,
  actionId: string,
): { blockId: string; element: Json } | undefined {
  for (const block of (surface.blocks as Json[] | undefined) ?? []) {
    const candidates: Json[] = [];
    if (block.accessory) candidates.push(block.accessory as Json);
    if (block.element) candidates.push(block.element as Json);
    if (Array.isArray(block.elements)) candidates.push(...(block.elements as Json[]));
    const element = candidates.find((e) => e.action_id === actionId);
    if (element) return { blockId: String(block.block_id), element };
  }
  return undefined;
}
