/**
 * Failures to connect that repeat on every attempt: a plain-http server asked for https, a
 * certificate nobody trusts, a host name that does not resolve. Each is reported at once, in plain
 * words, without retries. Servers are local; DNS is the injectable `lookup`.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { FakeConfluence } from '../fakes/confluence/server';
import { createTestCertificate, type TestCertificateOptions } from '../fakes/tls/self-signed-cert';
import { clientFor, fakeTime } from './helpers';

type Server = http.Server | https.Server;

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A Data Center "fake" that is only a base URL: these tests never get as far as Confluence. */
function at(baseUrl: string): FakeConfluence {
  return { mode: 'datacenter', baseUrl, auth: { kind: 'bearer', token: 'pat' } } as FakeConfluence;
}

async function failureOf(baseUrl: string, overrides = {}) {
  const time = fakeTime();
  const error = await clientFor(at(baseUrl), time, overrides)
    .verifyAuthentication()
    .catch((e) => e);
  return { error, sleeps: time.sleeps };
}

describe('a plain-http server addressed with https', () => {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    res.end('{}');
  });
  let port: number;
  beforeAll(async () => {
    port = await listen(server);
  });
  afterAll(() => close(server));

  it('is reported at once as a server that does not speak https, with the http remedy', async () => {
    const { error, sleeps } = await failureOf(`https://127.0.0.1:${port}/confluence`);
    expect(error.code).toBe('unreachable');
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(`The server at 127.0.0.1 does not speak https on port ${port}.`);
    expect(error.remedies[0]).toContain(`use http://127.0.0.1:${port}`);
    expect(error.remedies[0]).toContain('CONFLUENCE_ALLOW_HTTP=true');
    expect(sleeps).toEqual([]);
    expect(requests).toEqual([]);
  });
});

describe.each<[string, TestCertificateOptions, RegExp]>([
  ['self-signed', {}, /^The certificate of 127\.0\.0\.1 is self-signed \(DEPTH_ZERO/],
  [
    'expired',
    { notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01') },
    /^The certificate of 127\.0\.0\.1 has expired \(CERT_HAS_EXPIRED\)/,
  ],
])('an https server with a %s certificate', (_kind, certificate, message) => {
  const requests: string[] = [];
  const server = https.createServer(createTestCertificate(certificate), (req, res) => {
    requests.push(req.url ?? '');
    res.end('{}');
  });
  let port: number;
  beforeAll(async () => {
    port = await listen(server);
  });
  afterAll(() => close(server));

  it('is reported at once as a certificate problem, and no request is sent', async () => {
    const { error, sleeps } = await failureOf(`https://127.0.0.1:${port}/confluence`);
    expect(error.code).toBe('unreachable');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(message);
    expect(error.remedies.join(' ')).toContain('NODE_EXTRA_CA_CERTS');
    expect(sleeps).toEqual([]);
    expect(requests).toEqual([]);
  });
});

describe('a host name that does not resolve', () => {
  const lookups: string[] = [];
  const notFound = (
    hostname: string,
    callback: (e: Error | null, a: Array<{ address: string; family: number }>) => void,
  ) => {
    lookups.push(hostname);
    callback(
      Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }),
      [],
    );
  };

  it('is reported at once as a name to check, after one lookup', async () => {
    const { error, sleeps } = await failureOf('https://wiki.nosuch.test', { lookup: notFound });
    expect(error.code).toBe('unreachable');
    expect(error.retryable).toBe(false);
    expect(error.message).toBe('wiki.nosuch.test does not resolve: no such host name.');
    expect(error.remedies[0]).toMatch(/spelling/);
    expect(sleeps).toEqual([]);
    expect(lookups).toEqual(['wiki.nosuch.test']);
  });

  it('is still retried when the failure is temporary (EAI_AGAIN)', async () => {
    const temporary: typeof notFound = (_hostname, callback) =>
      callback(Object.assign(new Error('getaddrinfo EAI_AGAIN'), { code: 'EAI_AGAIN' }), []);
    const { error, sleeps } = await failureOf('https://wiki.flaky.test', {
      lookup: temporary,
      maxAttempts: 3,
    });
    expect(error.code).toBe('unreachable');
    expect(error.retryable).toBe(true);
    expect(sleeps).toHaveLength(2);
  });
});
