/**
 * Submission of the data source form (create and edit). Local problems come back at once under
 * their fields; Confluence's verdict comes back at the top of the form and on the CQL field with
 * every field kept. When Confluence is slow, Slack first gets a "Checking…" view, updated with
 * the outcome. On success the data source is announced in the conversation, scheduled and
 * indexed. A double submit saves once: in this process the second waits for the first one's
 * outcome; in another bot process it finds the data source the view created and stops there.
 */
import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { SlackContext } from '../context';
import { escapeMrkdwn } from '../blocks/limits';
import { buildDataSourceForm } from '../forms/datasource-form';
import { dataSourceMetaSchema, decodeMeta, type DataSourceMeta } from '../forms/metadata';
import { teamOf, viewPayloadSchema } from '../forms/state';
import { afterDataSourceSaved } from '../services/datasource-after-save';
import { verifyAndSaveDataSource, type DataSourceOutcome } from '../services/datasource-save';
import { keepAlways } from '../submission-guard';
import {
  DATASOURCE_CALLBACK,
  dataSourceSavedModal,
  type DataSourceFormValues,
} from '../views/datasource-modal';
import { checkingModal } from '../views/simple-modals';
import { readDataSourceInput } from './datasource-submit.schema';
import { withinBudget } from './support/deadline';
import { updateModal } from './support/modal';

type Args = SlackViewMiddlewareArgs & AllMiddlewareArgs;

export function registerDataSourceSubmit(app: App, ctx: SlackContext): void {
  app.view(DATASOURCE_CALLBACK, async (args) => handle(ctx, args as Args));
}

async function handle(ctx: SlackContext, { ack, body, client }: Args): Promise<void> {
  const payload = viewPayloadSchema.parse(body);
  const actor = { teamId: teamOf(payload), userId: payload.user.id };
  const meta = decodeMeta(dataSourceMetaSchema, payload.view.private_metadata);
  const values = readDataSourceInput(payload.view.state.values);
  const privateMetadata = payload.view.private_metadata ?? '{}';

  const outcome = ctx.submissions.once(
    `datasource:${payload.view.id}`,
    () =>
      verifyAndSaveDataSource(ctx, actor, values, { editingId: meta.ds, viewId: payload.view.id }),
    (result) => result.ok,
  );
  const raced = await withinBudget(outcome, ctx.timings.ackBudgetMs);

  if (raced.done) {
    const result = raced.value;
    if (result.ok) {
      await ack();
    } else if (result.fieldErrors) {
      await ack({ response_action: 'errors', errors: result.fieldErrors });
    } else {
      const view = await formWithProblems(ctx, actor, meta, values, privateMetadata, result);
      await ack({ response_action: 'update', view });
    }
    if (result.ok && !result.alreadySaved)
      await followUp(ctx, payload.view.id, () => afterDataSourceSaved(ctx, actor, result, meta));
    return;
  }

  // Confluence is slow: answer now, show the outcome when it comes.
  await ack({
    response_action: 'update',
    view: checkingModal(
      meta.ds ? 'Edit data source' : 'Add data source',
      'Asking Confluence about the query…',
    ),
  });
  const result = await raced.later;
  const view = result.ok
    ? dataSourceSavedModal(result.dataSource.name, !result.created, whereItReports(result, meta))
    : await formWithProblems(ctx, actor, meta, values, privateMetadata, result);
  await updateModal(client, { viewId: payload.view.id }, view, ctx.logger);
  if (result.ok && !result.alreadySaved)
    await followUp(ctx, payload.view.id, () => afterDataSourceSaved(ctx, actor, result, meta));
}

/** Announces and indexes once, however many times the same form was submitted. */
function followUp(ctx: SlackContext, viewId: string, work: () => Promise<void>): Promise<void> {
  return ctx.submissions.once(`datasource-saved:${viewId}`, work, keepAlways);
}

/** The form again with everything typed, and the problems at the top and on the CQL field. */
async function formWithProblems(
  ctx: SlackContext,
  actor: { teamId: string; userId: string },
  meta: DataSourceMeta,
  values: DataSourceFormValues,
  privateMetadata: string,
  result: Extract<DataSourceOutcome, { ok: false }>,
) {
  const fieldNotes = Object.values(result.fieldErrors ?? {});
  return buildDataSourceForm(ctx, actor.teamId, actor.userId, {
    editing: !!meta.ds,
    values,
    banner: result.banner ?? (fieldNotes.length > 0 ? escapeMrkdwn(fieldNotes.join(' ')) : null),
    cqlProblem: result.cqlProblem,
    cqlFeedback: result.cqlFeedback,
    fixIntegrationId: result.fixIntegrationId,
    privateMetadata,
  });
}

function whereItReports(result: Extract<DataSourceOutcome, { ok: true }>, meta: DataSourceMeta) {
  if (!result.created) return 'Runs keep reporting in its thread.';
  return meta.ch
    ? 'Its progress is posted in the conversation where you used the command.'
    : 'Its progress is posted in your messages with me.';
}
