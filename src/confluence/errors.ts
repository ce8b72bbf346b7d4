/**
 * Translates what Confluence answers into `AppError`s typed by what the caller should do, with a
 * short explanation and remedies a Slack user can act on. Used by the HTTP layer (`http.ts`) and
 * the client; every response form in the REST reference has a case here.
 */
import { AppError } from '../errors';
import type { Deployment } from '../domain/models';
import type { ConfluenceTextSanitiser } from './confluence-text';

/** What a request was about, so that messages can name the space, page or query. */
export type RequestSubject =
  | { kind: 'search'; cql: string }
  | { kind: 'content'; id: string }
  | { kind: 'space'; key: string }
  | { kind: 'user' }
  | { kind: 'other' };

export interface ResponseFacts {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  /** The body as text (may be cut short); never logged whole. */
  bodyText: string;
  /** The parsed body when it was JSON. */
  json?: unknown;
  deployment: Deployment;
  subject: RequestSubject;
  /** Cleans Confluence's own words of this connection's credentials (`confluence-text.ts`). */
  sanitise: ConfluenceTextSanitiser;
}

const CLOUD_TOKEN_PAGE = 'https://id.atlassian.com/manage-profile/security/api-tokens';
const JAVA_PREFIX = /^(?:[a-zA-Z_$][\w$]*\.)+[A-Z][\w$]*:\s*/;
const SPRING_STATUS = /^\d{3} [A-Z_]+ "(.*)"$/s;

/** Confluence's message without Java exception class names (`com.atlassian...Exception: `). */
export function stripJavaPrefix(message: string): string {
  let out = message.trim();
  while (JAVA_PREFIX.test(out)) out = out.replace(JAVA_PREFIX, '');
  const spring = SPRING_STATUS.exec(out);
  return spring ? spring[1] : out;
}

/**
 * The `message` of a JSON error envelope without Java class names, passed through `sanitise`
 * (credentials removed, length capped), or undefined. The only way Confluence's words reach an
 * error text.
 */
export function envelopeMessage(
  json: unknown,
  sanitise: ConfluenceTextSanitiser,
): string | undefined {
  if (json === null || typeof json !== 'object') return undefined;
  const record = json as Record<string, unknown>;
  const message = record.message ?? record.error ?? record.title;
  return typeof message === 'string' ? sanitise(stripJavaPrefix(message)) : undefined;
}

/** Remedies for credentials Confluence did not accept. */
export function credentialRemedies(deployment: Deployment): string[] {
  return deployment === 'cloud'
    ? [
        `Create a new API token at ${CLOUD_TOKEN_PAGE} and update the integration.`,
        'Check that the email is the one of the Atlassian account that created the token.',
      ]
    : [
        'Create a new personal access token in Confluence (your profile picture > Settings > ' +
          'Personal Access Tokens) and update the integration.',
        'Check that the token has not expired or been revoked.',
      ];
}

/** Credentials rejected or treated as anonymous. `why` is the first sentence of the message. */
export function authFailed(deployment: Deployment, why: string, extra: string[] = []): AppError {
  return new AppError('auth_failed', `${why} Confluence did not accept the credentials.`, {
    remedies: [...extra, ...credentialRemedies(deployment)],
  });
}

/** The anonymous answer to `user/current`: an invalid Data Center PAT, or a public Cloud site. */
export function anonymousUser(deployment: Deployment): AppError {
  return authFailed(
    deployment,
    'Confluence answered as the anonymous user, so the token is wrong, expired or revoked.',
  );
}

function subjectName(subject: RequestSubject): string {
  switch (subject.kind) {
    case 'content':
      return `page ${subject.id}`;
    case 'space':
      return `space ${subject.key}`;
    case 'search':
      return 'the search';
    default:
      return 'the resource';
  }
}

function invalidCql(reason: string, subject: RequestSubject): AppError {
  const cql = subject.kind === 'search' ? subject.cql : undefined;
  return new AppError('invalid_cql', `Confluence rejected the CQL query: ${reason}`, {
    details: { reason, ...(cql === undefined ? {} : { cql }) },
    remedies: [
      'Check field names, quotes and parentheses; quote values with spaces or special characters.',
      'Write dates as "yyyy-MM-dd" or "yyyy/MM/dd HH:mm" (ISO dates with a T are refused).',
    ],
  });
}

/** 401 answers: HTML, XML or JSON, with the Seraph reason when Data Center sent one. */
function unauthorized(facts: ResponseFacts): AppError {
  const seraph = facts.headers['x-seraph-loginreason'] ?? '';
  if (seraph.includes('AUTHENTICATION_DENIED')) {
    return authFailed(facts.deployment, 'Confluence locked the login after too many failures.', [
      'Log in to Confluence once in a browser and answer the CAPTCHA, then try again.',
    ]);
  }
  if (seraph.includes('AUTHENTICATED_FAILED')) {
    return authFailed(facts.deployment, 'The user name, password or token was wrong.', [
      facts.deployment === 'datacenter'
        ? 'Use a personal access token (sent as Bearer), not a password.'
        : 'Use your Atlassian account email with an API token.',
    ]);
  }
  const said = envelopeMessage(facts.json, facts.sanitise);
  if (said !== undefined && /scope/i.test(said)) {
    return authFailed(facts.deployment, `The token lacks a required scope (${said}).`, [
      'Use a classic API token, or a scoped token with read:confluence-content.all, ' +
        'read:confluence-space.summary and search:confluence.',
    ]);
  }
  return authFailed(facts.deployment, 'Confluence refused the credentials (401).');
}

