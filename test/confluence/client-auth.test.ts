/**
 * Every form of failed authentication in the REST reference, on each deployment, ends as
 * `auth_failed`, never as an empty result.
 */
import type { AppError } from '../../src/errors';
import { startFakeConfluence, type FakeConfluence } from '../fakes/confluence/server';
import { clientFor, collect, fakeTime } from './helpers';

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a failure');
}

describe('Cloud authentication failures', () => {
  let fake: FakeConfluence;
  beforeAll(async () => {
    fake = await startFakeConfluence({ mode: 'cloud' });
  });
  afterAll(() => fake.close());
  afterEach(() => {
    fake.resetFaults();
    fake.settings.publicSite = false;
  });

  it('accepts the email and API token pair', async () => {
    await expect(clientFor(fake).verifyAuthentication()).resolves.toEqual({
      id: '5b10a2844c20165700ede21a',
      displayName: 'Alice Example',
    });
  });

  it('reports a wrong token (403 "caller cannot access Confluence") as auth_failed', async () => {
    const client = clientFor(
      fake,
      fakeTime(),
      {},
      { kind: 'basic', email: 'alice@example.test', token: 'wrong' },
    );
    const error = await failure(client.verifyAuthentication());
    expect(error.code).toBe('auth_failed');
    expect(error.remedies[0]).toMatch(/id\.atlassian\.com\/manage-profile\/security\/api-tokens/);
  });

  it('reports a token sent as Bearer as auth_failed', async () => {
    const client = clientFor(
      fake,
      fakeTime(),
      {},
      { kind: 'bearer', token: 'ATATT-fake-alice-token' },
    );
    expect((await failure(client.verifyAuthentication())).code).toBe('auth_failed');
  });

  it('reports a revoked token as auth_failed, and a listing does not return 0 pages', async () => {
    const auth = fake.addToken('alice');
    const client = clientFor(fake, fakeTime(), {}, auth);
    fake.revokeToken(auth.kind === 'basic' ? auth.token : '');
    expect((await failure(collect(client.listPages('space = DOCS')))).code).toBe('auth_failed');
  });

  it('reports an expired token as auth_failed', async () => {
    const auth = fake.addToken('alice');
    fake.expireToken(auth.kind === 'basic' ? auth.token : '');
    const client = clientFor(fake, fakeTime(), {}, auth);
    expect((await failure(client.verifyAuthentication())).code).toBe('auth_failed');
  });

  it('reports an account without Confluence access ("Current user not permitted")', async () => {
    fake.addUser({ username: 'carol', email: 'carol@example.test', noConfluenceAccess: true });
    const client = clientFor(fake, fakeTime(), {}, fake.addToken('carol'));
    const error = await failure(client.verifyAuthentication());
    expect(error.code).toBe('auth_failed');
    expect(error.remedies[0]).toMatch(/access to Confluence/);
  });

  it('reports the Tomcat 401 page (malformed Basic value) as auth_failed', async () => {
    fake.failNext({
      status: 401,
      body: '<!doctype html><html><head><title>HTTP Status 401 – Unauthorized</title></head></html>',
    });
    expect((await failure(clientFor(fake).verifyAuthentication())).code).toBe('auth_failed');
  });

  it('reports a scope mismatch (401 JSON) as auth_failed with the scopes to grant', async () => {
    fake.failNext({
      status: 401,
      body: { code: 401, message: 'Unauthorized; scope does not match' },
    });
    const error = await failure(clientFor(fake).verifyAuthentication());
    expect(error.code).toBe('auth_failed');
    expect(error.remedies[0]).toMatch(/search:confluence/);
  });

  it('on a public site, rejects bad credentials answered as the anonymous user', async () => {
    fake.settings.publicSite = true;
    const client = clientFor(
      fake,
      fakeTime(),
      {},
      { kind: 'basic', email: 'x@example.test', token: 'bad' },
    );
    expect((await failure(client.verifyAuthentication())).code).toBe('auth_failed');
    expect((await failure(collect(client.searchPages('space = KAFKA')))).code).toBe('auth_failed');
  });

  it('never puts the token in the error', async () => {
    const client = clientFor(
      fake,
      fakeTime(),
      {},
      { kind: 'basic', email: 'a@example.test', token: 'SeCrEt-123456' },
    );
    const error = await failure(client.verifyAuthentication());
    expect(JSON.stringify({ ...error.toJSON(), stack: error.stack })).not.toContain(
      'SeCrEt-123456',
    );
  });
});

