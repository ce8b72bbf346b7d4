/**
 * Journey: `/datasource create`. The form opens at once; Test CQL shows matches inside it; a
 * submission is checked locally, then by Confluence, with every failure shown in the form and
 * every field kept; success announces the data source in the conversation and indexes it with
 * live progress.
 */
import type { StoredView } from '../../fakes/slack/web-api';
import { findElement } from '../../fakes/slack/driver';
import { ALICE, BOB, useJourney } from '../support/journey';

const j = useJourney();
let integrationId: string;

beforeAll(async () => {
  integrationId = (await j.addIntegration('UALICE', { alias: 'Alice wiki' })).id;
});
afterEach(() => j.confluence.resetFaults());

type Json = Record<string, unknown>;
const blocksOf = (view: StoredView) => view.view.blocks as Json[];
const blockIds = (view: StoredView) => blocksOf(view).map((b) => b.block_id);

/** The form's values: the project by name (picked if it exists, else created). */
function fill(
  view: StoredView,
  values: {
    project?: string;
    name: string;
    cql: string;
    integration?: string;
    description?: string;
  },
) {
  const project = values.project ?? 'Platform';
  const select = blocksOf(view).find((b) => b.block_id === 'ds_project');
  const options =
    ((select?.element as Json | undefined)?.options as Array<{
      text: { text: string };
      value: string;
    }>) ?? [];
  const existing = options.find((o) => o.text.text === project);
  const input: Record<string, string | null> = {
    ds_name: values.name,
    ds_cql: values.cql,
    ds_description: values.description ?? null,
  };
  if (existing) input.ds_project = existing.value;
  else input.ds_project_new = project;
  if (blockIds(view).includes('ds_integration'))
    input.ds_integration = values.integration ?? integrationId;
  return input;
}

