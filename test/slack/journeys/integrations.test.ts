/**
 * Journey: integrations are personal unless shared with a project. Only the owner sees, edits or
 * deletes one; project members may use a shared one in data sources, never read its secret.
 * Also App Home's quick action, whose data source reports in the DM.
 */
import type { Integration, Project } from '../../../src/domain/models';
import { findElement } from '../../fakes/slack/driver';
import { ALICE, BOB, useJourney } from '../support/journey';

const j = useJourney();
let platform: Project;
let shared: Integration;

type Json = Record<string, unknown>;
const optionsOf = (view: { view: Json }, blockId: string) => {
  const block = (view.view.blocks as Json[]).find((b) => b.block_id === blockId);
  return (
    ((block?.element as Json | undefined)?.options as Array<{
      text: { text: string };
      value: string;
    }>) ?? []
  );
};

async function replyTo(text: string, actor = ALICE) {
  const answer = await j.driver.command(text, actor);
  const reply = await j.slack.waitFor(
    () => j.slack.responses.find((r) => answer.responseUrl.endsWith(r.id)),
    `the reply to ${text}`,
  );
  return reply.body;
}

beforeAll(async () => {
  platform = await j.store.projects.create('T0001', 'Platform', 'UALICE');
});

describe('sharing an integration with a project', () => {
  it('lets the owner share it with a project they belong to', async () => {
    const view = await j.openModal('integration add', ALICE);
    expect(optionsOf(view, 'int_share').map((o) => o.text.text)).toEqual([
      'Only me',
      'Members of project Platform',
    ]);
    await j.driver.submit(view, ALICE, {
      int_alias: 'Shared wiki',
      int_deployment: 'datacenter',
      int_base_url: j.confluence.baseUrl,
      int_token: j.token,
      int_share: platform.id,
    });
    [shared] = (await j.store.integrations.listOwnedBy('T0001', 'UALICE')).filter(
      (i) => i.alias === 'Shared wiki',
    );
    expect(shared.sharedWithProjectId).toBe(platform.id);
  });

  it('keeps it from people outside the project', async () => {
    const view = await j.openModal('create', BOB);
    expect(optionsOf(view, 'ds_integration')).toEqual([]);
    expect(findElement(view.view, 'ds_add_integration')).toBeDefined();
  });

  it('lets project members use it in a data source', async () => {
    await j.store.projects.addMembers(platform.id, ['UBOB']);
    const view = await j.openModal('create', BOB);
    expect(optionsOf(view, 'ds_integration').map((o) => o.value)).toEqual([shared.id]);
    const ds = await j.createDataSource(BOB, {
      name: 'Bob pages',
      cql: 'space = DOCS',
      integrationId: shared.id,
    });
    expect(ds.integrationId).toBe(shared.id);
  });

  it('shows members the shared integration without its token or any way to change it', async () => {
    const body = await replyTo('integrations', BOB);
    const shown = JSON.stringify(body);
    expect(shown).toContain('Shared with you');
    expect(shown).toContain('*Shared wiki*');
    expect(shown).not.toContain(shared.secretHint);
    expect(shown).not.toContain(j.token);
    expect(findElement(body, 'integration_edit')).toBeUndefined();
  });

  it('refuses a member who tries to edit it anyway', async () => {
    const message = {
      channel: 'C0GENERAL',
      ts: '1.1',
      blocks: [
        {
          type: 'actions',
          block_id: 'x',
          elements: [
            {
              type: 'button',
              action_id: 'integration_edit',
              value: shared.id,
              text: { type: 'plain_text', text: 'Edit' },
            },
          ],
        },
      ],
    };
    const before = j.slack.modals().length;
    await j.driver.actionInMessage(message, 'integration_edit', BOB);
    const opened = await j.slack.waitFor(() => j.slack.modals()[before], 'the modal');
    const refused = await j.waitForView(
      opened.id,
      (v) => JSON.stringify(v.view).includes('Sorry'),
      'the refusal',
    );
    expect(JSON.stringify(refused.view)).toContain('only the person who added that integration');
    expect(JSON.stringify(refused.view)).not.toContain(j.token);
  });
});

describe("the owner's integrations", () => {
  it('lists them with Edit and Delete', async () => {
    const body = await replyTo('integrations', ALICE);
    expect(JSON.stringify(body)).toContain(`token ${shared.secretHint}`);
    expect(findElement(body, 'integration_edit')?.element.value).toBe(shared.id);
    expect(findElement(body, 'integration_delete')?.element.value).toBe(shared.id);
  });

  it('edits one prefilled, keeping the saved token when the field is left empty', async () => {
    const body = await replyTo('integrations', ALICE);
    const message = {
      channel: 'C0GENERAL',
      ts: '1.1',
      blocks: (body as { blocks: unknown[] }).blocks,
    };
    const before = j.slack.modals().length;
    await j.driver.actionInMessage(message, 'integration_edit', ALICE);
    const opened = await j.slack.waitFor(() => j.slack.modals()[before], 'the modal');
    const form = await j.waitForView(
      opened.id,
      (v) => v.view.callback_id === 'integration_form',
      'the form',
    );
    expect(JSON.stringify(form.view)).toContain('"initial_value":"Shared wiki"');

    const answer = await j.driver.submit(form, ALICE, { int_alias: 'Renamed wiki' });
    expect(JSON.stringify(answer.body)).toContain('Renamed wiki');
    const saved = (await j.store.integrations.get(shared.id))!;
    expect(saved.alias).toBe('Renamed wiki');
    expect(j.secretBox.open(saved.secret!)).toBe(j.token);
  });

  it('does not delete one that data sources still use', async () => {
    const body = await replyTo('integrations', ALICE);
    const message = {
      channel: 'C0GENERAL',
      ts: '1.1',
      blocks: (body as { blocks: unknown[] }).blocks,
    };
    const before = j.slack.modals().length;
    await j.driver.actionInMessage(message, 'integration_delete', ALICE);
    const opened = await j.slack.waitFor(() => j.slack.modals()[before], 'the modal');
    const confirm = await j.waitForView(
      opened.id,
      (v) => v.view.callback_id === 'integration_delete',
      'the confirmation',
    );
    const answer = await j.driver.submit(confirm, ALICE);
    expect(JSON.stringify(answer.body)).toContain('is still used by *Bob pages*');
    expect(await j.store.integrations.get(shared.id)).not.toBeNull();
  });
});

describe('App Home quick action', () => {
  it('opens the data source form; the new data source reports in the DM', async () => {
    await j.driver.openHome(ALICE);
    const home = await j.slack.waitFor(() => j.slack.homeOf('UALICE'), 'App Home');
    const before = j.slack.modals().length;
    await j.driver.actionInView(home, 'home_create', ALICE);
    const opened = await j.slack.waitFor(() => j.slack.modals()[before], 'the modal');
    const form = await j.waitForView(
      opened.id,
      (v) => v.view.callback_id === 'datasource_form',
      'the form',
    );
    const project = optionsOf(form, 'ds_project').find((o) => o.text.text === 'Platform')!;
    await j.driver.submit(form, ALICE, {
      ds_project: project.value,
      ds_name: 'From home',
      ds_cql: 'space = DOCS',
      ds_integration: shared.id,
    });
    const dm = await j.slack.waitFor(
      () => j.slack.messagesIn('DUALICE').find((m) => m.text.startsWith('From home')),
      'the DM announcement',
    );
    expect(JSON.stringify(dm.history[0].blocks)).toContain('added the data source *From home*');
  });
});