describe('Data Center authentication failures', () => {
  let fake: FakeConfluence;
  beforeAll(async () => {
    fake = await startFakeConfluence({
      mode: 'datacenter',
      contextPath: '/confluence',
      captchaAfterFailures: 2,
    });
  });
  afterAll(() => fake.close());
  afterEach(() => {
    fake.resetFaults();
    fake.settings.basicAuthDisabled = false;
  });

  it('accepts a personal access token as Bearer', async () => {
    await expect(clientFor(fake).verifyAuthentication()).resolves.toEqual({
      id: 'alice',
      displayName: 'Alice Example',
    });
  });

  it('reports an unknown PAT (answered as anonymous, 200) as auth_failed', async () => {
    const client = clientFor(fake, fakeTime(), {}, { kind: 'bearer', token: 'not-a-token' });
    const error = await failure(client.verifyAuthentication());
    expect(error.code).toBe('auth_failed');
    expect(error.message).toMatch(/anonymous/);
  });

  it('reports an unknown PAT as auth_failed on a search, not as 0 pages', async () => {
    const client = clientFor(fake, fakeTime(), {}, { kind: 'bearer', token: 'not-a-token' });
    expect((await failure(collect(client.searchPages('space = DOCS')))).code).toBe('auth_failed');
  });

  it('reports revoked and expired PATs as auth_failed', async () => {
    const revoked = fake.addToken('alice');
    const expired = fake.addToken('alice');
    fake.revokeToken(revoked.token);
    fake.expireToken(expired.token);
    for (const auth of [revoked, expired]) {
      expect(
        (await failure(clientFor(fake, fakeTime(), {}, auth).verifyAuthentication())).code,
      ).toBe('auth_failed');
    }
  });

  it('reports a wrong Basic password (401 + AUTHENTICATED_FAILED) as auth_failed', async () => {
    const client = clientFor(fake, fakeTime(), {}, { kind: 'basic', email: 'bob', token: 'wrong' });
    const error = await failure(client.verifyAuthentication());
    expect(error.code).toBe('auth_failed');
    expect(error.remedies[0]).toMatch(/personal access token/);
  });

  it('tells the user to log in with a browser after the CAPTCHA lock (AUTHENTICATION_DENIED)', async () => {
    const client = clientFor(
      fake,
      fakeTime(),
      {},
      { kind: 'basic', email: 'alice', token: 'wrong' },
    );
    await failure(client.verifyAuthentication());
    await failure(client.verifyAuthentication());
    const error = await failure(client.verifyAuthentication());
    expect(error.code).toBe('auth_failed');
    expect(error.remedies[0]).toMatch(/browser.*CAPTCHA/);
  });

  it('reports disabled Basic authentication (403) as auth_failed suggesting a PAT', async () => {
    fake.settings.basicAuthDisabled = true;
    const client = clientFor(
      fake,
      fakeTime(),
      {},
      { kind: 'basic', email: 'bob', token: 'bob-password' },
    );
    const error = await failure(client.verifyAuthentication());
    expect(error.code).toBe('auth_failed');
    expect(error.remedies[0]).toMatch(/personal access token/);
  });

  it('reports the XML 401 answer as auth_failed', async () => {
    fake.failNext({
      status: 401,
      contentType: 'application/xml',
      body: '<status><status-code>401</status-code><message>Client must be authenticated to access this resource.</message></status>',
    });
    expect((await failure(clientFor(fake).verifyAuthentication())).code).toBe('auth_failed');
  });

  it('reports a 403 on a space as permission_denied naming the space', async () => {
    fake.failNext({
      status: 403,
      body: { statusCode: 403, message: 'Not permitted' },
      path: '/space/OPS',
    });
    const error = await failure(clientFor(fake).getSpace('OPS'));
    expect(error.code).toBe('permission_denied');
    expect(error.remedies[0]).toMatch(/space OPS/);
  });
});