describe('Add data source form', () => {
  it('opens a loading modal at once, then the form with the integrations the user may use', async () => {
    const view = await j.openModal('create', ALICE);
    expect(JSON.stringify(j.slack.callsTo('views.open').pop()!.args.view)).toContain('Loading…');
    expect(view.view.callback_id).toBe('datasource_form');
    expect(blockIds(view)).toEqual(
      expect.arrayContaining([
        'ds_project_new',
        'ds_name',
        'ds_description',
        'ds_type',
        'ds_cql',
        'ds_integration',
        'ds_schedule',
      ]),
    );
    const cql = blocksOf(view).find((b) => b.block_id === 'ds_cql')!;
    expect((cql.element as Json).multiline).toBe(true);
    expect(cql.optional).toBe(false);
    expect(JSON.stringify(blocksOf(view).find((b) => b.block_id === 'ds_integration'))).toContain(
      'Alice wiki',
    );
  });

  it('lets a user without integrations add one without losing what they typed, then returns', async () => {
    const view = await j.openModal('create', BOB);
    expect(blockIds(view)).not.toContain('ds_integration');
    const typed = { ds_project_new: 'Bob project', ds_name: 'Bob docs', ds_cql: 'space = DOCS' };
    const click = await j.driver.actionInView(view, 'ds_add_integration', BOB, { input: typed });
    expect(click.status).toBe(200);
    const pushed = await j.slack.waitFor(() => j.slack.callsTo('views.push').pop(), 'views.push');
    const integrationForm = await j.waitForView(
      String((pushed.response.view as Json).id),
      (v) => v.view.callback_id === 'integration_form',
      'the integration form',
    );

    const answer = await j.driver.submit(integrationForm, BOB, {
      int_alias: 'Bob wiki',
      int_deployment: 'datacenter',
      int_base_url: j.confluence.baseUrl,
      int_token: j.token,
    });
    expect(answer.text).toBe(''); // closes the pushed form: Slack shows the data source form again
    const back = await j.waitForView(
      view.id,
      (v) => blockIds(v).includes('ds_integration'),
      'the form with the new integration',
    );
    const integration = blocksOf(back).find((b) => b.block_id === 'ds_integration')!;
    expect(JSON.stringify((integration.element as Json).initial_option)).toContain('Bob wiki');
    const shown = JSON.stringify(back.view);
    expect(shown).toContain('"initial_value":"Bob docs"');
    expect(shown).toContain('"initial_value":"space = DOCS"');
    expect(shown).toContain('"initial_value":"Bob project"');
  });

  it('Test CQL shows how many pages match and the first titles with links, inside the form', async () => {
    const view = await j.openModal('create', ALICE);
    await j.driver.actionInView(view, 'ds_test_cql', ALICE, {
      input: fill(view, { name: 'Test', cql: 'space = DOCS' }),
    });
    const tested = await j.waitForView(
      view.id,
      (v) => JSON.stringify(v.view).includes('✅'),
      'the test result',
    );
    const feedback = JSON.stringify(blocksOf(tested).find((b) => b.block_id === 'ds_cql_feedback'));
    expect(feedback).toMatch(/\d+ results?\*? match/);
    expect(feedback).toContain(`<${j.confluence.baseUrl}`);
    expect(feedback).not.toContain('⚠️');
    expect(JSON.stringify(tested.view)).toContain('"initial_value":"space = DOCS"');
  });

  it('Test CQL shows the matches and warns about a missing space the query also names', async () => {
    const view = await j.openModal('create', ALICE);
    await j.driver.actionInView(view, 'ds_test_cql', ALICE, {
      input: fill(view, { name: 'Test', cql: 'space in (DOCS, DOC)' }),
    });
    const tested = await j.waitForView(
      view.id,
      (v) => JSON.stringify(v.view).includes('✅'),
      'the test result',
    );
    const feedback = JSON.stringify(blocksOf(tested).find((b) => b.block_id === 'ds_cql_feedback'));
    expect(feedback).toMatch(/\d+ results?\*? match/);
    expect(feedback).toContain('⚠️ Some names add nothing');
    expect(feedback).toContain('Space `DOC` does not exist');
    expect(feedback).toContain('did you mean `DOCS`');
  });

  it('Test CQL says what is wrong when the query matches nothing', async () => {
    const view = await j.openModal('create', ALICE);
    await j.driver.actionInView(view, 'ds_test_cql', ALICE, {
      input: fill(view, { name: 'Test', cql: 'space = DOC' }),
    });
    const tested = await j.waitForView(
      view.id,
      (v) => JSON.stringify(v.view).includes('matches no pages'),
      'the test result',
    );
    expect(
      JSON.stringify(blocksOf(tested).find((b) => b.block_id === 'ds_cql_feedback')),
    ).toContain('did you mean `DOCS`');
  });

  it('shows a local syntax error on the CQL field, with its position', async () => {
    const view = await j.openModal('create', ALICE);
    j.confluence.clearRequests();
    const answer = await j.driver.submit(
      view,
      ALICE,
      fill(view, { name: 'Broken', cql: 'space = DOCS AND (' }),
    );
    expect(answer.body).toMatchObject({
      response_action: 'errors',
      errors: { ds_cql: expect.stringMatching(/line 1, column \d+/) },
    });
    expect(j.confluence.requests.some((r) => r.path.includes('/search'))).toBe(false);
  });

  const expectProblemShown = (answer: { body: unknown }, banner: RegExp, cqlHint: RegExp) => {
    expect(answer.body).toMatchObject({ response_action: 'update' });
    const view = (answer.body as { view: Json }).view;
    const blocks = view.blocks as Json[];
    expect(blocks[0].block_id).toBe('ds_banner');
    expect(JSON.stringify(blocks[0])).toMatch(banner);
    const cql = blocks.find((b) => b.block_id === 'ds_cql')!;
    expect(JSON.stringify(cql.hint)).toMatch(cqlHint);
    const shown = JSON.stringify(view);
    expect(shown).toContain('"initial_value":"Kept name"');
    return view;
  };

  it('shows Confluence refusing the query at the top and on the CQL field, fields kept', async () => {
    j.confluence.failNext({
      status: 400,
      path: 'search',
      body: { statusCode: 400, message: 'Could not parse cql : title ~ "x"' },
    });
    const view = await j.openModal('create', ALICE);
    const answer = await j.driver.submit(
      view,
      ALICE,
      fill(view, { name: 'Kept name', cql: 'title ~ "x"' }),
    );
    expectProblemShown(
      answer,
      /Confluence refused the query: .*Could not parse cql/,
      /Confluence says/,
    );
  });

  it('names missing spaces (with a suggestion) when nothing matches', async () => {
    const view = await j.openModal('create', ALICE);
    const answer = await j.driver.submit(
      view,
      ALICE,
      fill(view, { name: 'Kept name', cql: 'space = DOC' }),
    );
    const shown = expectProblemShown(answer, /matches no pages/, /Matches no pages/);
    expect(JSON.stringify(shown)).toContain('Space `DOC` does not exist');
    expect(JSON.stringify(shown)).toContain('did you mean `DOCS`');
  });

  it('offers to update the integration when Confluence refuses its token', async () => {
    const revoked = await j.addIntegration('UALICE', { alias: 'Revoked wiki' });
    const token = 'revoked-token-000000001';
    j.confluence.addToken('alice', token);
    j.confluence.revokeToken(token);
    await j.store.integrations.update(revoked.id, { secret: j.secretBox.seal(token) });

    const view = await j.openModal('create', ALICE);
    const answer = await j.driver.submit(
      view,
      ALICE,
      fill(view, { name: 'Kept name', cql: 'space = DOCS', integration: revoked.id }),
    );
    const shown = expectProblemShown(
      answer,
      /did not accept the credentials of \*Revoked wiki\*/,
      /integration was refused/,
    );
    const fix = findElement(shown, 'ds_fix_integration');
    expect(fix?.element.value).toBe(revoked.id);

    // The button pushes the integration form, prefilled, token blank.
    const pushes = j.slack.callsTo('views.push').length;
    await j.driver.actionInView(j.slack.views.get(view.id)!, 'ds_fix_integration', ALICE);
    const pushed = await j.slack.waitFor(() => j.slack.callsTo('views.push')[pushes], 'views.push');
    const edit = await j.waitForView(
      String((pushed.response.view as Json).id),
      (v) => v.view.callback_id === 'integration_form',
      'the integration form',
    );
    const text = JSON.stringify(edit.view);
    expect(text).toContain('"initial_value":"Revoked wiki"');
    expect(text).toContain('leave empty to keep it');
    expect(text).not.toContain(token);
  });

  it('shows an unreachable Confluence at the top of the form', async () => {
    const dead = await j.addIntegration('UALICE', {
      alias: 'Dead wiki',
      baseUrl: 'http://127.0.0.1:9',
    });
    const view = await j.openModal('create', ALICE);
    const answer = await j.driver.submit(
      view,
      ALICE,
      fill(view, { name: 'Kept name', cql: 'space = DOCS', integration: dead.id }),
    );
    expectProblemShown(answer, /could not be reached/, /unreachable/);
  });

  it('shows a permission refusal at the top of the form', async () => {
    j.confluence.failNext({
      status: 403,
      path: 'search',
      body: { statusCode: 403, message: 'No permission to search' },
    });
    const view = await j.openModal('create', ALICE);
    const answer = await j.driver.submit(
      view,
      ALICE,
      fill(view, { name: 'Kept name', cql: 'space = DOCS' }),
    );
    expectProblemShown(answer, /Permission denied/, /permission denied/);
  });

  it('answers a slow check with "Checking…" and then shows the problem in the form', async () => {
    j.confluence.delay(1600);
    const view = await j.openModal('create', ALICE);
    const answer = await j.driver.submit(
      view,
      ALICE,
      fill(view, { name: 'Kept name', cql: 'space = DOC' }),
    );
    expect(JSON.stringify(answer.body)).toContain('Asking Confluence');
    const again = await j.waitForView(
      view.id,
      (v) => v.view.callback_id === 'datasource_form',
      'the form again',
    );
    expect(JSON.stringify(again.view)).toContain('matches no pages');
    expect(JSON.stringify(again.view)).toContain('"initial_value":"Kept name"');
  });
});

describe('Add data source form, housekeeping', () => {
  it('forgets the kept draft when the form is closed (view_closed)', async () => {
    const view = await j.openModal('create', ALICE);
    await j.driver.actionInView(view, 'ds_add_integration', ALICE, {
      input: fill(view, { name: 'Draft', cql: 'space = DOCS' }),
    });
    await j.slack.waitFor(() => j.app.context.drafts.get(view.id), 'the draft');
    const closed = await j.driver.close(j.slack.views.get(view.id)!, ALICE);
    expect(closed.status).toBe(200);
    expect(j.app.context.drafts.get(view.id)).toBeUndefined();
  });

  it('still shows the Test CQL result when the view changed meanwhile (hash_conflict)', async () => {
    const view = await j.openModal('create', ALICE);
    const stale = { ...view, hash: 'H-stale' };
    await j.driver.actionInView(stale, 'ds_test_cql', ALICE, {
      input: fill(view, { name: 'Test', cql: 'space = DOCS' }),
    });
    await j.waitForView(view.id, (v) => JSON.stringify(v.view).includes('✅'), 'the test result');
    expect(j.slack.callsTo('views.update').some((c) => c.response.error === 'hash_conflict')).toBe(
      true,
    );
  });
});
