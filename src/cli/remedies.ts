/**
 * Remedies for the person at a terminal. The errors of `src/confluence/` are written for Slack
 * users ("update the integration", "ask whoever runs the bot"); on the command line there is no
 * stored integration and the user runs the bot. Every command passes its errors (thrown ones and
 * the error a run ended with) through here, by error code, before printing them as text or JSON.
 */
import { credentialRemedies } from '../confluence/errors';
import { AppError, type SerializedError } from '../errors';
import type { CliTarget } from './confluence-target';

/** What is known about the connection the error came from. */
export type TargetFacts = Pick<CliTarget, 'deployment' | 'baseUrl' | 'emailGiven'>;

const API_TOKEN_PAGE = 'https://id.atlassian.com/manage-profile/security/api-tokens';

/** The error with remedies for a terminal user; the same error when nothing needs changing. */
export function forTerminal(error: AppError, target?: TargetFacts): AppError {
  const remedies = terminalRemedies(error, target);
  if (remedies === error.remedies) return error;
  return new AppError(error.code, error.message, {
    remedies,
    details: error.details,
    retryable: error.retryable,
    cause: error.cause,
  });
}

/** {@link forTerminal} for an error stored with a run. */
export function serializedForTerminal(
  error: SerializedError,
  target?: TargetFacts,
): SerializedError {
  return { ...error, remedies: terminalRemedies(error, target) };
}

function terminalRemedies(
  error: Pick<SerializedError, 'code' | 'remedies' | 'details'>,
  target?: TargetFacts,
): string[] {
  if (error.code === 'auth_failed') return credentialsRemedies(error.remedies, target);
  if (error.code === 'blocked_address') return addressRemedies(error.remedies, error.details ?? {});
  return error.remedies;
}

/** Keeps the specific advice, replaces "update the integration" with the token to set. */
function credentialsRemedies(remedies: string[], target?: TargetFacts): string[] {
  const generic = new Set([...credentialRemedies('cloud'), ...credentialRemedies('datacenter')]);
  const kept = remedies.filter((remedy) => !generic.has(remedy));
  return [...cloudHint(target), ...kept, tokenRemedy(target?.deployment)];
}

/** A `/wiki` site reached as Data Center (no `--email`) is probably Cloud on its own domain. */
function cloudHint(target?: TargetFacts): string[] {
  if (target?.deployment !== 'datacenter' || target.emailGiven) return [];
  if (!/\/wiki$/i.test(new URL(target.baseUrl).pathname)) return [];
  return [
    'Is this Confluence Cloud? Pass --email with your Atlassian account email: Cloud signs in ' +
      'with email and API token.',
  ];
}

function tokenRemedy(deployment?: CliTarget['deployment']): string {
  if (deployment === 'cloud') {
    return (
      `Set CONFLUENCE_TOKEN to a valid token: an API token (create one at ${API_TOKEN_PAGE}) ` +
      'of the account whose email you pass with --email.'
    );
  }
  if (deployment === 'datacenter') {
    return (
      'Set CONFLUENCE_TOKEN to a valid token: a personal access token that has not expired ' +
      '(in Confluence: your profile picture > Settings > Personal Access Tokens).'
    );
  }
  return 'Set CONFLUENCE_TOKEN to a valid token.';
}

/** The address guard's advice, as the settings a terminal user changes themselves. */
function addressRemedies(remedies: string[], details: Record<string, unknown>): string[] {
  if (typeof details.address === 'string') {
    const host = typeof details.host === 'string' ? details.host : details.address;
    return [
      'If this Confluence really is on a private network or this machine, allow it with ' +
        `CONFLUENCE_ALLOWED_PRIVATE=${host} (a host name, an address or a range such as ` +
        '10.0.0.0/8).',
    ];
  }
  if (typeof details.protocol === 'string') {
    return ['Use the https:// address, or set CONFLUENCE_ALLOW_HTTP=true to allow plain http.'];
  }
  if (details.expectedHost !== undefined || details.expectedOrigin !== undefined) {
    return ['Pass with --url the final address of the site, the one Confluence sends you to.'];
  }
  return remedies;
}
