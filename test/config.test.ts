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
      CONFLUENCE_ALLOWED_PRIVATE: '127.0.0.0/8, wiki.corp ,',
    });
    expect(config.confluence.allowHttp).toBe(true);
    expect(config.confluence.allowedPrivate).toEqual(['127.0.0.0/8', 'wiki.corp']);
  });
});
