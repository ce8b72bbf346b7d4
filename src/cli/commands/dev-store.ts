/**
 * `datasource-bot dev-store [--port N]`: runs the in-memory development store (the MongoDB
 * stand-in of `src/devstore/`) as a server on 127.0.0.1, so that separate commands (`index`, then
 * `search`, or a `worker` and `serve`) can share data during development. Prints the MONGODB_URI
 * to use. Everything is lost when it stops; SIGINT or SIGTERM stop it cleanly (exit 0).
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../config';
import { startDevStore, type DevStore } from '../../devstore';
import { AppError } from '../../errors';
import { createLogger, type Logger } from '../../logging/logger';
import { EXIT } from '../exit-codes';
import { nextInterrupt } from '../interrupts';

/** Default port: beside MongoDB's 27017, so that a real mongod on the machine is left alone. */
export const DEFAULT_DEV_STORE_PORT = 27018;

const portSchema = z
  .string()
  .regex(/^\d+$/, { message: 'must be a whole number' })
  .transform(Number)
  .pipe(z.number().int().min(0).max(65535, { message: 'must be at most 65535' }));

export interface DevStoreCommandDeps {
  /** The `loadConfig` variables (only LOG_LEVEL is used). */
  env: Record<string, string | undefined>;
  /** `--port` as typed; absent: {@link DEFAULT_DEV_STORE_PORT}. */
  port?: string;
  /** Resolves (with the signal name) when the store should stop. */
  stopRequested: () => Promise<string>;
  /** Writes a line for the person at the terminal (standard output). */
  print: (line: string) => void;
  logger?: Logger;
  /** Called once the store listens, with its address (tests connect to it). */
  onListening?: (store: Pick<DevStore, 'uri' | 'port'>) => void;
}

export function register(program: Command, env: Record<string, string | undefined>): void {
  program
    .command('dev-store')
    .description(
      'Run the in-memory development database on 127.0.0.1 so that several commands can share ' +
        'it; prints the MONGODB_URI to use. Nothing is kept when it stops.',
    )
    .option('--port <n>', `TCP port (default ${DEFAULT_DEV_STORE_PORT}; 0 picks a free one)`)
    .action(async (options: { port?: string }) => {
      process.exitCode = await runDevStore({
        env,
        port: options.port,
        print: (line) => console.log(line),
        stopRequested: nextInterrupt,
      });
    });
}

function parsePort(port: string | undefined): number {
  if (port === undefined) return DEFAULT_DEV_STORE_PORT;
  const parsed = portSchema.safeParse(port.trim());
  if (!parsed.success) {
    throw new AppError('invalid_input', `--port ${parsed.error.issues[0].message}.`, {
      remedies: [`Give a port between 1 and 65535, e.g. --port ${DEFAULT_DEV_STORE_PORT}.`],
    });
  }
  return parsed.data;
}

async function listen(port: number, logger: Logger): Promise<DevStore> {
  try {
    return await startDevStore({ host: '127.0.0.1', port, logger });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new AppError('invalid_input', `Port ${port} on 127.0.0.1 is already in use.`, {
        remedies: ['Choose another port with --port, or stop whatever listens on that one.'],
        cause: error,
      });
    }
    throw error;
  }
}

/** Runs the store until `stopRequested` resolves; returns the exit code. */
export async function runDevStore(deps: DevStoreCommandDeps): Promise<number> {
  const config = loadConfig(deps.env);
  const logger =
    deps.logger ?? createLogger({ level: config.logLevel, base: { role: 'dev-store' } });
  const store = await listen(parsePort(deps.port), logger);

  try {
    logger.warn('The development store keeps everything in memory: it is all lost when it stops.');
    deps.print(`Development store listening on 127.0.0.1:${store.port} (in memory only).`);
    deps.print('Use it from other terminals with:');
    deps.print(`  export MONGODB_URI='${store.uri}'`);
    deps.print('Stop it with Ctrl+C.');
    deps.onListening?.({ uri: store.uri, port: store.port });

    const signal = await deps.stopRequested();
    logger.info({ signal }, 'development store stopping');
  } finally {
    await store.close();
  }
  return EXIT.ok;
}
