/**
 * Turns whatever a person pastes (a site name, a page URL, a URL with a context path) into the
 * base URL every REST path is appended to: `https://site.atlassian.net/wiki` on Cloud,
 * `https://host[:port][/context]` on Data Center. Called when an integration is created or edited
 * and by the command line before building a client.
 */
import { AppError } from '../errors';
import type { Deployment } from '../domain/models';

export interface NormalizedBaseUrl {
  /** Scheme, lower-case host, optional port and context path; never a trailing slash. */
  baseUrl: string;
  deployment: Deployment;
}

/** Path segments where a Confluence page or REST URL begins, i.e. where the context path ends. */
const PAGE_PATH_MARKERS = new Set([
  'display',
  'spaces',
  'pages',
  'x',
  'rest',
  'plugins',
  'label',
  'labels',
  'admin',
  'users',
  'download',
  'secure',
  's',
]);

const CLOUD_HOST = /(^|\.)atlassian\.net$/;

function invalid(message: string, remedy: string): AppError {
  return new AppError('invalid_input', message, { remedies: [remedy] });
}

const WITHOUT_CREDENTIALS =
  'Remove the "user:password@" part; the token is entered separately and stored encrypted.';

/**
 * The error for input that does not parse. Anything up to the last "@" may be a user name and
 * token (a token with "/" in it breaks the URL anywhere), so only what follows it is repeated.
 */
function notAUrl(input: string): AppError {
  const at = input.lastIndexOf('@');
  if (at === -1) {
    return invalid(
      `"${input.slice(0, 200)}" is not a valid URL.`,
      'Use the address of your Confluence site, e.g. https://example.atlassian.net/wiki.',
    );
  }
  return invalid(
    `"…@${input.slice(at + 1, at + 201)}" is not a valid URL, and the part before "@" ` +
      'looks like a user name and password (not repeated here).',
    WITHOUT_CREDENTIALS,
  );
}

/** Parses the input as a URL, adding `https://` when no scheme was given. */
function parseUrl(input: string): URL {
  const trimmed = input.trim();
  if (trimmed === '') {
    throw invalid('The Confluence URL is empty.', 'Paste the address of your Confluence site.');
  }
  // A scheme is kept as typed, even mistyped (`htp:/host`), so that it is refused below rather
  // than read as a host name; `host:8090` (a port after the colon) has no scheme.
  const hasScheme = /^[a-z][a-z0-9+.-]*:(?!\d)/i.test(trimmed);
  const withScheme = hasScheme ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw notAUrl(trimmed);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalid(
      `The Confluence URL must start with https:// or http:// (got ${url.protocol}//).`,
      'Check the scheme for typos, e.g. https://confluence.example.com.',
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw invalid(
      'The Confluence URL must not contain a user name or password.',
      WITHOUT_CREDENTIALS,
    );
  }
  if (url.hostname === '') {
    throw invalid('The Confluence URL has no host name.', 'Paste the full site address.');
  }
  return url;
}

/** The context path of a Data Center URL: every segment before the first page-URL marker. */
function contextPath(pathname: string): string {
  const kept: string[] = [];
  for (const segment of pathname.split('/').filter((s) => s !== '')) {
    if (PAGE_PATH_MARKERS.has(segment.toLowerCase()) || segment.endsWith('.action')) break;
    kept.push(segment);
  }
  return kept.length === 0 ? '' : `/${kept.join('/')}`;
}

/**
 * Normalises a Confluence address. `deployment` is detected from the host when omitted
 * (`*.atlassian.net` is Cloud, anything else Data Center); when given, it wins for custom
 * domains but may not contradict an `atlassian.net` host. Throws `invalid_input`.
 */
export function normalizeBaseUrl(input: string, deployment?: Deployment): NormalizedBaseUrl {
  const url = parseUrl(input);
  const host = url.host.toLowerCase();
  const looksCloud = CLOUD_HOST.test(url.hostname.toLowerCase());

  if (deployment === 'datacenter' && looksCloud) {
    throw invalid(
      `${url.hostname} is a Confluence Cloud site, not Data Center.`,
      'Choose Cloud and sign in with your Atlassian email and an API token.',
    );
  }
  const resolved: Deployment = deployment ?? (looksCloud ? 'cloud' : 'datacenter');

  // Cloud always lives under /wiki. Atlassian's own hosts only speak https; for other hosts the
  // scheme is kept, and the address guard decides whether plain http is allowed.
  const protocol = url.protocol.toLowerCase();
  if (resolved === 'cloud') {
    return { baseUrl: `${looksCloud ? 'https:' : protocol}//${host}/wiki`, deployment: resolved };
  }

  // "https://me:123/to@ken@host" parses with "/to@ken@host" as the path: never keep that.
  const context = contextPath(url.pathname);
  if (context.includes('@')) {
    throw invalid(
      'The Confluence URL has an "@" before the site address; it may hold a user name or password.',
      WITHOUT_CREDENTIALS,
    );
  }
  return { baseUrl: `${protocol}//${host}${context}`, deployment: resolved };
}

/**
 * Joins a link Confluence returned (`webui`, `next`) to the `_links.base` it came with. Absolute
 * links are kept as they are; nothing is guessed.
 */
export function joinLink(base: string, link: string): string {
  if (/^https?:\/\//i.test(link)) return link;
  const trimmedBase = base.replace(/\/+$/, '');
  return `${trimmedBase}${link.startsWith('/') ? '' : '/'}${link}`;
}
