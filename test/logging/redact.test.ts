import { Writable } from 'node:stream';
import { createLogger } from '../../src/logging/logger';
import { MAX_LOGGED_STRING, redactString, redactValue } from '../../src/logging/redact';

describe('redactValue', () => {
  it('blanks values under secret-looking keys at any depth', () => {
    const out = redactValue({ a: { apiToken: 'abc', nested: [{ password: 'p' }] }, ok: 1 });
    expect(out).toEqual({
      a: { apiToken: '[redacted]', nested: [{ password: '[redacted]' }] },
      ok: 1,
    });
  });

  it('removes token shapes and URI credentials inside strings', () => {
    const text = redactString(
      'bot xoxb-123-456-abc uri mongodb://admin:hunter2@db:27017/x auth Bearer abcdefghijkl',
    );
    expect(text).not.toMatch(/xoxb-123|hunter2|abcdefghijkl/);
    expect(text).toContain('mongodb://[redacted]@db:27017/x');
  });

  it.each([
    ['https://TOKEN0123456789@wiki.example.com/x', 'https://[redacted]@wiki.example.com/x'],
    ['https://u:p@ss@wiki.example.com', 'https://[redacted]@wiki.example.com'],
    ['mongodb://admin:p@ss@db:27017/x', 'mongodb://[redacted]@db:27017/x'],
    ['mongodb+srv://TOKEN0123@cluster.example/x', 'mongodb+srv://[redacted]@cluster.example/x'],
  ])('blanks the whole user part of %s', (input, output) => {
    expect(redactString(input)).toBe(output);
  });

  it('keeps the phrase "Basic Authentication" while removing a Basic credential', () => {
    expect(redactString('Basic Authentication is off; sent Basic YWxpY2U6c2VjcmV0')).toBe(
      'Basic Authentication is off; sent Basic [redacted]',
    );
  });

  it('leaves an "@" after the host (path, query, another JSON field) alone', () => {
    const text = '{"url":"https://wiki.example.com/display/~a@b.com?x=c@d","email":"e@f.com"}';
    expect(redactString(text)).toBe(text);
  });

  it('cuts long strings and says how much was cut', () => {
    const text = redactString('x'.repeat(MAX_LOGGED_STRING + 10));
    expect(text).toHaveLength(MAX_LOGGED_STRING + '… [10 more characters]'.length);
  });

  it('keeps an error readable while redacting its message', () => {
    const out = redactValue(new Error('failed with xoxb-1-2-3')) as Record<string, unknown>;
    expect(out.type).toBe('Error');
    expect(out.message).toBe('failed with xox?-[redacted]');
  });
});

describe('createLogger', () => {
  it('never writes a secret passed as a field or in the message', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ destination });
    logger.info(
      { token: 'SECRET1', headers: { authorization: 'Basic SECRET2' } },
      'using xoxb-SECRET3',
    );
    const written = lines.join('');
    expect(written).toContain('"level":"info"');
    expect(written).not.toMatch(/SECRET1|SECRET2|SECRET3/);
  });
});
