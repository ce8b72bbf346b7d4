/**
 * Journeys after creation: list, App Home, search, reindex, edit, delete, and who may do what.
 * Data sources are visible to everyone; their creator and workspace admins may change them;
 * refusals are polite and ephemeral.
 */
import type { DataSource } from '../../../src/domain/models';
import { findElement } from '../../fakes/slack/driver';
import { ADMIN, ALICE, BOB, useJourney } from '../support/journey';

const j = useJourney();
let integrationId: string;
let runbooks: DataSource;

type Json = Record<string, unknown>;

beforeAll(async () => {
  j.slack.addUser({ id: 'UADMIN', is_admin: true });
  j.slack.addUser({ id: 'UALICE' });
  j.slack.addUser({ id: 'UBOB' });
  j.confluence.addPage({
    title: 'Rotating the signing keys',
    spaceKey: 'DOCS',
    body: '<p>Rotate the zebra signing keys every month with the vault tool.</p>',
  });
  integrationId = (await j.addIntegration('UALICE', { alias: 'Alice wiki' })).id;
  runbooks = await j.createDataSource(ALICE, {
    name: 'Runbooks',
    cql: 'space = DOCS',
    integrationId,
  });
});

/** The ephemeral reply sent to this command's response URL. */
async function replyTo(text: string, actor = ALICE) {
  const answer = await j.driver.command(text, actor);
  expect(answer.status).toBe(200);
  const reply = await j.slack.waitFor(
    () => j.slack.responses.find((r) => answer.responseUrl.endsWith(r.id)),
    `the reply to ${text}`,
  );
  return { ...reply.body, shown: JSON.stringify(reply.body) };
}

describe('list and App Home', () => {
  it('/datasource list shows data sources by project with status, pages and schedule; buttons for the creator', async () => {
    const reply = await replyTo('list');
    expect(reply).toMatchObject({ response_type: 'ephemeral' });
    expect(reply.shown).toContain('Project: Platform');
    expect(reply.shown).toContain('*Runbooks*');
    expect(reply.shown).toContain('Up to date');
    expect(reply.shown).toMatch(/Pages: [1-9]/);
    expect(reply.shown).toContain('Schedule: daily, next <!date^');
    for (const action of ['ds_reindex', 'ds_edit', 'ds_delete']) {
      expect(findElement(reply as Json, action)?.element.value).toBe(runbooks.id);
    }
  });

  it('shows others the same data sources and status, without the buttons', async () => {
    const reply = await replyTo('list', BOB);
    expect(reply.shown).toContain('*Runbooks*');
    expect(reply.shown).toContain('Up to date');
    expect(findElement(reply as Json, 'ds_reindex')).toBeUndefined();
  });

  it('publishes App Home when opened, with the same overview', async () => {
    const before = j.slack.callsTo('views.publish').length;
    const answer = await j.driver.openHome(ALICE);
    expect(answer.status).toBe(200);
    await j.slack.waitFor(() => j.slack.callsTo('views.publish').length > before, 'views.publish');
    const home = j.slack.homeOf('UALICE')!;
    const shown = JSON.stringify(home.view);
    expect(shown).toContain('Project: Platform');
    expect(shown).toContain('*Runbooks*');
    expect(findElement(home.view, 'home_create')).toBeDefined();
    expect(findElement(home.view, 'ds_edit')?.element.value).toBe(runbooks.id);
  });

  it("refreshes the creator's App Home as runs progress", async () => {
    const before = j.slack
      .callsTo('views.publish')
      .filter((c) => c.args.user_id === 'UALICE').length;
    await replyTo('reindex Runbooks');
    await j.slack.waitFor(
      () =>
        j.slack.callsTo('views.publish').filter((c) => c.args.user_id === 'UALICE').length >=
        before + 2,
      'App Home refreshes during the run',
    );
  });
});

describe('search', () => {
  it('answers with the best matches as links with snippets', async () => {
    const reply = await replyTo('search zebra signing keys');
    expect(reply.shown).toContain('Best matches for *zebra signing keys*');
    expect(reply.shown).toMatch(/<http:\/\/127\.0\.0\.1:\d+[^|]*\|Rotating the signing keys>/);
    expect(reply.shown).toContain('zebra');
  });

  it('says so when nothing matches', async () => {
    const reply = await replyTo('search xylophone quasar');
    expect(reply.shown).toContain('Nothing indexed matches');
  });
});

