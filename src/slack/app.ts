/**
 * Builds the Bolt app from typed options (never the environment): Socket Mode when an app-level
 * token is given (with `GET /healthz` on a small server of its own), else the HTTP receiver on
 * `/slack/events` (signatures verified, timestamps within five minutes either way) with
 * `GET /healthz`. Called by `serve` and by the tests, which point `slack.apiUrl` at a fake
 * (Socket Mode asks it for the socket's address).
 */
import { App, HTTPReceiver, SocketModeReceiver, type Receiver } from '@slack/bolt';
import type { RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { healthzHandler } from '../http/healthz';
import type { Logger } from '../logging/logger';
import { boltLogger } from './bolt-logger';
import { interactiveClientOptions } from './clients';
import type { SlackContext } from './context';
import type { SlackAppDeps, SlackConnectionOptions } from './deps';
import { createDraftStore } from './drafts';
import { registerHandlers } from './handlers';
import { createHealthServer, type HealthServer } from './health-server';
import { listenError } from './listen-errors';
import { refuseUntimelyRequests } from './request-timestamp';
import { slackStartupError } from './startup-errors';
import { createSubmissionGuard } from './submission-guard';
import { verifyAppToken } from './token-check';

const DEFAULT_PORT = 3000;
const EVENTS_PATH = '/slack/events';

export interface SlackApp {
  app: App;
  /** Handlers' shared services (App Home publishing is reused by the reporter). */
  context: SlackContext;
  /**
   * Checks the tokens with Slack: the bot token (`auth.test`) and, in Socket Mode, the app-level
   * token (`apps.connections.open`). Throws an `AppError` naming the setting to fix when Slack is
   * unreachable or refuses a token. `serve` calls it before starting jobs; `start()` calls it
   * when it has not succeeded yet.
   */
  verify(): Promise<void>;
  /**
   * Verifies the tokens (see `verify`), then listens on `deps.host`:`deps.port` (HTTP mode) or
   * connects over Socket Mode (with `/healthz` still served there). Resolves to the port listened
   * on; a port in use or a host not of this machine throws an `AppError` naming PORT or HOST.
   */
  start(): Promise<number>;
  /** Closes the HTTP server, or the socket (after its close handshake) and `/healthz`. */
  stop(): Promise<void>;
}

export function createSlackApp(deps: SlackAppDeps): SlackApp {
  const context = buildContext(deps);
  const { logger } = context;
  const healthz = healthzHandler(deps.health, context.logger);
  const receiver = buildReceiver(deps, context, healthz);
  // Socket Mode has no HTTP receiver: /healthz gets a server of its own.
  const healthServer: HealthServer | null = deps.slack.appToken
    ? createHealthServer(healthz)
    : null;

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

  let verified: Promise<void> | null = null;
  const verify = () =>
    (verified ??= checkTokens(app, deps.slack, logger).catch((error: unknown) => {
      verified = null;
      throw error;
    }));

  return {
    app,
    context,
    verify,
    async start() {
      await verify();
      const target = { port: deps.port ?? DEFAULT_PORT, host: deps.host };
      const explainListen = (error: unknown): never => {
        throw listenError(error, target) ?? error;
      };
      if (healthServer) {
        const port = await healthServer.start(target.port, target.host).catch(explainListen);
        await app.start().catch(async (error: unknown) => {
          await healthServer.stop();
          throw slackStartupError(error, { apiUrl: deps.slack.apiUrl, token: 'app' }) ?? error;
        });
        return port;
      }
      const started = (await app.start(target).catch(explainListen)) as unknown;
      return ((started as Server).address() as AddressInfo).port;
    },
    async stop() {
      // Bolt does not wait for the socket's close handshake; the client's own disconnect does.
      if (receiver instanceof SocketModeReceiver) await receiver.client.disconnect();
      await app.stop();
      await healthServer?.stop();
    },
  };
}

/** Bolt's own `auth.test` (deferred to here), then the app-level token in Socket Mode. */
async function checkTokens(app: App, slack: SlackConnectionOptions, logger: Logger) {
  await app.init().catch((error: unknown) => {
    throw slackStartupError(error, { apiUrl: slack.apiUrl, token: 'bot' }) ?? error;
  });
  if (slack.appToken) await verifyAppToken({ ...slack, appToken: slack.appToken }, logger);
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

function buildReceiver(
  deps: SlackAppDeps,
  context: SlackContext,
  healthz: RequestListener,
): Receiver {
  const logger = boltLogger(context.logger.child({ component: 'bolt-receiver' }));
  if (deps.slack.appToken) {
    return new SocketModeReceiver({
      appToken: deps.slack.appToken,
      logger,
      // `apps.connections.open` goes to the same Web API as every other call.
      installerOptions: deps.slack.apiUrl
        ? { clientOptions: { slackApiUrl: deps.slack.apiUrl } }
        : {},
    });
  }
  const receiver = new HTTPReceiver({
    signingSecret: deps.slack.signingSecret,
    endpoints: EVENTS_PATH,
    logger,
    customRoutes: [{ path: '/healthz', method: ['GET'], handler: healthz }],
  });
  // Bolt refuses old timestamps only; future ones are refused here, before Bolt's own checks.
  receiver.requestListener = refuseUntimelyRequests(receiver.requestListener, {
    paths: [EVENTS_PATH],
    now: context.now,
    logger: context.logger.child({ component: 'http' }),
  });
  return receiver;
}
