import { createSecretBox, secretHint } from '../../src/security/secret-box';
import { AppError } from '../../src/errors';

const key = Buffer.alloc(32, 1);

describe('createSecretBox', () => {
  it('round-trips a secret and never stores it in clear', () => {
    const box = createSecretBox(key);
    const sealed = box.seal('ATATT3xFfGF0-my-api-token');
    expect(JSON.stringify(sealed)).not.toContain('my-api-token');
    expect(box.open(sealed)).toBe('ATATT3xFfGF0-my-api-token');
  });

  it('uses a fresh IV each time', () => {
    const box = createSecretBox(key);
    expect(box.seal('same').iv).not.toBe(box.seal('same').iv);
  });

  it('reports a secret sealed with another key as a configuration problem', () => {
    const sealed = createSecretBox(Buffer.alloc(32, 2)).seal('x');
    expect(() => createSecretBox(key).open(sealed)).toThrow(
      expect.objectContaining({ code: 'config_invalid' }),
    );
  });

  it('detects tampering through the authentication tag', () => {
    const box = createSecretBox(key);
    const sealed = box.seal('secret-value');
    const flipped = Buffer.from(sealed.ciphertext, 'base64');
    flipped[0] ^= 1;
    expect(() => box.open({ ...sealed, ciphertext: flipped.toString('base64') })).toThrow(AppError);
  });
});

describe('secretHint', () => {
  it('shows only the last four characters of long secrets', () => {
    expect(secretHint('abcdefghijklmnop')).toBe('…mnop');
    expect(secretHint('short')).toBe('••••');
  });
});
