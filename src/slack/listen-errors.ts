/**
 * Turns a failure to listen (the HTTP receiver, or `/healthz` in Socket Mode) into one
 * {@link AppError} naming `HOST` or `PORT`. Called by `createSlackApp.start`; anything that is
 * not a listen failure is returned as `null`, for the caller to rethrow unchanged.
 */
import { AppError } from '../errors';

export interface ListenTarget {
  port: number;
  /** `HOST`; absent means every interface. */
  host?: string;
}

export function listenError(error: unknown, target: ListenTarget): AppError | null {
  const code = (error as { code?: unknown } | null)?.code;
  const where = target.host ? `${target.host} port ${target.port}` : `port ${target.port}`;
  const details = { port: target.port, host: target.host ?? null };

  if (code === 'EADDRINUSE') {
    return new AppError('conflict', `Cannot listen on ${where}: another program already uses it.`, {
      remedies: [
        'Stop the other program (or the other Datasource Bot), or set PORT to a free port.',
      ],
      details,
      cause: error,
    });
  }
  if (code === 'EACCES') {
    return new AppError('config_invalid', `Not allowed to listen on ${where}.`, {
      remedies: ['Set PORT to 1024 or above: lower ports need administrator rights.'],
      details,
      cause: error,
    });
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new AppError(
      'config_invalid',
      `HOST ${target.host} is not an address of this machine.`,
      {
        remedies: [
          'Set HOST to one of this machine’s addresses (127.0.0.1 for this machine only), or ' +
            'remove it to listen on every interface.',
        ],
        details,
        cause: error,
      },
    );
  }
  return null;
}
