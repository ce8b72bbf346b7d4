import type { MockAgent } from 'undici';
import { AppError } from '../../src/errors';
import { MOCK_AUTHORIZATION, httpOver, mockAgent } from './mock-http';

const USER_PATH = '/rest/api/user/current';
const TOKEN = MOCK_AUTHORIZATION.replace('Bearer ', '');

async function failureOf(promise: Promise<unknown>): Promise<AppError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof AppError)) throw new Error(`expected an AppError, got ${outcome}`);
  return outcome;
}

describe('ConfluenceHttp errors built from Confluence text that echoes the token', () => {
  let agent: MockAgent;
  beforeEach(() => {
    agent = mockAgent();
  });
  afterEach(() => agent.close());

  const answer = (status: number, message: string) =>
    agent
      .get('https://wiki.example.com')
      .intercept({ path: USER_PATH, method: 'GET' })
      .reply(status, { statusCode: status, message });

  const getUser = () => {
    const http = httpOver(agent);
    return http.getJson(http.url(USER_PATH), { kind: 'user' });
  };

  it('a 5xx after the last attempt says what Confluence said, without the token', async () => {
    answer(502, `upstream rejected token ${TOKEN}`);
    const error = await failureOf(getUser());
    expect(error.code).toBe('server_error');
    expect(error.message).toBe(
      'Confluence failed with HTTP 502: upstream rejected token [redacted]',
    );
  });

  it('a 403 echoing the Authorization header keeps it out of message and details', async () => {
    answer(403, `Request with header Authorization: ${MOCK_AUTHORIZATION} denied`);
    const error = await failureOf(getUser());
    expect(error.code).toBe('permission_denied');
    expect(JSON.stringify(error.toJSON())).not.toContain(TOKEN);
  });
});
