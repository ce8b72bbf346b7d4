/**
 * Seals integration secrets with AES-256-GCM. The key comes from configuration (`ENCRYPTION_KEY`);
 * its id (a short hash of the key) is stored beside each secret, so a wrong or rotated key is
 * reported as such instead of as garbage.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppError } from '../errors';
import type { EncryptedSecret } from '../domain/models';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;

export interface SecretBox {
  seal(plaintext: string): EncryptedSecret;
  open(secret: EncryptedSecret): string;
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) {
    throw new AppError('config_invalid', 'The encryption key must be 32 bytes long.');
  }
  const keyId = createHash('sha256').update(key).digest('hex').slice(0, 12);

  return {
    seal(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, key, iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return {
        keyId,
        iv: iv.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
        ciphertext: ciphertext.toString('base64'),
      };
    },

    open(secret) {
      if (secret.keyId !== keyId) {
        throw new AppError(
          'config_invalid',
          'This secret was sealed with another encryption key.',
          {
            remedies: [
              'Restore the ENCRYPTION_KEY the secret was saved with, or add the integration again.',
            ],
          },
        );
      }
      try {
        const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(secret.iv, 'base64'));
        decipher.setAuthTag(Buffer.from(secret.tag, 'base64'));
        return Buffer.concat([
          decipher.update(Buffer.from(secret.ciphertext, 'base64')),
          decipher.final(),
        ]).toString('utf8');
      } catch (error) {
        throw new AppError('internal', 'A stored secret is damaged and cannot be read.', {
          remedies: ['Add the integration again with a fresh token.'],
          cause: error,
        });
      }
    },
  };
}

/** The last four characters of a secret, the only part shown after it is saved. */
export function secretHint(secret: string): string {
  return secret.length <= 8 ? '••••' : `…${secret.slice(-4)}`;
}
