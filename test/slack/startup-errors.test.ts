/**
 * `slackStartupError`: each Web API failure at start-up becomes one AppError that names the
 * setting to fix and the Web API's host, and never the token or the rest of SLACK_API_URL.
 */
import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';
import { slackApiHost, slackStartupError } from '../../src/slack/startup-errors';

/** A fetch failure as Node reports it: `TypeError: fetch failed` caused by a system error. */
function networkFailure(code: string): WebAPIRequestError {
  const system = Object.assign(new Error(`connect ${code} 10.0.0.1:443`), { code });
  return new WebAPIRequestError(new TypeError('fetch failed', { cause: system }));
}

const platform = (error: string) => new WebAPIPlatformError({ ok: false, error });

describe('slackStartupError', () => {
  it.each([
    ['ECONNREFUSED', 'the connection was refused'],
    ['ENOTFOUND', 'the name does not resolve'],
    ['ETIMEDOUT', 'it did not answer in time'],
    ['CERT_HAS_EXPIRED', 'its TLS certificate was not accepted'],
    ['EWHATEVER', 'the request failed'],
  ])('explains a network failure %s as "%s"', (code, reason) => {
    const error = slackStartupError(networkFailure(code), { token: 'bot' });
    expect(error?.code).toBe('unreachable');
    expect(error?.message).toBe(`Could not reach the Slack Web API at slack.com: ${reason}.`);
    expect(error?.message).not.toContain('10.0.0.1');
  });

  it('finds the reason among several addresses tried (AggregateError)', () => {
    const refused = Object.assign(new Error('connect'), { code: 'ECONNREFUSED' });
    const both = new AggregateError([refused, refused], 'all failed');
    const failure = new WebAPIRequestError(new TypeError('fetch failed', { cause: both }));
    expect(slackStartupError(failure, { token: 'bot' })?.message).toContain(
      'the connection was refused',
    );
  });

  it('names SLACK_API_URL and only its host, never credentials or path in it', () => {
    const apiUrl = 'https://user:hunter2@proxy.example:8443/secret-path/api/';
    const error = slackStartupError(networkFailure('ECONNREFUSED'), { apiUrl, token: 'bot' })!;
    const shown = [error.message, ...error.remedies].join('\n');
    expect(shown).toContain('proxy.example:8443');
    expect(error.remedies[0]).toContain('SLACK_API_URL');
    expect(shown).not.toContain('hunter2');
    expect(shown).not.toContain('secret-path');
  });

  it('without SLACK_API_URL suggests setting it', () => {
    const error = slackStartupError(networkFailure('ENOTFOUND'), { token: 'bot' })!;
    expect(error.remedies.join(' ')).toContain('set SLACK_API_URL');
  });

  it.each(['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive'])(
    'turns %s into auth_failed for the bot token, with the reinstall remedy',
    (answer) => {
      const error = slackStartupError(platform(answer), { token: 'bot' })!;
      expect(error.code).toBe('auth_failed');
      expect(error.message).toContain(`SLACK_BOT_TOKEN (${answer})`);
      expect(error.remedies[0]).toContain('Bot User OAuth Token');
    },
  );

  it('turns invalid_auth for the app-level token into auth_failed naming SLACK_APP_TOKEN', () => {
    const error = slackStartupError(platform('invalid_auth'), { token: 'app' })!;
    expect(error.code).toBe('auth_failed');
    expect(error.message).toContain('SLACK_APP_TOKEN');
    expect(error.remedies[0]).toContain('connections:write');
  });

  it('turns not_allowed_token_type into a configuration problem for either token', () => {
    expect(slackStartupError(platform('not_allowed_token_type'), { token: 'bot' })?.code).toBe(
      'config_invalid',
    );
    expect(slackStartupError(platform('not_allowed_token_type'), { token: 'app' })?.code).toBe(
      'config_invalid',
    );
  });

  it('keeps an unexpected Slack answer short, and drops one that is not a code', () => {
    const odd = slackStartupError(platform('team_disabled'), { token: 'bot' })!;
    expect(odd.message).toBe('Slack refused to start with SLACK_BOT_TOKEN (team_disabled).');
    const strange = slackStartupError(platform('<b>nope</b> xoxb-1-2'), { token: 'bot' })!;
    expect(strange.message).toContain('(unknown_error)');
  });

  it('tells a failing Slack (5xx) from an address that is not the Web API (4xx)', () => {
    const down = slackStartupError(new WebAPIHTTPError(503, 'Unavailable', {}), { token: 'bot' });
    expect(down?.code).toBe('server_error');
    const wrong = slackStartupError(new WebAPIHTTPError(404, 'Not Found', {}), {
      apiUrl: 'http://127.0.0.1:1/nope/',
      token: 'bot',
    });
    expect(wrong?.code).toBe('bad_response');
    expect(wrong?.remedies[0]).toContain('SLACK_API_URL');
  });

  it('turns a rate limit into rate_limited', () => {
    expect(slackStartupError(new WebAPIRateLimitedError(30), { token: 'bot' })?.code).toBe(
      'rate_limited',
    );
  });

  it('leaves anything else to the caller (null)', () => {
    expect(slackStartupError(new Error('a bug'), { token: 'bot' })).toBeNull();
    expect(slackStartupError(undefined, { token: 'bot' })).toBeNull();
  });
});

describe('slackApiHost', () => {
  it('is slack.com by default and the host of SLACK_API_URL otherwise', () => {
    expect(slackApiHost(undefined)).toBe('slack.com');
    expect(slackApiHost('http://127.0.0.1:4000/api/')).toBe('127.0.0.1:4000');
  });
});
