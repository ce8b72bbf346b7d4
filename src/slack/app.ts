/**
 * Builds the Bolt app from typed options (never the environment): Socket Mode when an app-level
 * token is given, else the HTTP receiver on `/slack/events` (signatures verified) with
 * `GET /healthz`. Called by `serve` and by the tests, which point `slack.apiUrl` at a fake.
 */
import { App, HTTPReceiver, SocketModeReceiver, type Receiver } from '@slack/bolt';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { healthzHandler } from '../http/healthz';
import { boltLogger } from './bolt-logger';
import { interactiveClientOptions } from './clients';
import type { SlackContext } from './context';
import type { SlackAppDeps } from './deps';
import { createDraftStore } from './drafts';
import { registerHandlers } from './handlers';
import { createSubmissionGuard } from './submission-guard';

const DEFAULT_PORT = 3000;

export interface SlackApp {
  app: App;
  /** Handlers' shared services (App Home publishing is reused by the reporter). */
  context: SlackContext;
  /**
   * Verifies the bot token (auth.test), then listens on `deps.port` (HTTP mode) or connects over
   * Socket Mode (with `/healthz` still served on `deps.port`). Resolves to the port listened on.
   */
  start(): Promise<number>;
  /** Closes the HTTP server or the socket. */
  stop(): Promise<void>;
}

export function createSlackApp(deps: SlackAppDeps): SlackApp {
  const logger = deps.logger.child({ component: 'slack' });
  const context = buildContext(deps);
  const receiver = buildReceiver(deps, context);

  // auth.test is deferred to start(): the constructor must not call Slack (see §6.4 pitfalls).
  const app = new App({
    token: deps.slack.botToken,
    receiver,
    clientOptions: interactiveClientOptions(deps.slack, logger),
    logger: boltLogger(logger.child({ component: 'bolt' })),
    deferInitialization: true,
  });
  app.error(async (error) => {
    logger.error({ err: error }, 'A Slack handler failed');
  });
  registerHandlers(app, context);

  return {
    app,
    context,
    async start() {
      await app.init();
      const started = (await app.start(deps.port ?? DEFAULT_PORT)) as unknown;
      if (deps.slack.appToken) return deps.port ?? DEFAULT_PORT;
      return ((started as Server).address() as AddressInfo).port;
    },
    async stop() {
      await app.stop();
    },
  };
}

function buildContext(deps: SlackAppDeps): SlackContext {
  const { reporting } = deps;
  return {
    deps,
    logger: deps.logger.child({ component: 'slack' }),
    background: reporting.client,
    timings: { ...reporting.timings, ...deps.timings },
    now: reporting.now,
    sleep: reporting.sleep,
    admins: reporting.admins,
    homes: reporting.homes,
    drafts: createDraftStore({ now: reporting.now }),
    submissions: createSubmissionGuard(),
  };
}

function buildReceiver(deps: SlackAppDeps, context: SlackContext): Receiver {
  const logger = boltLogger(context.logger.child({ component: 'bolt-receiver' }));
  const customRoutes = [
    { path: '/healthz', method: ['GET'], handler: healthzHandler(deps.health, context.logger) },
  ];
  if (deps.slack.appToken) {
    return new SocketModeReceiver({
      appToken: deps.slack.appToken,
      logger,
      customRoutes,
      installerOptions: {
        port: deps.port ?? DEFAULT_PORT,
        ...(deps.slack.apiUrl ? { clientOptions: { slackApiUrl: deps.slack.apiUrl } } : {}),
      },
    });
  }
  return new HTTPReceiver({
    signingSecret: deps.slack.signingSecret,
    endpoints: '/slack/events',
    logger,
    customRoutes,
  });
}
