/**
 * The wording and retry decision for each kind of connection failure, from the error code the
 * socket reports. The real TLS and DNS paths are covered in `connection-failures.test.ts`; a
 * certificate for another name needs a trusted authority, so it is only checked here.
 */
import { unreachable } from '../../src/confluence/unreachable';

const socketError = (code: string) => Object.assign(new Error(`socket said ${code}`), { code });
const base = new URL('https://wiki.corp:8443/confluence');

describe('unreachable', () => {
  it.each([
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'is self-signed'],
    ['CERT_HAS_EXPIRED', 'has expired'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'is for another name'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'is signed by an authority this server does not know'],
    [
      'SELF_SIGNED_CERT_IN_CHAIN',
      'is signed by a self-signed authority this server does not trust',
    ],
  ])('names the certificate problem %s and does not retry it', (code, words) => {
    const error = unreachable(base, socketError(code));
    expect(error.message).toBe(`The certificate of wiki.corp ${words} (${code}).`);
    expect(error.details).toEqual({ code });
    expect(error.retryable).toBe(false);
  });

  it('reads the code from a wrapped cause', () => {
    const wrapped = Object.assign(new Error('fetch failed'), { cause: socketError('ENOTFOUND') });
    const error = unreachable(base, wrapped);
    expect(error.message).toBe('wiki.corp does not resolve: no such host name.');
    expect(error.retryable).toBe(false);
  });

  it('names the default https port when the URL has none', () => {
    const error = unreachable(
      new URL('https://wiki.corp'),
      socketError('ERR_SSL_WRONG_VERSION_NUMBER'),
    );
    expect(error.message).toBe('The server at wiki.corp does not speak https on port 443.');
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'EAI_AGAIN'])('keeps %s retryable', (code) => {
    const error = unreachable(base, socketError(code));
    expect(error.code).toBe('unreachable');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(`Could not reach Confluence at wiki.corp:8443 (${code}).`);
  });
});
