/**
 * Journey on Confluence Cloud: an integration with the account email and an API token (Basic
 * authentication) is checked and saved from the integration modal, a data source on it is
 * created, indexed and summarised in its thread. Cloud's 403 "caller cannot access Confluence"
 * for a refused token lands on the token field.
 */
import type { StoredView } from '../../fakes/slack/web-api';
import { ALICE, useJourney } from '../support/journey';

const j = useJourney({ deployment: 'cloud' });
afterEach(() => j.confluence.resetFaults());

type Json = Record<string, unknown>;

const integrationForm = (overrides: Record<string, string | null> = {}) => ({
  int_alias: 'Cloud wiki',
  int_deployment: 'cloud',
  int_base_url: j.confluence.baseUrl,
  int_email: j.email!,
  int_token: j.token,
  ...overrides,
});

function dataSourceForm(view: StoredView, name: string, integrationId: string) {
  const select = (view.view.blocks as Json[]).find((b) => b.block_id === 'ds_project');
  const options = ((select?.element as Json | undefined)?.options ?? []) as Array<{
    text: { text: string };
    value: string;
  }>;
  const existing = options.find((o) => o.text.text === 'Platform');
  return {
    ...(existing ? { ds_project: existing.value } : { ds_project_new: 'Platform' }),
    ds_name: name,
    ds_cql: 'space = DOCS',
    ds_integration: integrationId,
  };
}

describe('Confluence Cloud through Slack', () => {
  it('saves a Cloud integration, creates a data source on it and reports its first run', async () => {
    // The integration modal: checked against Cloud with Basic email + API token.
    const modal = await j.openModal('integration add', ALICE);
    const saved = await j.driver.submit(modal, ALICE, integrationForm());
    expect(JSON.stringify(saved.body)).toContain('works: Confluence knows you as');
    const integration = (await j.store.integrations.listOwnedBy('T0001', 'UALICE')).find(
      (i) => i.alias === 'Cloud wiki',
    )!;
    expect(integration).toMatchObject({
      deployment: 'cloud',
      baseUrl: j.confluence.baseUrl,
      email: j.email,
    });
    expect(j.secretBox.open(integration.secret!)).toBe(j.token);
    const checks = j.confluence.requests.filter((r) => r.path.endsWith('/user/current'));
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.every((r) => r.auth === 'basic')).toBe(true);

    // The data source form: Confluence's verdict, then the announcement and the first run.
    const form = await j.openModal('create', ALICE);
    const answer = await j.driver.submit(
      form,
      ALICE,
      dataSourceForm(form, 'Cloud docs', integration.id),
    );
    expect(answer.text).toBe('');
    const message = await j.slack.waitFor(
      () => j.slack.messagesIn('C0GENERAL').find((m) => m.text.startsWith('Cloud docs')),
      'the announcement',
    );
    const summary = await j.slack.waitFor(
      () => j.slack.threadOf('C0GENERAL', message.ts)[0],
      'the summary in the thread',
    );
    expect(summary.text).toMatch(/First indexing by <@UALICE> finished: \d+ pages? indexed/);

    const [ds] = await j.store.dataSources.findByName('T0001', 'Cloud docs');
    expect(ds.status).toBe('completed');
    expect(ds.pageCount).toBeGreaterThan(0);
    const bodyFetches = j.confluence.requests.filter((r) => r.path.endsWith('/content/search'));
    expect(bodyFetches.every((r) => r.auth === 'basic' && r.path.startsWith('/wiki/'))).toBe(true);
  });

  it('puts Cloud\'s "caller cannot access Confluence" (403) on the token field', async () => {
    const modal = await j.openModal('integration add', ALICE);
    const answer = await j.driver.submit(
      modal,
      ALICE,
      integrationForm({ int_alias: 'Refused cloud', int_token: 'ATATT-revoked-0123456789' }),
    );
    const status = j.confluence.requests.filter((r) => r.path.endsWith('/user/current')).pop();
    expect(status?.status).toBe(403);
    expect(answer.body).toMatchObject({ response_action: 'errors' });
    const errors = (answer.body as { errors: Record<string, string> }).errors;
    expect(Object.keys(errors)).toEqual(['int_token']);
    expect(errors.int_token).toMatch(/^Authentication failed\./);
    expect(errors.int_token).not.toContain('ATATT-revoked');
    const kept = await j.store.integrations.listOwnedBy('T0001', 'UALICE');
    expect(kept.some((i) => i.alias === 'Refused cloud')).toBe(false);
  });
});
