/**
 * The data source form under a pushed integration form: what was typed in it is kept as a draft
 * when the person leaves it ({@link saveParentDraft}), and the form is redrawn from that draft
 * once the integration is saved ({@link refreshParentForm}).
 */
import type { SlackContext } from '../context';
import { readDataSourceDraft } from '../handlers/datasource-submit.schema';
import type { ActionPayload } from '../handlers/support/action-payload';
import { buildDataSourceForm } from '../forms/datasource-form';
import { decodeMeta, dataSourceMetaSchema, encodeMeta } from '../forms/metadata';
import { updateModal } from '../handlers/support/modal';

/**
 * Called by the buttons that push the integration form over the data source form `parent`:
 * keeps what was typed in it (under its view id) for {@link refreshParentForm}.
 */
export function saveParentDraft(
  ctx: SlackContext,
  parent: NonNullable<ActionPayload['view']>,
): void {
  ctx.drafts.save(parent.id, {
    values: readDataSourceDraft(parent.state?.values),
    privateMetadata: parent.private_metadata ?? '{}',
  });
}

/**
 * After an integration was added from inside the data source form, redraws that form with the
 * new integration selected and everything the person had typed.
 */
export async function refreshParentForm(
  ctx: SlackContext,
  actor: { teamId: string; userId: string },
  parentViewId: string,
  integrationId: string,
): Promise<void> {
  const draft = ctx.drafts.get(parentViewId);
  const meta = decodeMeta(dataSourceMetaSchema, draft?.privateMetadata);
  const view = await buildDataSourceForm(ctx, actor.teamId, actor.userId, {
    editing: !!meta.ds,
    values: { ...draft?.values, integrationId },
    privateMetadata: encodeMeta(meta),
  });
  await updateModal(ctx.background, { viewId: parentViewId }, view, ctx.logger);
}
