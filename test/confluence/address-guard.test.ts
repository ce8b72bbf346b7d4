import { checkRequestUrl, isPrivateAddress } from '../../src/confluence/address-guard';
import { startFakeConfluence, type FakeConfluence } from '../fakes/confluence/server';
import { clientFor, errorCode, fakeTime } from './helpers';

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '100.64.0.1',
    '169.254.169.254',
    '0.0.0.0',
    '::1',
    '::',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    '::ffff:10.0.0.1',
    '::ffff:127.0.0.1',
    'not-an-address',
  ])('refuses %s', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:93.184.216.34'])(
    'lets %s through',
    (address) => {
      expect(isPrivateAddress(address)).toBe(false);
    },
  );
});

describe('isPrivateAddress with IPv6 outside global unicast (2000::/3)', () => {
  it.each([
    ['::7f00:1', 'IPv4-compatible 127.0.0.1'],
    ['::a9fe:a9fe', 'IPv4-compatible 169.254.169.254'],
    ['::a00:1', 'IPv4-compatible 10.0.0.1'],
    ['::808:808', 'IPv4-compatible 8.8.8.8 (nothing public lives in ::/96)'],
    ['64:ff9b::a00:1', 'NAT64-translated 10.0.0.1'],
    ['2002:a00:1::1', '6to4 around 10.0.0.1'],
    ['4000::1', 'unassigned'],
  ])('counts %s (%s) as private', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it('still lets a global unicast IPv6 address through', () => {
    expect(isPrivateAddress('2001:4860:4860::8888')).toBe(false);
  });
});

describe('checkRequestUrl', () => {
  const policy = { allowHttp: false, allowedPrivate: [] };
  const base = new URL('https://wiki.example');

  it('accepts https on the integration host', () => {
    expect(() => checkRequestUrl(new URL('https://wiki.example/x'), base, policy)).not.toThrow();
  });

  it('refuses another host', () => {
    expect(() => checkRequestUrl(new URL('https://evil.example/'), base, policy)).toThrow(
      expect.objectContaining({ code: 'blocked_address' }),
    );
  });

  it('refuses an http base URL unless allowed', () => {
    const url = new URL('http://wiki.example/');
    expect(() => checkRequestUrl(url, url, policy)).toThrow(
      expect.objectContaining({ code: 'blocked_address', message: expect.stringMatching(/https/) }),
    );
    expect(() => checkRequestUrl(url, url, { ...policy, allowHttp: true })).not.toThrow();
  });

  it('accepts the default port written out (https://wiki.example:443)', () => {
    expect(() =>
      checkRequestUrl(new URL('https://wiki.example:443/x'), base, policy),
    ).not.toThrow();
  });

  it.each([
    ['http://wiki.example/x', 'a downgrade to http'],
    ['https://wiki.example:8443/x', 'another port'],
    ['http://wiki.example:443/x', 'http on the https port'],
  ])('refuses %s from an https base (%s), even when http is allowed', (hop) => {
    expect(() => checkRequestUrl(new URL(hop), base, { ...policy, allowHttp: true })).toThrow(
      expect.objectContaining({ code: 'blocked_address' }),
    );
  });

  it('refuses https from an http base, whose port differs', () => {
    const httpBase = new URL('http://wiki.example');
    expect(() =>
      checkRequestUrl(new URL('https://wiki.example/x'), httpBase, { ...policy, allowHttp: true }),
    ).toThrow(expect.objectContaining({ code: 'blocked_address' }));
  });

  it('refuses literal metadata and private addresses, with the allow-list remedy', () => {
    for (const host of ['169.254.169.254', '10.0.0.7', '[::1]', '[::ffff:192.168.0.1]']) {
      const url = new URL(`https://${host}/`);
      expect(() => checkRequestUrl(url, url, policy)).toThrow(
        expect.objectContaining({
          code: 'blocked_address',
          remedies: [expect.stringMatching(/CONFLUENCE_ALLOWED_PRIVATE/)],
        }),
      );
    }
  });

  it('refuses the literal host [::169.254.169.254] (IPv4-compatible metadata address)', () => {
    const url = new URL('https://[::169.254.169.254]/');
    expect(() => checkRequestUrl(url, url, policy)).toThrow(
      expect.objectContaining({ code: 'blocked_address' }),
    );
  });

  it('accepts a private address inside an allow-listed range', () => {
    const url = new URL('https://10.0.0.7/');
    expect(() =>
      checkRequestUrl(url, url, { allowHttp: false, allowedPrivate: ['10.0.0.0/8'] }),
    ).not.toThrow();
  });
});

describe('the guarded connection (resolved addresses checked at connect time)', () => {
  let fake: FakeConfluence;
  beforeAll(async () => {
    fake = await startFakeConfluence({ mode: 'datacenter' });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.clearRequests());

  const port = () => new URL(fake.origin).port;
  const resolvesTo =
    (address: string) =>
    (
      _host: string,
      callback: (e: Error | null, a: Array<{ address: string; family: number }>) => void,
    ) =>
      callback(null, [{ address, family: 4 }]);

  function clientAt(host: string, lookupTo: string, allowedPrivate: string[]) {
    const viaName = {
      ...fake,
      baseUrl: `http://${host}:${port()}`,
      mode: fake.mode,
    } as FakeConfluence;
    return clientFor(viaName, fakeTime(), { allowedPrivate, lookup: resolvesTo(lookupTo) });
  }

  it('connects when the name resolves into an allow-listed range', async () => {
    const client = clientAt('wiki.test', '127.0.0.1', ['127.0.0.0/8']);
    await expect(client.verifyAuthentication()).resolves.toMatchObject({ id: 'alice' });
  });

  it('connects when the host name itself is allow-listed', async () => {
    const client = clientAt('wiki.test', '127.0.0.1', ['wiki.test']);
    await expect(client.verifyAuthentication()).resolves.toMatchObject({ id: 'alice' });
  });

  it('refuses a name that resolves to loopback when nothing is allow-listed', async () => {
    const client = clientAt('wiki.test', '127.0.0.1', []);
    expect(await errorCode(client.verifyAuthentication())).toBe('blocked_address');
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses a name that resolves to the cloud metadata address (DNS rebinding)', async () => {
    const client = clientAt('wiki.test', '169.254.169.254', ['127.0.0.0/8']);
    expect(await errorCode(client.verifyAuthentication())).toBe('blocked_address');
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses the literal loopback address when it is not allow-listed', async () => {
    const client = clientFor(fake, fakeTime(), { allowedPrivate: [] });
    expect(await errorCode(client.verifyAuthentication())).toBe('blocked_address');
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses plain http unless configuration allows it', async () => {
    const client = clientFor(fake, fakeTime(), { allowHttp: false });
    expect(await errorCode(client.verifyAuthentication())).toBe('blocked_address');
    expect(fake.requests).toHaveLength(0);
  });
});
