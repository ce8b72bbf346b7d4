/**
 * Submission of the integration form. Answers Slack within its 3-second limit: with field errors
 * (`response_action: errors`) or by closing when Confluence answers quickly; otherwise with a
 * "Checking…" view that is updated with the outcome (the form again, fields kept except the
 * token, when something needs fixing). A double submit is checked and saved once.
 */
import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { SlackContext } from '../context';
import { escapeMrkdwn } from '../blocks/limits';
import { buildIntegrationForm } from '../forms/integration-form';
import { decodeMeta, integrationMetaSchema, type IntegrationMeta } from '../forms/metadata';
import { teamOf, viewPayloadSchema } from '../forms/state';
import { refreshParentForm } from '../services/parent-form';
import { verifyAndSaveIntegration, type IntegrationOutcome } from '../services/integration-save';
import { keepAlways } from '../submission-guard';
import { INTEGRATION_CALLBACK, integrationSavedModal } from '../views/integration-modal';
import { checkingModal } from '../views/simple-modals';
import { readIntegrationInput, type IntegrationInput } from './integration-submit.schema';
import { withinBudget } from './support/deadline';
import { updateModal } from './support/modal';

type Args = SlackViewMiddlewareArgs & AllMiddlewareArgs;

export function registerIntegrationSubmit(app: App, ctx: SlackContext): void {
  app.view(INTEGRATION_CALLBACK, async (args) => handle(ctx, args as Args));
}

async function handle(ctx: SlackContext, { ack, body, client }: Args): Promise<void> {
  const payload = viewPayloadSchema.parse(body);
  const actor = { teamId: teamOf(payload), userId: payload.user.id };
  const meta = decodeMeta(integrationMetaSchema, payload.view.private_metadata);
  const input = readIntegrationInput(payload.view.state.values);

  // Only a saved integration is remembered: a refused one is corrected in the same view.
  const outcome = ctx.submissions.once(
    `integration:${payload.view.id}`,
    () => verifyAndSaveIntegration(ctx, actor, input, meta.i),
    (result) => result.ok,
  );
  const raced = await withinBudget(outcome, ctx.timings.ackBudgetMs);

  // Quick answer: field errors in place, or close (back to the data source form when pushed).
  if (raced.done) {
    const result = raced.value;
    if (!result.ok && result.field) {
      await ack({ response_action: 'errors', errors: { [result.field]: result.message } });
      return;
    }
    if (!result.ok) {
      const form = await formAgain(ctx, actor, meta, input, result);
      await ack({ response_action: 'update', view: form });
      return;
    }
    if (meta.p) {
      await ack();
    } else {
      await ack({
        response_action: 'update',
        view: integrationSavedModal(result.integration.alias, result.verifiedAs, false),
      });
    }
    await ctx.submissions.once(
      `integration-saved:${payload.view.id}`,
      () => afterSave(ctx, actor, meta, result),
      keepAlways,
    );
    return;
  }

  // Slow answer: "Checking…" now, the outcome when Confluence has answered.
  await ack({
    response_action: 'update',
    view: checkingModal('Add integration', 'Checking the connection to Confluence…'),
  });
  const result = await raced.later;
  const view = result.ok
    ? integrationSavedModal(result.integration.alias, result.verifiedAs, !!meta.p)
    : await formAgain(ctx, actor, meta, input, result);
  await updateModal(client, { viewId: payload.view.id }, view, ctx.logger);
  if (result.ok) {
    await ctx.submissions.once(
      `integration-saved:${payload.view.id}`,
      () => afterSave(ctx, actor, meta, result),
      keepAlways,
    );
  }
}

/** The form with what was typed (but not the token) and the problem shown. */
async function formAgain(
  ctx: SlackContext,
  actor: { teamId: string; userId: string },
  meta: IntegrationMeta,
  input: IntegrationInput,
  result: Extract<IntegrationOutcome, { ok: false }>,
) {
  const existing = meta.i ? await ctx.deps.repos.integrations.get(meta.i) : null;
  const owned = existing && existing.ownerId === actor.userId ? existing : null;
  return buildIntegrationForm(ctx, actor.teamId, actor.userId, {
    meta,
    existing: owned,
    values: {
      alias: input.alias,
      deployment: input.deployment,
      baseUrl: input.baseUrl,
      email: input.email,
      share: input.share,
    },
    banner: escapeMrkdwn(result.message),
    fieldNotes: result.field ? { [result.field]: `⚠️ ${result.message}` } : {},
    tokenHint: input.token
      ? 'Paste the token again: it is not kept after a failed check.'
      : undefined,
  });
}

/** Brings the data source form back up to date when this form was opened from it. */
async function afterSave(
  ctx: SlackContext,
  actor: { teamId: string; userId: string },
  meta: IntegrationMeta,
  result: Extract<IntegrationOutcome, { ok: true }>,
): Promise<void> {
  ctx.logger.info(
    { integrationId: result.integration.id, created: result.created },
    'Confluence integration saved',
  );
  if (meta.p) await refreshParentForm(ctx, actor, meta.p, result.integration.id);
}
