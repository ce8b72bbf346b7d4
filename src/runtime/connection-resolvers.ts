/**
 * The two ways an integration becomes credentials. The Slack app and the worker open the secret
 * the integration keeps (sealed with `ENCRYPTION_KEY`); the command line keeps no secret and
 * uses the token given on its command line for every run.
 */
import { AppError } from '../errors';
import type { Integration } from '../domain/models';
import type { ConfluenceAuth, ConfluenceConnection, ConnectionResolver } from '../domain/ports';
import type { SecretBox } from '../security/secret-box';

/** Cloud authenticates with email + API token (Basic), Data Center with a personal token (Bearer). */
export function authFor(integration: Integration, token: string): ConfluenceAuth {
  if (integration.deployment === 'datacenter') return { kind: 'bearer', token };
  if (!integration.email) {
    throw new AppError('invalid_input', 'A Confluence Cloud connection needs an account email.', {
      remedies: ['Give the email of the Atlassian account the API token belongs to.'],
    });
  }
  return { kind: 'basic', email: integration.email, token };
}

/** Opens the integration's sealed secret. For the Slack app and `datasource-bot worker`. */
export function sealedSecretResolver(box: SecretBox): ConnectionResolver {
  return async (integration) => {
    if (!integration.secret) {
      throw new AppError('auth_failed', 'This connection keeps no token to run with.', {
        remedies: [
          'It was made by the command line: run `datasource-bot index` again with the token.',
          'Or add the Confluence site in Slack, where the token is stored encrypted.',
        ],
      });
    }
    return connectionWith(integration, box.open(integration.secret));
  };
}

/** Uses `token` for every integration. For the `index` command. */
export function fixedTokenResolver(token: string): ConnectionResolver {
  return async (integration) => connectionWith(integration, token);
}

function connectionWith(integration: Integration, token: string): ConfluenceConnection {
  return {
    deployment: integration.deployment,
    baseUrl: integration.baseUrl,
    auth: authFor(integration, token),
  };
}