/** 403 answers: on Cloud mostly "cannot use Confluence at all"; otherwise a permission refusal. */
function forbidden(facts: ResponseFacts): AppError {
  const said = envelopeMessage(facts.json, facts.sanitise) ?? '';
  if (/caller cannot access Confluence|Failed to parse Connect Session Auth Token/i.test(said)) {
    return authFailed(facts.deployment, 'Confluence rejected the request as unauthenticated.');
  }
  if (/not permitted to use Confluence/i.test(said)) {
    return authFailed(facts.deployment, 'This Atlassian account may not use Confluence.', [
      'Ask a site admin to give the account access to Confluence, or use another account.',
    ]);
  }
  if (/Basic Authentication has been disabled/i.test(said)) {
    return authFailed(facts.deployment, 'Basic authentication is disabled on this Confluence.', [
      'Use a personal access token instead of a user name and password.',
    ]);
  }
  const space = facts.subject.kind === 'space' ? facts.subject.key : undefined;
  return new AppError(
    'permission_denied',
    `Confluence refused access to ${subjectName(facts.subject)}${said ? `: ${said}` : '.'}`,
    {
      details: said ? { reason: said } : {},
      remedies: [
        space
          ? `Ask a Confluence admin to grant you access to space ${space}.`
          : 'Ask a Confluence admin to grant your account access to the spaces you need.',
      ],
    },
  );
}

function notFound(facts: ResponseFacts): AppError {
  const said = envelopeMessage(facts.json, facts.sanitise);
  const remedies =
    facts.subject.kind === 'space'
      ? [`Check the space key ${facts.subject.key}, or ask for access to the space.`]
      : ['Check the page id, or ask the page owner for access (hidden pages look missing).'];
  return new AppError('not_found', `Confluence has no ${subjectName(facts.subject)} you can see.`, {
    details: said ? { reason: said } : {},
    remedies,
  });
}

/** A 5xx answer after retries ran out; `said` comes from {@link envelopeMessage}, sanitised. */
export function serverError(status: number, said?: string): AppError {
  return new AppError(
    'server_error',
    `Confluence failed with HTTP ${status}${said ? `: ${said}` : '.'}`,
    {
      details: { status },
      remedies: [
        'Try again later; Confluence or a proxy in front of it is having trouble.',
        'If it keeps failing on large queries, narrow the CQL (one space, fewer labels).',
      ],
    },
  );
}

/** 429 after the retry budget ran out. */
export function rateLimited(retryAfterMs?: number): AppError {
  return new AppError(
    'rate_limited',
    'Confluence asked us to slow down and we ran out of retries.',
    {
      details: retryAfterMs === undefined ? {} : { retryAfterMs },
      remedies: ['Try again in a few minutes.', 'Schedule large data sources outside busy hours.'],
    },
  );
}

/** Confluence answered something the API does not document. `what` says what it was. */
export function badResponse(what: string, details: Record<string, unknown> = {}): AppError {
  return new AppError('bad_response', `Confluence answered unexpectedly: ${what}`, {
    details,
    remedies: [
      'Check that the URL is the Confluence base URL (with its context path, e.g. /confluence).',
      'If Confluence sits behind single sign-on or a proxy, ask an admin to let API requests through.',
    ],
  });
}

/** The request did not complete within the timeout. */
export function timedOut(timeoutMs: number): AppError {
  return new AppError(
    'timeout',
    `Confluence did not answer within ${Math.round(timeoutMs / 1000)} s.`,
    {
      details: { timeoutMs },
      remedies: ['Try again later.', 'If it keeps happening, narrow the CQL query.'],
    },
  );
}

/** Non-JSON bodies: Tomcat 401 pages, login pages, proxy error pages, XML. */
function nonJson(facts: ResponseFacts): AppError {
  const text = facts.bodyText.slice(0, 2000);
  const isHtml = /<html|<!doctype html/i.test(text);
  if (facts.status === 401 || /<status-code>401<\/status-code>/.test(text)) {
    return unauthorized(facts);
  }
  if (facts.status === 404) {
    return badResponse('it has no REST API at this address (404 page).', { status: 404 });
  }
  if (isHtml && /log ?in|sign ?in|password/i.test(text)) {
    return badResponse('a login page instead of data.', { status: facts.status });
  }
  const kind = isHtml ? 'a web page' : /^\s*</.test(text) ? 'XML' : 'something that is not JSON';
  return badResponse(`${kind} instead of JSON (HTTP ${facts.status}).`, { status: facts.status });
}

/**
 * The error for a response that is not a success. 5xx and 429 are normally retried by the HTTP
 * layer first; this is what remains when retries ran out or do not apply.
 */
export function errorFromResponse(facts: ResponseFacts): AppError {
  if (facts.headers['x-seraph-loginreason']?.match(/AUTHENTICAT(ED_FAILED|ION_DENIED)/)) {
    return unauthorized(facts);
  }
  if (facts.status >= 500)
    return serverError(facts.status, envelopeMessage(facts.json, facts.sanitise));
  if (facts.status === 429) return rateLimited();
  if (facts.json === undefined) return nonJson(facts);

  const said = envelopeMessage(facts.json, facts.sanitise);
  switch (facts.status) {
    case 400:
      if (facts.subject.kind === 'search' || /cql/i.test(said ?? '')) {
        return invalidCql(said ?? 'the query is not valid CQL.', facts.subject);
      }
      return new AppError('invalid_input', `Confluence refused the request: ${said ?? '400'}`, {
        details: said ? { reason: said } : {},
        remedies: ['Check the values entered (space key, page id, query).'],
      });
    case 401:
      return unauthorized(facts);
    case 403:
      return forbidden(facts);
    case 404:
      return notFound(facts);
    default:
      return badResponse(`HTTP ${facts.status}${said ? `: ${said}` : ''}.`, {
        status: facts.status,
      });
  }
}
