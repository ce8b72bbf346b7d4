/**
 * `GET /healthz`: 200 with `{ ok: true, checks }` when the database and the job runner answer,
 * 503 with the failing checks otherwise. Served as a Bolt custom route in HTTP mode.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logging/logger';

export interface HealthCheckResult {
  ok: boolean;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

export function healthzHandler(check: () => Promise<HealthCheckResult>, logger: Logger) {
  return (_req: IncomingMessage, res: ServerResponse): void => {
    void check()
      .catch((error: unknown): HealthCheckResult => {
        logger.warn({ err: error }, 'Health check failed');
        return { ok: false, checks: { health: { ok: false, detail: 'health check failed' } } };
      })
      .then((result) => {
        res.writeHead(result.ok ? 200 : 503, {
          'content-type': 'application/json',
          'cache-control': 'no-store',
        });
        res.end(JSON.stringify(result));
      });
  };
}
