/**
 * Joining a project is by invitation. Typing an existing project's name in the form does not join
 * it; the project and the integrations shared with it stay out of sight until a member (or a
 * workspace admin) adds you with `/datasource project add`. The last member cannot be removed.
 */
import type { Integration, Project } from '../../../src/domain/models';
import type { StoredView } from '../../fakes/slack/web-api';
import { ADMIN, ALICE, BOB, useJourney } from '../support/journey';

const j = useJourney();
const CAROL = { userId: 'UCAROL', channelId: 'C0GENERAL' };
let platform: Project;
let shared: Integration;
let bobsOwn: Integration;

type Json = Record<string, unknown>;

beforeAll(async () => {
  j.slack.addUser({ id: 'UADMIN', is_admin: true });
  j.slack.addUser({ id: 'UALICE' });
  j.slack.addUser({ id: 'UBOB' });
  j.slack.addUser({ id: 'UCAROL' });
  platform = await j.store.projects.create('T0001', 'Platform', 'UALICE');
  shared = await j.addIntegration('UALICE', {
    alias: 'Platform wiki',
    sharedWithProjectId: platform.id,
  });
  bobsOwn = await j.addIntegration('UBOB', { alias: 'Bob wiki' });
});

/** The ephemeral reply to `/datasource <text>`, as sent to its response URL. */
async function replyTo(text: string, actor = ALICE): Promise<string> {
  const answer = await j.driver.command(text, actor);
  expect(answer.status).toBe(200);
  const reply = await j.slack.waitFor(
    () => j.slack.responses.find((r) => answer.responseUrl.endsWith(r.id)),
    `the reply to ${text}`,
  );
  return JSON.stringify(reply.body);
}

function optionsOf(view: StoredView, blockId: string): Array<{ text: string; value: string }> {
  const block = (view.view.blocks as Json[]).find((b) => b.block_id === blockId);
  const options = (block?.element as { options?: Array<{ text: { text: string }; value: string }> })
    ?.options;
  return (options ?? []).map((o) => ({ text: o.text.text, value: o.value }));
}

const members = async () => (await j.store.projects.get(platform.id))!.memberIds;

describe('joining a project', () => {
  it('refuses a non-member who types the project name, on that field, and changes nothing', async () => {
    const view = await j.openModal('create', BOB);
    const answer = await j.driver.submit(view, BOB, {
      ds_project_new: 'platform',
      ds_name: 'Sneaky',
      ds_cql: 'space = DOCS',
      ds_integration: bobsOwn.id,
    });

    expect(answer.body).toMatchObject({
      response_action: 'errors',
      errors: {
        ds_project_new:
          'A project called Platform already exists. Ask one of its members (<@UALICE>) to add ' +
          'you, or choose another name.',
      },
    });
    expect(await members()).toEqual(['UALICE']);
    expect(await j.store.dataSources.findByName('T0001', 'Sneaky')).toEqual([]);
  });

  it('keeps the project and its shared integration out of a non-member’s form', async () => {
    const view = await j.openModal('create', BOB);

    expect(optionsOf(view, 'ds_project').map((o) => o.text)).not.toContain('Platform');
    expect(JSON.stringify(view.view)).not.toContain('Platform wiki');
  });

  it('refuses a non-member who tries to add people, naming members to ask', async () => {
    const reply = await replyTo('project add Platform <@UBOB|bob>', BOB);

    expect(reply).toContain('only members of *Platform* (<@UALICE>) and workspace admins');
    expect(await members()).toEqual(['UALICE']);
  });

  it('lets a member add someone, who then sees the project and uses its shared integration', async () => {
    const reply = await replyTo('project add Platform <@UBOB|bob>', ALICE);
    expect(reply).toContain('Added <@UBOB> to *Platform*. Members: <@UALICE>, <@UBOB>.');
    expect(await members()).toEqual(['UALICE', 'UBOB']);

    const view = await j.openModal('create', BOB);
    expect(optionsOf(view, 'ds_project').map((o) => o.value)).toEqual([platform.id]);
    expect(optionsOf(view, 'ds_integration').map((o) => o.value)).toEqual([bobsOwn.id, shared.id]);

    const ds = await j.createDataSource(BOB, {
      name: 'Bob pages',
      cql: 'space = DOCS',
      integrationId: shared.id,
      project: 'Platform',
    });
    expect(ds).toMatchObject({ projectId: platform.id, integrationId: shared.id });
  });

  it('lists the user’s projects with their members', async () => {
    const reply = await replyTo('projects', BOB);

    expect(reply).toContain('*Platform*\\n<@UALICE>, <@UBOB>');
    expect(await replyTo('projects', CAROL)).toContain('You are not in any project yet.');
  });

  it('lets a workspace admin who is not a member add people', async () => {
    const reply = await replyTo('project add Platform <@UCAROL>', ADMIN);

    expect(reply).toContain('Added <@UCAROL> to *Platform*.');
    expect(await members()).toEqual(['UALICE', 'UBOB', 'UCAROL']);
  });

  it('lists every project in an admin’s form, but not the integrations shared with them', async () => {
    const view = await j.openModal('create', ADMIN);

    expect(optionsOf(view, 'ds_project').map((o) => o.value)).toContain(platform.id);
    expect(JSON.stringify(view.view)).not.toContain('Platform wiki');
  });
});

describe('leaving a project', () => {
  it('refuses a non-member who tries to remove someone', async () => {
    expect(await replyTo('project remove Platform <@UCAROL|carol>', ALICE)).toContain(
      'Removed <@UCAROL> from *Platform*.',
    );
    const reply = await replyTo('project remove Platform <@UBOB|bob>', CAROL);

    expect(reply).toContain('only members of *Platform*');
    expect(await members()).toEqual(['UALICE', 'UBOB']);
  });

  it('removes a member, whose data source stays but whose form loses the shared integration', async () => {
    const reply = await replyTo('project remove Platform <@UBOB|bob>', ALICE);
    expect(reply).toContain('Removed <@UBOB> from *Platform*. Members: <@UALICE>.');

    const [kept] = await j.store.dataSources.findByName('T0001', 'Bob pages');
    expect(kept).toMatchObject({ projectId: platform.id, integrationId: shared.id });
    const view = await j.openModal('create', BOB);
    expect(JSON.stringify(view.view)).not.toContain('Platform wiki');
  });

  it('refuses to remove the last member', async () => {
    const reply = await replyTo('project remove Platform <@UALICE|alice>', ALICE);

    expect(reply).toContain('<@UALICE> is the last member of *Platform*: add someone else first.');
    expect(await members()).toEqual(['UALICE']);
  });

  it('says so when the project does not exist', async () => {
    const reply = await replyTo('project add Nowhere <@UBOB|bob>', ALICE);

    expect(reply).toContain('There is no project called *Nowhere*.');
  });
});
