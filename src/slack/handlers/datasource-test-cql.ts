/**
 * "Test CQL" inside the data source form: shows under the query how many pages match and the
 * first titles with links, or what is wrong, without closing or resetting the form.
 */
import type { App } from '@slack/bolt';
import type { SlackContext } from '../context';
import { escapeMrkdwn } from '../blocks/limits';
import { buildDataSourceForm } from '../forms/datasource-form';
import { dataSourceMetaSchema, decodeMeta } from '../forms/metadata';
import { canUseIntegration, REFUSALS } from '../permissions/rules';
import { cqlVerdict, type CqlVerdict } from '../services/cql-verdict';
import { DATASOURCE_ACTIONS } from '../views/datasource-modal';
import { readDataSourceDraft } from './datasource-submit.schema';
import { actionPayloadSchema, actorOf } from './support/action-payload';
import { updateModal } from './support/modal';

export function registerTestCql(app: App, ctx: SlackContext): void {
  app.action(DATASOURCE_ACTIONS.testCql, async ({ ack, body, client }) => {
    await ack();
    const payload = actionPayloadSchema.parse(body);
    const view = payload.view;
    if (!view) return;
    const actor = actorOf(payload);
    const values = readDataSourceDraft(view.state?.values);
    const meta = decodeMeta(dataSourceMetaSchema, view.private_metadata);
    const form = (feedback: Omit<CqlVerdict, 'ok'>) =>
      buildDataSourceForm(ctx, actor.teamId, actor.userId, {
        editing: !!meta.ds,
        values,
        ...feedback,
        privateMetadata: view.private_metadata ?? '{}',
      });

    // Say at once that it is being tested, then show the verdict.
    const first = await updateModal(
      client,
      { viewId: view.id, hash: view.hash },
      await form({ cqlFeedback: '⏳ Asking Confluence…' }),
      ctx.logger,
    );
    const verdict = await testVerdict(ctx, actor, values.cql, values.integrationId);
    await updateModal(
      client,
      { viewId: view.id, hash: first?.hash },
      await form(verdict),
      ctx.logger,
    );
  });
}

async function testVerdict(
  ctx: SlackContext,
  actor: { teamId: string; userId: string },
  cql: string | null | undefined,
  integrationId: string | null | undefined,
): Promise<CqlVerdict> {
  if (!cql) return { ok: false, cqlFeedback: '⚠️ Type a query first.' };
  if (!integrationId) return { ok: false, cqlFeedback: '⚠️ Choose an integration first.' };
  const integration = await ctx.deps.repos.integrations.get(integrationId);
  const memberOf = await ctx.deps.repos.projects.listForMember(actor.teamId, actor.userId);
  if (!integration || !canUseIntegration(integration, actor.userId, actor.teamId, memberOf)) {
    return { ok: false, cqlFeedback: `⚠️ ${REFUSALS.integrationNotUsable}` };
  }
  const verdict = await cqlVerdict(ctx, integration, cql, actor.userId);
  if (verdict.ok) return verdict;
  // In a test, everything goes under the query: the form is not being submitted.
  const lines = [verdict.banner, verdict.cqlFeedback].filter(Boolean).join('\n');
  return {
    ok: false,
    cqlProblem: verdict.cqlProblem,
    cqlFeedback: `⚠️ ${lines || escapeMrkdwn(verdict.cqlProblem ?? 'The query could not be checked.')}`,
    fixIntegrationId: verdict.fixIntegrationId,
    banner: verdict.fixIntegrationId ? verdict.banner : undefined,
  };
}
