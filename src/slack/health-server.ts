/**
 * `GET /healthz` on an HTTP server of its own, for Socket Mode, where Slack's traffic comes over
 * the socket and no HTTP receiver runs. `createSlackApp` starts it on `HOST`:`PORT` with the socket
 * and stops it with the app; anything but `GET /healthz` is answered 404.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HealthServer {
  /**
   * Listens on `port` (0 picks a free one) at `host` (default every interface, as the HTTP
   * receiver does). Resolves to the port; rejects with Node's listen error (`EADDRINUSE`…).
   */
  start(port: number, host?: string): Promise<number>;
  /** Closes the server and its connections. Idempotent. */
  stop(): Promise<void>;
}

export function createHealthServer(healthz: RequestListener): HealthServer {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' && path === '/healthz') return healthz(req, res);
    res.writeHead(404).end();
  });

  return {
    start: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port, host }, () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      }),
    stop: () =>
      new Promise((resolve) => {
        if (!server.listening) return resolve();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
