import { randomBytes } from 'node:crypto';
import type { Integration } from '../../src/domain/models';
import { fixedTokenResolver, sealedSecretResolver } from '../../src/runtime/connection-resolvers';
import { createSecretBox } from '../../src/security/secret-box';

function integration(overrides: Partial<Integration> = {}): Integration {
  return {
    id: 'int1',
    teamId: 'T1',
    ownerId: 'U1',
    alias: 'Wiki',
    deployment: 'datacenter',
    baseUrl: 'https://wiki.example.test',
    secretHint: '…abcd',
    createdAt: new Date(),
    updatedAt: new Date(),
    ...overrides,
  };
}

describe('sealedSecretResolver', () => {
  const box = createSecretBox(randomBytes(32));

  it('opens a Data Center token as a bearer token', async () => {
    const resolve = sealedSecretResolver(box);

    const connection = await resolve(integration({ secret: box.seal('pat-123') }));

    expect(connection).toEqual({
      deployment: 'datacenter',
      baseUrl: 'https://wiki.example.test',
      auth: { kind: 'bearer', token: 'pat-123' },
    });
  });

  it('opens a Cloud token as Basic with the account email', async () => {
    const resolve = sealedSecretResolver(box);
    const cloud = integration({
      deployment: 'cloud',
      baseUrl: 'https://acme.atlassian.net/wiki',
      email: 'ann@example.test',
      secret: box.seal('api-token'),
    });

    const connection = await resolve(cloud);

    expect(connection.auth).toEqual({
      kind: 'basic',
      email: 'ann@example.test',
      token: 'api-token',
    });
  });

  it('refuses an integration without a stored secret with auth_failed', async () => {
    await expect(sealedSecretResolver(box)(integration())).rejects.toMatchObject({
      code: 'auth_failed',
    });
  });

  it('refuses a secret sealed with another key', async () => {
    const other = createSecretBox(randomBytes(32));

    await expect(
      sealedSecretResolver(box)(integration({ secret: other.seal('x') })),
    ).rejects.toMatchObject({ code: 'config_invalid' });
  });
});

describe('fixedTokenResolver', () => {
  it('uses the given token for any integration', async () => {
    const connection = await fixedTokenResolver('tok')(integration());

    expect(connection.auth).toEqual({ kind: 'bearer', token: 'tok' });
  });

  it('refuses a Cloud integration without email with invalid_input', async () => {
    await expect(
      fixedTokenResolver('tok')(integration({ deployment: 'cloud' })),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
