/**
 * Journey: connecting Confluence with `/datasource integration add`. The form opens at once; the
 * check against Confluence puts every failure on the right field; success stores the token sealed
 * and never shows it again.
 */
import { Writable } from 'node:stream';
import { createLogger } from '../../../src/logging/logger';
import { ALICE, BOB, useJourney } from '../support/journey';

// Everything the app and the Web API client log, at the most detailed level.
const logLines: string[] = [];
const logger = createLogger({
  level: 'trace',
  destination: new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  }),
});
const j = useJourney({ logger });
afterEach(() => j.confluence.resetFaults());

const form = (overrides: Record<string, string | null> = {}) => ({
  int_alias: 'Team wiki',
  int_deployment: 'datacenter',
  int_base_url: j.confluence.baseUrl,
  int_token: j.token,
  ...overrides,
});

describe('Add Confluence integration', () => {
  it('opens a loading modal at once, then the form', async () => {
    const view = await j.openModal('integration add', ALICE);
    const open = j.slack.callsTo('views.open').pop()!;
    expect(JSON.stringify(open.args.view)).toContain('Loading…');
    expect(view.view.callback_id).toBe('integration_form');
    const blocks = (view.view.blocks as Array<{ block_id?: string }>).map((b) => b.block_id);
    expect(blocks).toEqual(
      expect.arrayContaining([
        'int_alias',
        'int_deployment',
        'int_base_url',
        'int_email',
        'int_token',
        'int_share',
      ]),
    );
  });

  it('checks the connection, saves the token sealed, and never shows it again', async () => {
    const view = await j.openModal('integration add', ALICE);
    const answer = await j.driver.submit(view, ALICE, form({ int_alias: 'Sealed wiki' }));
    expect(answer.body).toMatchObject({ response_action: 'update' });
    expect(JSON.stringify(answer.body)).toContain('works: Confluence knows you as');

    const saved = (await j.store.integrations.listOwnedBy('T0001', 'UALICE')).find(
      (i) => i.alias === 'Sealed wiki',
    )!;
    expect(saved).toMatchObject({
      ownerId: 'UALICE',
      deployment: 'datacenter',
      baseUrl: j.confluence.baseUrl,
    });
    expect(saved.secretHint).toBe(`…${j.token.slice(-4)}`);
    expect(saved.secret?.ciphertext).toBeDefined();
    expect(JSON.stringify(saved.secret)).not.toContain(j.token);
    expect(j.secretBox.open(saved.secret!)).toBe(j.token);
    expect(saved.verifiedAs).toBeTruthy();

    // The token appears in no call the bot made to Slack (views, messages, metadata).
    for (const call of j.slack.calls) expect(JSON.stringify(call.args)).not.toContain(j.token);
    for (const response of j.slack.responses)
      expect(JSON.stringify(response.body)).not.toContain(j.token);
  });

  it('puts a malformed URL on the URL field', async () => {
    const view = await j.openModal('integration add', ALICE);
    const answer = await j.driver.submit(view, ALICE, form({ int_base_url: 'not a url at all' }));
    expect(answer.body).toMatchObject({
      response_action: 'errors',
      errors: { int_base_url: expect.any(String) },
    });
  });

  it('puts an unreachable site on the URL field', async () => {
    const view = await j.openModal('integration add', ALICE);
    const answer = await j.driver.submit(view, ALICE, form({ int_base_url: 'http://127.0.0.1:9' }));
    expect(answer.body).toMatchObject({ response_action: 'errors' });
    const errors = (answer.body as { errors: Record<string, string> }).errors;
    expect(Object.keys(errors)).toEqual(['int_base_url']);
    expect(errors.int_base_url).toMatch(/^Unreachable:/);
  });

  it('puts a refused token on the token field', async () => {
    const view = await j.openModal('integration add', ALICE);
    const answer = await j.driver.submit(
      view,
      ALICE,
      form({ int_token: 'wrong-token-1234567890' }),
    );
    const errors = (answer.body as { errors: Record<string, string> }).errors;
    expect(Object.keys(errors)).toEqual(['int_token']);
    expect(errors.int_token).toMatch(/^Authentication failed\./);
    expect(errors.int_token).not.toContain('wrong-token');
  });

  it('checks again after a refused token is corrected in the same form', async () => {
    const view = await j.openModal('integration add', ALICE);
    const refused = await j.driver.submit(
      view,
      ALICE,
      form({ int_alias: 'Corrected wiki', int_token: 'wrong-token-1234567890' }),
    );
    expect(refused.body).toMatchObject({ errors: { int_token: expect.any(String) } });

    // Slack keeps the view (and its id) while the person fixes the token and submits again.
    const corrected = await j.driver.submit(view, ALICE, form({ int_alias: 'Corrected wiki' }));
    expect(JSON.stringify(corrected.body)).toContain('works: Confluence knows you as');
    const saved = await j.store.integrations.listOwnedBy('T0001', 'UALICE');
    expect(saved.map((i) => i.alias)).toContain('Corrected wiki');
  });

  it('puts "no access" on the token field', async () => {
    j.confluence.failNext({
      status: 403,
      path: 'user/current',
      body: { statusCode: 403, message: 'You are not allowed here' },
    });
    const view = await j.openModal('integration add', ALICE);
    const answer = await j.driver.submit(view, ALICE, form());
    const errors = (answer.body as { errors: Record<string, string> }).errors;
    expect(Object.keys(errors)).toEqual(['int_token']);
    expect(errors.int_token).toMatch(/^No access:/);
  });

  it('asks for the account email on Cloud', async () => {
    const view = await j.openModal('integration add', ALICE);
    const answer = await j.driver.submit(
      view,
      ALICE,
      form({ int_deployment: 'cloud', int_base_url: 'https://acme.atlassian.net' }),
    );
    expect(answer.body).toMatchObject({
      response_action: 'errors',
      errors: { int_email: expect.stringContaining('email') },
    });
  });

  it('answers a slow check with "Checking…", then shows the outcome in the same modal', async () => {
    j.confluence.delay(2500);
    const view = await j.openModal('integration add', ALICE);
    const answer = await j.driver.submit(view, ALICE, form({ int_alias: 'Slow wiki' }));
    expect(JSON.stringify(answer.body)).toContain('Checking the connection');
    const done = await j.waitForView(
      view.id,
      (v) => JSON.stringify(v.view).includes('Integration saved'),
      'the saved view',
    );
    expect(JSON.stringify(done.view)).toContain('Slow wiki');
  });

  it('after a slow failed check shows the form again with the problem, fields kept, token blank', async () => {
    j.confluence.delay(2500);
    const view = await j.openModal('integration add', ALICE);
    await j.driver.submit(
      view,
      ALICE,
      form({ int_alias: 'Slow bad wiki', int_token: 'wrong-token-1234567890' }),
    );
    const again = await j.waitForView(
      view.id,
      (v) => v.view.callback_id === 'integration_form',
      'the form again',
    );
    const shown = JSON.stringify(again.view);
    expect(shown).toContain('Authentication failed');
    expect(shown).toContain('Slow bad wiki');
    expect(shown).toContain(j.confluence.baseUrl);
    expect(shown).not.toContain('wrong-token');
    expect(shown).toContain('Paste the token again');
  });

  it('saves one integration when Submit is clicked twice', async () => {
    j.confluence.delay(300);
    const view = await j.openModal('integration add', ALICE);
    const values = form({ int_alias: 'Double wiki' });
    await Promise.all([j.driver.submit(view, ALICE, values), j.driver.submit(view, ALICE, values)]);
    const saved = (await j.store.integrations.listOwnedBy('T0001', 'UALICE')).filter(
      (i) => i.alias === 'Double wiki',
    );
    expect(saved).toHaveLength(1);
  });

  it('refuses a second connection with the same name for the same person', async () => {
    const view = await j.openModal('integration add', BOB);
    await j.driver.submit(view, BOB, form({ int_alias: 'Bob wiki' }));
    const second = await j.openModal('integration add', BOB);
    const answer = await j.driver.submit(second, BOB, form({ int_alias: 'bob WIKI' }));
    expect(answer.body).toMatchObject({
      response_action: 'errors',
      errors: { int_alias: expect.stringContaining('already') },
    });
  });

  it('never writes a token to the logs, even at trace level and when the check fails', async () => {
    const view = await j.openModal('integration add', ALICE);
    await j.driver.submit(view, ALICE, form({ int_alias: 'Logged wiki' }));
    const bad = await j.openModal('integration add', ALICE);
    await j.driver.submit(bad, ALICE, form({ int_token: 'wrong-token-abcdef123456' }));
    expect(logLines.length).toBeGreaterThan(0);
    const logs = logLines.join('');
    expect(logs).not.toContain(j.token);
    expect(logs).not.toContain('wrong-token-abcdef123456');
  });
});
