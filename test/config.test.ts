import { loadConfig } from '../src/config';
import { AppError } from '../src/errors';

const KEY_HEX = 'a'.repeat(64);

function problemsOf(env: Record<string, string>, sections: Parameters<typeof loadConfig>[1] = []) {
  try {
    loadConfig(env, sections);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).details.problems as string[];
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('applies documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.mongo).toEqual({ uri: undefined, dbName: 'datasource_bot' });
    expect(config.confluence.allowHttp).toBe(false);
    expect(config.chunking).toEqual({ size: 1500, overlap: 150 });
    expect(config.slack).toBeUndefined();
  });

  it('reports every missing Slack and encryption variable at once', () => {
    const problems = problemsOf({}, ['slack', 'encryption']);
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/SLACK_BOT_TOKEN is required/);
    expect(problems.join('\n')).toMatch(/SLACK_SIGNING_SECRET is required/);
    expect(problems.join('\n')).toMatch(/ENCRYPTION_KEY is required.*openssl rand -hex 32/);
  });

  it('names malformed values without echoing them', () => {
    const secret = 'xoxp-should-not-appear';
    const problems = problemsOf({
      SLACK_BOT_TOKEN: secret,
      PORT: 'eighty',
      ENCRYPTION_KEY: 'short',
    });
    const text = problems.join('\n');
    expect(text).toMatch(/SLACK_BOT_TOKEN must be a bot token/);
    expect(text).toMatch(/PORT must be a whole number/);
    expect(text).toMatch(/ENCRYPTION_KEY must be 32 bytes/);
    expect(text).not.toContain(secret);
  });

  it('gives the Web API settings alone when only the bot token is set (a worker)', () => {
    const env = { SLACK_BOT_TOKEN: 'xoxb-worker', SLACK_API_URL: 'http://127.0.0.1:9/api/' };
    const config = loadConfig(env);
    expect(config.slack).toBeUndefined();
    expect(config.slackApi).toEqual({ botToken: 'xoxb-worker', apiUrl: env.SLACK_API_URL });
    expect(loadConfig({}).slackApi).toBeUndefined();
  });

  it('decodes a hex or base64 encryption key to 32 bytes', () => {
    expect(loadConfig({ ENCRYPTION_KEY: KEY_HEX }).encryptionKey).toHaveLength(32);
    const base64 = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ ENCRYPTION_KEY: base64 }).encryptionKey).toEqual(Buffer.alloc(32, 7));
  });

  it('rejects a chunk overlap as large as the chunk size', () => {
    expect(problemsOf({ CHUNK_SIZE: '500', CHUNK_OVERLAP: '500' })).toEqual([
      'CHUNK_OVERLAP must be smaller than CHUNK_SIZE',
    ]);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ MONGODB_URI: '  ', PORT: '' }).port).toBe(3000);
  });

  it('parses lists and booleans', () => {
    const config = loadConfig({
      CONFLUENCE_ALLOW_HTTP: 'true',
      CONFLUENCE_ALLOWED_PRIVATE: '127.0.0.0/8, wiki.corp , 10.1.2.3,::1,fd00::/8,localhost',
    });
    expect(config.confluence.allowHttp).toBe(true);
    expect(config.confluence.allowedPrivate).toEqual([
      '127.0.0.0/8',
      'wiki.corp',
      '10.1.2.3',
      '::1',
      'fd00::/8',
      'localhost',
    ]);
  });

  it('reports each unusable CONFLUENCE_ALLOWED_PRIVATE entry by position', () => {
    expect(problemsOf({ CONFLUENCE_ALLOWED_PRIVATE: '999.1.1.1/40,,' })).toEqual([
      'CONFLUENCE_ALLOWED_PRIVATE entry 1 ("999.1.1.1/40") is not a CIDR range (10.0.0.0/8), ' +
        'an IP address (10.1.2.3, ::1) or a host name (wiki.corp)',
      'CONFLUENCE_ALLOWED_PRIVATE entry 2 is empty (remove the extra comma)',
      'CONFLUENCE_ALLOWED_PRIVATE entry 3 is empty (remove the extra comma)',
    ]);
  });

  it.each(['999.1.1.1', '10.0.0.0/33', '::1/129', '*.corp', 'wiki_corp', '[::1]', 'http://wiki'])(
    'refuses the allow-list entry %s',
    (entry) => {
      expect(problemsOf({ CONFLUENCE_ALLOWED_PRIVATE: `10.0.0.0/8,${entry}` })).toEqual([
        expect.stringMatching(/^CONFLUENCE_ALLOWED_PRIVATE entry 2 \(".*"\) is not a CIDR range/),
      ]);
    },
  );

  it('accepts an http(s) SLACK_API_URL and gives it back with a trailing slash', () => {
    const env = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_API_URL: 'https://slack.example.test/api' };
    expect(loadConfig(env).slackApi?.apiUrl).toBe('https://slack.example.test/api/');
    const slashed = { ...env, SLACK_API_URL: 'http://127.0.0.1:9/api/' };
    expect(loadConfig(slashed).slackApi?.apiUrl).toBe('http://127.0.0.1:9/api/');
  });

  it.each(['ftp://x', 'slack.com/api', 'not a url'])('refuses SLACK_API_URL=%s', (url) => {
    expect(problemsOf({ SLACK_API_URL: url })).toEqual([
      'SLACK_API_URL must be an http:// or https:// URL such as https://slack.com/api/',
    ]);
  });

  it('lists the log levels in words', () => {
    expect(problemsOf({ LOG_LEVEL: 'verbose' })).toEqual([
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    ]);
  });

  it("words every problem for people, never in the parser's terms", () => {
    const nonsense = {
      LOG_LEVEL: '\u0001',
      MONGODB_URI: '\u0001',
      MONGODB_DB: '\u0001',
      PORT: '\u0001',
      SLACK_BOT_TOKEN: '\u0001',
      SLACK_SIGNING_SECRET: '\u0001',
      SLACK_APP_TOKEN: '\u0001',
      SLACK_API_URL: '\u0001',
      ENCRYPTION_KEY: '\u0001',
      CONFLUENCE_ALLOW_HTTP: '\u0001',
      CONFLUENCE_ALLOWED_PRIVATE: '\u0001',
      CONFLUENCE_TIMEOUT_MS: '\u0001',
      CONFLUENCE_MAX_CONCURRENT: '\u0001',
      CONFLUENCE_REQUESTS_PER_SECOND: '\u0001',
      CHUNK_SIZE: '\u0001',
      CHUNK_OVERLAP: '\u0001',
      INDEX_CONCURRENCY: '\u0001',
    };

    const problems = problemsOf(nonsense);

    expect(problems).toHaveLength(Object.keys(nonsense).length);
    for (const problem of problems) {
      expect(problem).toMatch(/^[A-Z_]+ (must|entry 1)/);
      expect(problem).not.toMatch(/Invalid|expected|received/);
    }
  });
});
