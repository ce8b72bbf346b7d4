/**
 * The Confluence site a command talks to, from the options `index` and `validate-cql` share:
 * `--url`, `--email`, `--deployment`, `--token` and the `CONFLUENCE_TOKEN` variable. Both commands
 * decide the same way: `--deployment` wins; otherwise `--email` selects Cloud; otherwise the host
 * decides (`*.atlassian.net` is Cloud, anything else Data Center).
 */
import { normalizeBaseUrl } from '../confluence/base-url';
import type { Deployment } from '../domain/models';
import type { ConfluenceAuth } from '../domain/ports';
import { AppError } from '../errors';

/** The connection options as validated by the command (zod), before they are combined. */
export interface TargetOptions {
  url: string;
  email?: string;
  deployment?: Deployment;
  token?: string;
}

/** Where and how to connect; `emailGiven` tells whether `--email` was passed at all. */
export interface CliTarget {
  deployment: Deployment;
  /** Normalised with `normalizeBaseUrl`. */
  baseUrl: string;
  /** Cloud only. */
  email?: string;
  token: string;
  auth: ConfluenceAuth;
  emailGiven: boolean;
}

export interface TargetIo {
  /** `CONFLUENCE_TOKEN`. */
  env: Record<string, string | undefined>;
  /** Notes for the person at the terminal (a token on the command line, an ignored email). */
  stderr: (text: string) => void;
  /** The subcommand, for the "run --help" remedy of usage errors. */
  command: string;
}

/** Combines the options into a target; throws `invalid_input` for what cannot work. */
export function resolveTarget(options: TargetOptions, io: TargetIo): CliTarget {
  const chosen = options.deployment ?? (options.email !== undefined ? 'cloud' : undefined);
  const { baseUrl, deployment } = normalizeBaseUrl(options.url, chosen);
  const token = tokenOf(options, io);

  if (deployment === 'datacenter') {
    if (options.email !== undefined) {
      io.stderr('note: --email is ignored: Data Center signs in with a personal access token.\n');
    }
    return { deployment, baseUrl, token, auth: { kind: 'bearer', token }, emailGiven: false };
  }
  if (options.email === undefined) {
    throw usageError(
      io.command,
      'Confluence Cloud needs the account email with the API token: pass --email.',
    );
  }
  const auth: ConfluenceAuth = { kind: 'basic', email: options.email, token };
  return { deployment, baseUrl, email: options.email, token, auth, emailGiven: true };
}

function tokenOf(options: TargetOptions, io: TargetIo): string {
  if (options.token !== undefined) {
    io.stderr(
      'note: a token given with --token stays in shell history and process lists; ' +
        'prefer the CONFLUENCE_TOKEN environment variable.\n',
    );
    return options.token;
  }
  const fromEnv = io.env.CONFLUENCE_TOKEN?.trim();
  if (!fromEnv) {
    throw usageError(io.command, 'No token: set CONFLUENCE_TOKEN (or pass --token).');
  }
  return fromEnv;
}

function usageError(command: string, message: string): AppError {
  return new AppError('invalid_input', message, {
    remedies: [`Run datasource-bot ${command} --help for the options.`],
  });
}
