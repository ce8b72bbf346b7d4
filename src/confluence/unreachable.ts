/**
 * Translates a failure to connect to Confluence (DNS, TCP, TLS) into an `unreachable` AppError
 * that says what is wrong in plain words. Failures that repeat identically on every attempt (a
 * host name that does not exist, a plain-http server asked for https, a certificate that is not
 * trusted) are marked not retryable, so the HTTP layer (`http.ts`) gives up at once.
 */
import { AppError } from '../errors';

/** TLS records that are not TLS: the server answered the handshake with plain http. */
const NOT_TLS = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG']);

/** Certificate problems, each with the words that finish "The certificate of HOST ...". */
const CERTIFICATE_PROBLEMS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'is signed by a self-signed authority this server does not trust',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'is signed by an authority this server does not know',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'is signed by an authority this server does not know',
  CERT_HAS_EXPIRED: 'has expired',
  CERT_NOT_YET_VALID: 'is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'is for another name',
};

const NETWORK_REMEDIES = [
  'Check the URL for typos.',
  'If Confluence is on a private network, make sure this server can reach it.',
];

const CERTIFICATE_REMEDIES = [
  'Ask the Confluence admin to install a certificate from a trusted authority for this name.',
  'If your organisation signs its own certificates, whoever runs the bot can add its authority ' +
    'with NODE_EXTRA_CA_CERTS=/path/to/ca.pem and restart the bot.',
];

/** The first string `code` in an error's cause chain (undici may wrap socket errors). */
function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function permanent(message: string, code: string, cause: unknown, remedies: string[]): AppError {
  return new AppError('unreachable', message, {
    cause,
    retryable: false,
    details: { code },
    remedies,
  });
}

/**
 * The error for a request that reached no Confluence. `url` is the address that was being
 * contacted (its host and port are named in the message); `cause` is what the socket threw.
 * Called by the HTTP layer for every failure that is not a timeout or an AppError already.
 */
export function unreachable(url: URL, cause: unknown): AppError {
  const code = errorCode(cause);
  const host = url.hostname;

  if (code === 'ENOTFOUND') {
    return permanent(`${host} does not resolve: no such host name.`, code, cause, [
      'Check the spelling of the Confluence URL.',
      'If the name only exists on a private network, make sure this server uses its DNS.',
    ]);
  }
  if (code !== undefined && NOT_TLS.has(code) && url.protocol === 'https:') {
    const port = url.port || '443';
    return permanent(`The server at ${host} does not speak https on port ${port}.`, code, cause, [
      `If it is plain http, use http://${url.host} and have whoever runs the bot set ` +
        'CONFLUENCE_ALLOW_HTTP=true.',
      'Otherwise check the port: it may belong to another service.',
    ]);
  }
  if (code !== undefined && code in CERTIFICATE_PROBLEMS) {
    const problem = CERTIFICATE_PROBLEMS[code];
    return permanent(`The certificate of ${host} ${problem} (${code}).`, code, cause, [
      ...CERTIFICATE_REMEDIES,
    ]);
  }

  // Refused, reset, temporary DNS failures: worth another attempt.
  const detail = code === undefined ? '' : ` (${code})`;
  return new AppError('unreachable', `Could not reach Confluence at ${url.host}${detail}.`, {
    cause,
    details: code === undefined ? {} : { code },
    remedies: NETWORK_REMEDIES,
  });
}
