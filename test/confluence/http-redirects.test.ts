import type { MockAgent } from 'undici';
import { errorCode } from './helpers';
import { MOCK_AUTHORIZATION, httpOver, mockAgent } from './mock-http';

const USER_PATH = '/rest/api/user/current';
const USER = { type: 'known', username: 'alice' };

/** Redirects the user request on the base URL to `location`; records what arrives there. */
function redirectTo(agent: MockAgent, origin: string, location: string): string[] {
  const authorizationsSeen: string[] = [];
  agent
    .get('https://wiki.example.com')
    .intercept({ path: USER_PATH, method: 'GET' })
    .reply(302, '', { headers: { location: `${origin}${location}` } });
  agent
    .get(origin)
    .intercept({ path: location, method: 'GET' })
    .reply((options) => {
      const headers = options.headers as Record<string, string>;
      authorizationsSeen.push(String(headers.authorization));
      return { statusCode: 200, data: USER };
    });
  return authorizationsSeen;
}

describe('ConfluenceHttp redirects', () => {
  let agent: MockAgent;
  beforeEach(() => {
    agent = mockAgent();
  });
  afterEach(() => agent.close());

  const getUser = (allowHttp: boolean) => {
    const http = httpOver(agent, { policy: { allowHttp, allowedPrivate: [] } });
    return http.getJson(http.url(USER_PATH), { kind: 'user' });
  };

  it('https -> http on the same host is refused, token unsent, even if http is allowed', async () => {
    const seen = redirectTo(agent, 'http://wiki.example.com', USER_PATH);
    expect(await errorCode(getUser(true))).toBe('blocked_address');
    expect(seen).toEqual([]);
  });

  it('a redirect to another port on the same host is refused, token unsent', async () => {
    const seen = redirectTo(agent, 'https://wiki.example.com:8443', USER_PATH);
    expect(await errorCode(getUser(false))).toBe('blocked_address');
    expect(seen).toEqual([]);
  });

  it('a redirect on the same scheme, host and port is followed with the token', async () => {
    const seen = redirectTo(agent, 'https://wiki.example.com', '/rest/api/user/current?moved=1');
    await expect(getUser(false)).resolves.toEqual(USER);
    expect(seen).toEqual([MOCK_AUTHORIZATION]);
  });
});
