/**
 * The one gate for Confluence's own words (the `message` of an error envelope) on their way into
 * an `AppError` message or details, and from there into Slack, logs and stored run errors. A
 * Confluence, or a proxy in front of it, may echo the request's Authorization header or the token
 * in its error text; the sanitiser removes this connection's credentials in every form they
 * travel in, then secret shapes in general, then cuts the text to a readable length.
 */
import { redactString } from '../logging/redact';

/** Longest piece of Confluence's text kept in an error message, in characters. */
export const MAX_CONFLUENCE_TEXT = 300;

/** Turns text Confluence sent into text safe to show; built once per connection. */
export type ConfluenceTextSanitiser = (text: string) => string;

const REDACTED = '[redacted]';

/**
 * Every form the credentials of an `Authorization` header value can appear in: the whole value,
 * the credential after the scheme, and for Basic the decoded `email:token` and the token alone,
 * each also URL-encoded. Longest first, so that a longer form is replaced before its parts.
 */
export function credentialForms(authorization: string): string[] {
  const forms = new Set<string>([authorization]);
  const credential = authorization.replace(/^\s*\S+\s+/, '');
  forms.add(credential);
  if (/^\s*basic\s/i.test(authorization)) {
    const decoded = Buffer.from(credential, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon !== -1) {
      forms.add(decoded);
      forms.add(decoded.slice(colon + 1));
    }
  }
  for (const form of [...forms]) forms.add(encodeURIComponent(form));
  return [...forms].filter((form) => form.trim() !== '').sort((a, b) => b.length - a.length);
}

/**
 * A sanitiser for the connection whose requests carry `authorization`. Called by the HTTP layer
 * (`http.ts`), which hands it to `errors.ts` with every response it turns into an error.
 */
export function createTextSanitiser(authorization: string): ConfluenceTextSanitiser {
  const secrets = credentialForms(authorization);
  return (text) => {
    let out = text;
    for (const secret of secrets) out = out.split(secret).join(REDACTED);
    out = redactString(out).replace(/\s+/g, ' ').trim();
    return out.length > MAX_CONFLUENCE_TEXT ? `${out.slice(0, MAX_CONFLUENCE_TEXT)}…` : out;
  };
}