describe('reindex, and who may', () => {
  it('lets the creator reindex by name, and the run reports in the thread', async () => {
    const reply = await replyTo('reindex Runbooks');
    expect(reply.shown).toMatch(/Reindexing \*Runbooks\* now|already being indexed/);
    const { channelId, messageTs } = runbooks.notify!;
    await j.slack.waitFor(
      () =>
        j.slack
          .threadOf(channelId, messageTs)
          .find((m) => /Reindex asked for by <@UALICE> finished/.test(m.text)),
      'the reindex summary in the thread',
    );
  });

  it('politely refuses someone else', async () => {
    const reply = await replyTo('reindex Runbooks', BOB);
    expect(reply.shown).toContain('Sorry, only <@UALICE>');
    expect(reply).toMatchObject({ response_type: 'ephemeral' });
  });

  it('lets a workspace admin', async () => {
    const reply = await replyTo('reindex Runbooks', ADMIN);
    expect(reply.shown).toMatch(/Reindexing \*Runbooks\* now|already being indexed/);
  });

  it('says when no data source has that name', async () => {
    const reply = await replyTo('reindex Nope');
    expect(reply.shown).toContain('I found no data source named *Nope*');
  });

  it('asks to qualify a name used in several projects, and accepts project/name', async () => {
    await j.createDataSource(ALICE, {
      name: 'Runbooks',
      cql: 'space = KAFKA',
      integrationId,
      project: 'Data team',
    });
    const ambiguous = await replyTo('reindex Runbooks');
    expect(ambiguous.shown).toContain('Several projects have a data source named *Runbooks*');
    expect(ambiguous.shown).toContain('/datasource reindex Platform/Runbooks');
    expect(ambiguous.shown).toContain('/datasource reindex Data team/Runbooks');
    const qualified = await replyTo('reindex Data team/Runbooks');
    expect(qualified.shown).not.toContain('Several');
    expect(qualified.shown).not.toContain('found no');
  });
});

describe('edit', () => {
  it('opens the same form prefilled, and saving a new query reindexes with a note in the thread', async () => {
    const view = await j.openModal('edit Platform/Runbooks', ALICE);
    const shown = JSON.stringify(view.view);
    expect(view.view.callback_id).toBe('datasource_form');
    expect(shown).toContain('Edit data source');
    expect(shown).toContain('"initial_value":"Runbooks"');
    expect(shown).toContain('"initial_value":"space = DOCS"');

    const answer = await j.driver.submit(view, ALICE, { ds_cql: 'space = DOCS AND type = page' });
    expect(answer.text).toBe('');
    const updated = await j.eventually(async () => {
      const ds = await j.store.dataSources.get(runbooks.id);
      return ds?.cql === 'space = DOCS AND type = page' ? ds : undefined;
    }, 'the new query saved');
    expect(updated.name).toBe('Runbooks');
    const { channelId, messageTs } = runbooks.notify!;
    await j.slack.waitFor(
      () =>
        j.slack
          .threadOf(channelId, messageTs)
          .find((m) => m.text.includes('<@UALICE> changed *Runbooks*')),
      'the edit note in the thread',
    );
  });

  it("lets a workspace admin edit someone else's data source, keeping its project and integration", async () => {
    const view = await j.openModal('edit Platform/Runbooks', ADMIN);
    const shown = JSON.stringify(view.view);
    expect(shown).toContain('"initial_value":"Runbooks"');
    expect(shown).toContain('Alice wiki');
    expect(shown).toMatch(/"initial_option":\{[^}]*"text":"Platform"/);
    const answer = await j.driver.submit(view, ADMIN, { ds_description: 'Checked by an admin' });
    expect(answer.text).toBe('');
    await j.eventually(
      async () =>
        (await j.store.dataSources.get(runbooks.id))?.description === 'Checked by an admin',
      'the admin edit saved',
    );
  });

  it('politely refuses someone else in the modal', async () => {
    const view = await j.openModal('edit Platform/Runbooks', BOB);
    expect(JSON.stringify(view.view)).toContain('Sorry, only <@UALICE>');
    expect(view.view.callback_id).toBeUndefined();
  });
});

