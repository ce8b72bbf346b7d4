/**
 * A job worker in a process of its own, started by the end-to-end test that kills a worker
 * mid-run (`kill -9`, so it leaves its lock and its run behind). Configured by the environment:
 * the `loadConfig` variables (MONGODB_URI, CONFLUENCE_*), `E2E_TOKEN` (the Confluence token) and
 * `E2E_LOCK_LIFETIME_MS`. Writes `ready` on stdout once it processes jobs.
 */
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/logging/logger';
import { fixedTokenResolver } from '../../../src/runtime/connection-resolvers';
import { createServices } from '../../../src/runtime/services';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel, base: { component: 'e2e-worker' } });
  const services = await createServices(config, logger, {
    resolveConnection: fixedTokenResolver(process.env.E2E_TOKEN ?? ''),
    runner: {
      processEveryMs: 50,
      lockLifetimeMs: Number(process.env.E2E_LOCK_LIFETIME_MS ?? 1500),
      indexing: { listPageSize: 5, fetchBatchSize: 2, fetchConcurrency: 1, progressIntervalMs: 0 },
    },
  });
  await services.runner.start();
  process.stdout.write('ready\n');
}

main().catch((error) => {
  process.stderr.write(`worker-process failed: ${String(error)}\n`);
  process.exit(1);
});
