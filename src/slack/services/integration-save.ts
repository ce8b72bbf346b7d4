/**
 * Checks an integration typed into the form against Confluence and saves it: the token is sealed
 * with the secret box and only its last four characters are kept in clear. Every failure names
 * the form field it belongs to, so the form can show it in the right place.
 */
import { normalizeBaseUrl } from '../../confluence/base-url';
import type { Integration } from '../../domain/models';
import type { ConfluenceAuth } from '../../domain/ports';
import { AppError, toAppError, type ErrorCode } from '../../errors';
import { secretHint } from '../../security/secret-box';
import type { SlackContext } from '../context';
import type { IntegrationInput } from '../handlers/integration-submit.schema';
import { ownsIntegration, REFUSALS } from '../permissions/rules';
import { INTEGRATION_BLOCKS as B, PERSONAL } from '../views/integration-modal';

export type IntegrationOutcome =
  | { ok: true; integration: Integration; verifiedAs: string; created: boolean }
  | { ok: false; field: string | null; message: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function verifyAndSaveIntegration(
  ctx: SlackContext,
  actor: { teamId: string; userId: string },
  input: IntegrationInput,
  integrationId: string | undefined,
): Promise<IntegrationOutcome> {
  try {
    return await attempt(ctx, actor, input, integrationId);
  } catch (error) {
    const appError = toAppError(error);
    if (appError.code === 'internal')
      ctx.logger.error({ err: error }, 'Saving an integration failed');
    return { ok: false, field: fieldFor(appError.code), message: describe(appError) };
  }
}

async function attempt(
  ctx: SlackContext,
  actor: { teamId: string; userId: string },
  input: IntegrationInput,
  integrationId: string | undefined,
): Promise<IntegrationOutcome> {
  const { integrations, projects } = ctx.deps.repos;

  // Editing: only the owner may, and an empty token keeps the saved one.
  const existing = integrationId ? await integrations.get(integrationId) : null;
  if (integrationId && (!existing || !ownsIntegration(existing, actor.userId, actor.teamId))) {
    return { ok: false, field: null, message: REFUSALS.integrationNotYours };
  }

  // Checks that need no network.
  const local = await checkLocally(ctx, actor, input, existing);
  if (local) return local;
  const { baseUrl } = normalizeBaseUrl(input.baseUrl ?? '', input.deployment);
  const token = input.token ?? ctx.deps.secretBox.open(existing!.secret!);
  const auth: ConfluenceAuth =
    input.deployment === 'cloud'
      ? { kind: 'basic', email: input.email ?? '', token }
      : { kind: 'bearer', token };

  // Confluence's verdict.
  const client = ctx.deps.confluence({ deployment: input.deployment, baseUrl, auth });
  const user = await client.verifyAuthentication();

  // Save: the secret sealed, shared only with a project the user belongs to.
  const share = input.share === PERSONAL ? null : input.share;
  if (
    share &&
    !(await projects.listForMember(actor.teamId, actor.userId)).some((p) => p.id === share)
  ) {
    return {
      ok: false,
      field: B.share,
      message: 'You can only share with a project you are a member of.',
    };
  }
  const fields = {
    alias: input.alias!,
    deployment: input.deployment,
    baseUrl,
    email: input.deployment === 'cloud' ? (input.email ?? undefined) : undefined,
    sharedWithProjectId: share,
    verifiedAs: user.displayName,
    verifiedAt: ctx.now(),
    ...(input.token
      ? { secret: ctx.deps.secretBox.seal(token), secretHint: secretHint(token) }
      : {}),
  };
  if (existing) {
    const updated = await integrations.update(existing.id, fields);
    if (!updated) throw new AppError('not_found', 'That integration was deleted meanwhile.');
    return { ok: true, integration: updated, verifiedAs: user.displayName, created: false };
  }
  const created = await integrations.create({
    ...fields,
    teamId: actor.teamId,
    ownerId: actor.userId,
    secret: ctx.deps.secretBox.seal(token),
    secretHint: secretHint(token),
  });
  return { ok: true, integration: created, verifiedAs: user.displayName, created: true };
}

async function checkLocally(
  ctx: SlackContext,
  actor: { teamId: string; userId: string },
  input: IntegrationInput,
  existing: Integration | null,
): Promise<IntegrationOutcome | null> {
  if (!input.alias) return { ok: false, field: B.alias, message: 'Give the connection a name.' };
  if (!input.baseUrl) return { ok: false, field: B.baseUrl, message: 'Enter the Confluence URL.' };
  try {
    normalizeBaseUrl(input.baseUrl, input.deployment);
  } catch (error) {
    return { ok: false, field: B.baseUrl, message: describe(toAppError(error)) };
  }
  if (input.deployment === 'cloud' && !input.email) {
    return {
      ok: false,
      field: B.email,
      message: 'Cloud needs the email of the account the token belongs to.',
    };
  }
  if (input.email && !EMAIL.test(input.email)) {
    return { ok: false, field: B.email, message: 'This does not look like an email address.' };
  }
  if (!input.token && !existing?.secret) {
    return { ok: false, field: B.token, message: 'Paste the API token.' };
  }
  const owned = await ctx.deps.repos.integrations.listOwnedBy(actor.teamId, actor.userId);
  const clash = owned.find(
    (i) => i.alias.toLowerCase() === input.alias!.toLowerCase() && i.id !== existing?.id,
  );
  if (clash)
    return { ok: false, field: B.alias, message: 'You already have a connection with this name.' };
  return null;
}

/** The field a Confluence failure belongs to. */
function fieldFor(code: ErrorCode): string | null {
  switch (code) {
    case 'auth_failed':
    case 'permission_denied':
      return B.token;
    case 'invalid_input':
    case 'blocked_address':
    case 'unreachable':
    case 'timeout':
    case 'bad_response':
    case 'not_found':
    case 'server_error':
    case 'rate_limited':
      return B.baseUrl;
    default:
      return null;
  }
}

const LEAD: Partial<Record<ErrorCode, string>> = {
  auth_failed: 'Authentication failed.',
  permission_denied: 'No access:',
  unreachable: 'Unreachable:',
  timeout: 'No answer in time:',
  bad_response: 'This does not look like Confluence:',
  blocked_address: 'Not allowed:',
};

/** One or two sentences for a field error (Slack shows them under the field). */
function describe(error: AppError): string {
  const lead = LEAD[error.code];
  const remedy = error.remedies[0] ? ` ${error.remedies[0]}` : '';
  const text = `${lead ? `${lead} ` : ''}${error.message}${remedy}`;
  return text.length > 500 ? `${text.slice(0, 499)}…` : text;
}
