import type { MockAgent } from 'undici';
import { AppError } from '../../src/errors';
import { MAX_RESPONSE_BYTES } from '../../src/confluence/http';
import { httpOver, mockAgent } from './mock-http';

const USER_PATH = '/rest/api/user/current';

async function failureOf(promise: Promise<unknown>): Promise<AppError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof AppError)) throw new Error(`expected an AppError, got ${outcome}`);
  return outcome;
}

describe('ConfluenceHttp response size limit', () => {
  let agent: MockAgent;
  beforeEach(() => {
    agent = mockAgent();
  });
  afterEach(() => agent.close());

  const answerWith = (body: string, headers: Record<string, string> = {}) =>
    agent
      .get('https://wiki.example.com')
      .intercept({ path: USER_PATH, method: 'GET' })
      .reply(200, body, { headers: { 'content-type': 'application/json', ...headers } });

  const getUser = () => {
    const http = httpOver(agent);
    return http.getJson(http.url(USER_PATH), { kind: 'user' });
  };

  it('a streamed 64 MB answer is refused as bad_response naming the limit', async () => {
    answerWith(`{"type":"known","username":"x","pad":"${'x'.repeat(2 * MAX_RESPONSE_BYTES)}"}`);
    const error = await failureOf(getUser());
    expect(error.code).toBe('bad_response');
    expect(error.message).toMatch(/larger than 32 MB \(more than \d+ bytes sent\)/);
  });

  it('an announced content-length above the limit is refused before the body is read', async () => {
    answerWith('{"type":"known","username":"x"}', {
      'content-length': String(MAX_RESPONSE_BYTES + 1),
    });
    const error = await failureOf(getUser());
    expect(error.code).toBe('bad_response');
    expect(error.message).toMatch(/announced/);
  });

  it('an answer of a few MB under the limit is read whole', async () => {
    const pad = 'é'.repeat(2 * 1024 * 1024);
    answerWith(JSON.stringify({ type: 'known', username: 'x', pad }));
    await expect(getUser()).resolves.toEqual({ type: 'known', username: 'x', pad });
  });
});
