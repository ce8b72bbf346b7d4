/**
 * After an integration was added from inside the data source form, redraws that form with the
 * new integration selected and everything the person had typed (saved as a draft when they left).
 */
import type { SlackContext } from '../context';
import { buildDataSourceForm } from '../forms/datasource-form';
import { decodeMeta, dataSourceMetaSchema, encodeMeta } from '../forms/metadata';
import { updateModal } from '../handlers/support/modal';

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
