/**
 * How the fake Confluence authenticates a request, in every form the REST reference (§2) lists:
 * Cloud Basic email:token (403 "caller cannot access Confluence" for bad, missing or Bearer
 * credentials, 401 Tomcat HTML for a Basic value that is not base64 user:pass, anonymous on a
 * public site); Data Center Bearer PAT (an unknown, expired or revoked PAT is the anonymous user,
 * 200) and Basic user:password (401 HTML with X-Seraph-LoginReason, CAPTCHA after failures).
 */
import type { FakeMode, FakeStore, FakeUser, Viewer } from './model';

export interface AuthSettings {
  mode: FakeMode;
  /** Cloud: bad or missing credentials are served as anonymous instead of 403. */
  publicSite: boolean;
  /** Data Center: Basic authentication is switched off by an admin (403 JSON). */
  basicAuthDisabled: boolean;
  /** Data Center: failed Basic logins per user before the CAPTCHA answer. */
  captchaAfterFailures: number;
}

/** A refusal sent as is. */
export interface AuthRejection {
  status: number;
  headers: Record<string, string>;
  contentType: string;
  body: string;
}

export type AuthOutcome =
  | { kind: 'viewer'; viewer: Viewer; headers: Record<string, string> }
  | { kind: 'reject'; rejection: AuthRejection };

const CLOUD_FORBIDDEN = JSON.stringify({
  statusCode: 403,
  message:
    'com.atlassian.confluence.mvc.rest.common.exception.StacklessResponseStatusException: ' +
    '403 FORBIDDEN "Request rejected because caller cannot access Confluence"',
});

const CLOUD_NOT_PERMITTED = JSON.stringify({
  message: 'Current user not permitted to use Confluence',
  statusCode: 403,
});

function tomcatPage(title: string, description: string): string {
  return (
    `<!doctype html><html lang="en"><head><title>${title}</title></head>` +
    `<body><h1>${title}</h1><hr class="line" /><p><b>Type</b> Status Report</p>` +
    `<p><b>Message</b> ${description}</p><hr class="line" /><h3>Apache Tomcat</h3></body></html>`
  );
}

/** `user:password` from a Basic header, or null when it is not valid base64 of that form. */
function decodeBasic(value: string): { user: string; secret: string } | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return null;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { user: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

export class FakeAuthenticator {
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly store: FakeStore,
    readonly settings: AuthSettings,
  ) {}

  authenticate(header: string | undefined): AuthOutcome {
    return this.settings.mode === 'cloud' ? this.cloud(header) : this.datacenter(header);
  }

  private cloud(header: string | undefined): AuthOutcome {
    const refuse = (): AuthOutcome =>
      this.settings.publicSite
        ? { kind: 'viewer', viewer: { kind: 'anonymous' }, headers: {} }
        : { kind: 'reject', rejection: json(403, CLOUD_FORBIDDEN) };
    const match = /^Basic\s+(.*)$/i.exec(header ?? '');
    if (!match) return refuse();

    const pair = decodeBasic(match[1].trim());
    if (!pair) {
      const page = tomcatPage('HTTP Status 401 – Unauthorized', 'Unauthorized');
      return { kind: 'reject', rejection: html(401, page) };
    }
    const token = this.store.tokens.get(pair.secret);
    const user = token ? this.store.users.get(token.username) : undefined;
    const valid =
      token?.state === 'active' && user?.email.toLowerCase() === pair.user.toLowerCase();
    if (!valid || !user) return refuse();
    if (user.noConfluenceAccess) {
      return { kind: 'reject', rejection: json(403, CLOUD_NOT_PERMITTED) };
    }
    return { kind: 'viewer', viewer: { kind: 'user', user }, headers: {} };
  }

  private datacenter(header: string | undefined): AuthOutcome {
    const anonymous: AuthOutcome = {
      kind: 'viewer',
      viewer: { kind: 'anonymous' },
      headers: { 'X-AUSERNAME': 'anonymous' },
    };
    const bearer = /^Bearer\s+(.+)$/i.exec(header ?? '');
    if (bearer) {
      const token = this.store.tokens.get(bearer[1].trim());
      const user = token?.state === 'active' ? this.store.users.get(token.username) : undefined;
      return user ? this.dcUser(user) : anonymous;
    }
    const basic = /^Basic\s+(.*)$/i.exec(header ?? '');
    if (!basic) return anonymous;
    if (this.settings.basicAuthDisabled) {
      const body = JSON.stringify({
        message: 'Basic Authentication has been disabled on this instance.',
      });
      return { kind: 'reject', rejection: json(403, body) };
    }
    return this.dcBasic(decodeBasic(basic[1].trim()));
  }

  private dcBasic(pair: { user: string; secret: string } | null): AuthOutcome {
    const name = pair?.user ?? '';
    const user = this.store.users.get(name);
    const failures = this.failures.get(name) ?? 0;
    if (failures >= this.settings.captchaAfterFailures) {
      return {
        kind: 'reject',
        rejection: {
          ...html(401, tomcatPage('HTTP Status 401 – Unauthorized', 'AUTHENTICATION_DENIED')),
          headers: {
            'X-Seraph-LoginReason': 'AUTHENTICATION_DENIED',
            'WWW-Authenticate': 'OAuth realm="fake-confluence"',
          },
        },
      };
    }
    if (user?.password !== undefined && pair?.secret === user.password) {
      this.failures.delete(name);
      return this.dcUser(user);
    }
    this.failures.set(name, failures + 1);
    const page = tomcatPage(
      'HTTP Status 401 – Unauthorized',
      'Basic Authentication Failure - Reason : AUTHENTICATED_FAILED',
    );
    return {
      kind: 'reject',
      rejection: {
        ...html(401, page),
        headers: { 'X-Seraph-LoginReason': 'AUTHENTICATED_FAILED' },
      },
    };
  }

  private dcUser(user: FakeUser): AuthOutcome {
    return {
      kind: 'viewer',
      viewer: { kind: 'user', user },
      headers: { 'X-Seraph-LoginReason': 'OK', 'X-AUSERNAME': user.username },
    };
  }
}

function json(status: number, body: string): AuthRejection {
  return { status, headers: {}, contentType: 'application/json;charset=UTF-8', body };
}

function html(status: number, body: string): AuthRejection {
  return { status, headers: {}, contentType: 'text/html;charset=utf-8', body };
}