describe('thread buttons after a failed run', () => {
  let failing: DataSource;

  beforeAll(async () => {
    const token = 'soon-revoked-token-0001';
    j.confluence.addToken('alice', token);
    const integration = await j.addIntegration('UALICE', { alias: 'Fragile wiki' });
    await j.store.integrations.update(integration.id, { secret: j.secretBox.seal(token) });
    failing = await j.createDataSource(ALICE, {
      name: 'Fragile',
      cql: 'space = DOCS',
      integrationId: integration.id,
    });
    j.confluence.revokeToken(token);
    await replyTo('reindex Platform/Fragile');
  });

  const failureReply = () => {
    const { channelId, messageTs } = failing.notify!;
    return j.slack.waitFor(
      () =>
        j.slack
          .threadOf(channelId, messageTs)
          .find((m) => m.text.includes('Confluence refused the token')),
      'the failure reply',
    );
  };

  it('explains the refused token with buttons to update the integration and retry', async () => {
    const reply = await failureReply();
    expect(findElement({ blocks: reply.blocks }, 'run_update_integration')).toBeDefined();
    expect(findElement({ blocks: reply.blocks }, 'run_retry')?.element.value).toBe(failing.id);
  });

  it('"Update the integration" opens its form prefilled, token blank', async () => {
    const reply = await failureReply();
    const before = j.slack.modals().length;
    await j.driver.actionInMessage(reply, 'run_update_integration', ALICE);
    const opened = await j.slack.waitFor(() => j.slack.modals()[before], 'the modal');
    const form = await j.waitForView(
      opened.id,
      (v) => v.view.callback_id === 'integration_form',
      'the integration form',
    );
    const shown = JSON.stringify(form.view);
    expect(shown).toContain('"initial_value":"Fragile wiki"');
    expect(shown).toContain('leave empty to keep it');
  });

  it('"Edit the query" (offered for invalid queries) opens the data source form prefilled', async () => {
    const before = j.slack.modals().length;
    const reply = await failureReply();
    // The button as the invalid-query reply carries it (see the reporter tests for which kinds).
    const message = {
      ...reply,
      blocks: [
        {
          type: 'actions',
          block_id: 'x',
          elements: [
            {
              type: 'button',
              action_id: 'run_edit_query',
              value: failing.id,
              text: { type: 'plain_text', text: 'Edit the query' },
            },
          ],
        },
      ],
    };
    await j.driver.actionInMessage(message, 'run_edit_query', ALICE);
    const opened = await j.slack.waitFor(() => j.slack.modals()[before], 'the modal');
    const form = await j.waitForView(
      opened.id,
      (v) => v.view.callback_id === 'datasource_form',
      'the data source form',
    );
    expect(JSON.stringify(form.view)).toContain('"initial_value":"Fragile"');
  });

  it('"Retry now" queues a run for the creator and refuses others politely', async () => {
    const reply = await failureReply();
    const bob = await j.driver.actionInMessage(reply, 'run_retry', BOB);
    const refusal = await j.slack.waitFor(
      () => j.slack.responses.find((r) => bob.responseUrl.endsWith(r.id)),
      'the refusal',
    );
    expect(JSON.stringify(refusal.body)).toContain('Sorry, only <@UALICE>');
    expect(refusal.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });

    const runsBefore = (await j.store.runs.latest(failing.id))!.id;
    const alice = await j.driver.actionInMessage(reply, 'run_retry', ALICE);
    const ok = await j.slack.waitFor(
      () => j.slack.responses.find((r) => alice.responseUrl.endsWith(r.id)),
      'the answer',
    );
    expect(JSON.stringify(ok.body)).toMatch(/Reindexing \*Fragile\* now|already being indexed/);
    await j.eventually(async () => {
      const latest = await j.store.runs.latest(failing.id);
      return latest && latest.id !== runsBefore && latest.trigger === 'retry';
    }, 'a retry run');
  });

  it('"View failures" in App Home opens the failures of the latest run', async () => {
    await j.eventually(
      async () => (await j.store.runs.latest(failing.id))?.status === 'failed',
      'the retry to fail',
    );
    await j.driver.openHome(ALICE);
    const home = await j.slack.waitFor(() => {
      const view = j.slack.homeOf('UALICE');
      return view &&
        JSON.stringify(view.view).includes(`"value":"${failing.id}"`) &&
        findElement(view.view, 'ds_failures')
        ? view
        : undefined;
    }, 'App Home with View failures');
    const before = j.slack.modals().length;
    await j.driver.actionInView(home, 'ds_failures', ALICE, { value: failing.id });
    const opened = await j.slack.waitFor(() => j.slack.modals()[before], 'the modal');
    const modal = await j.waitForView(
      opened.id,
      (v) => JSON.stringify(v.view).includes('The run failed'),
      'the failures modal',
    );
    expect(JSON.stringify(modal.view)).toContain('Fragile');
  });
});

describe('delete', () => {
  it('politely refuses someone else', async () => {
    const view = await j.openModal('delete Data team/Runbooks', BOB);
    expect(JSON.stringify(view.view)).toContain('Sorry, only <@UALICE>');
  });

  it('asks for confirmation, then removes the data source with its documents, chunks and schedule', async () => {
    const [target] = (await j.store.dataSources.findByName('T0001', 'Runbooks')).filter(
      (d) => d.cql === 'space = KAFKA',
    );
    expect((await j.store.documents.count(target.id)).pages).toBeGreaterThan(0);

    const view = await j.openModal('delete Data team/Runbooks', ALICE);
    expect(view.view.callback_id).toBe('datasource_delete');
    expect(JSON.stringify(view.view)).toContain('This cannot be undone');
    const answer = await j.driver.submit(view, ALICE);
    expect(answer.body).toMatchObject({ response_action: 'update' });

    await j.waitForView(
      view.id,
      (v) => JSON.stringify(v.view).includes('is deleted'),
      'the deletion outcome',
    );
    expect(await j.store.dataSources.get(target.id)).toBeNull();
    expect(await j.store.documents.count(target.id)).toEqual({ pages: 0, chunks: 0 });
    expect(await j.store.runs.latest(target.id)).toBeNull();
    const jobs = await j.store.db
      .collection('agendaJobs')
      .find({ 'data.dataSourceId': target.id, nextRunAt: { $ne: null } })
      .toArray();
    expect(jobs).toEqual([]);
    const { channelId, messageTs } = target.notify!;
    await j.slack.waitFor(
      () =>
        j.slack
          .threadOf(channelId, messageTs)
          .find((m) => m.text.includes('<@UALICE> deleted this data source')),
      'the deletion note in the thread',
    );
  });
});
