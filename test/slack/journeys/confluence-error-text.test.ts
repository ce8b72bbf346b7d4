/**
 * Confluence (or a proxy in front of it) may echo the request's Authorization header or the token
 * in the `message` of its error envelope. What it says is shown in Slack, but never the token:
 * not in the integration modal, not in the run's failure reply in the channel thread.
 */
import { ALICE, useJourney } from '../support/journey';

const j = useJourney();
afterEach(() => j.confluence.resetFaults());

const form = (overrides: Record<string, string | null> = {}) => ({
  int_alias: `Echo wiki ${Math.random()}`,
  int_deployment: 'datacenter',
  int_base_url: j.confluence.baseUrl,
  int_token: j.token,
  ...overrides,
});

function everythingSentToSlack(): string {
  return JSON.stringify([j.slack.calls.map((c) => c.args), j.slack.responses.map((r) => r.body)]);
}

describe('integration form when Confluence echoes the token in its error', () => {
  it('a 403 echoing "Authorization: Bearer <token>" shows the refusal, not the token', async () => {
    j.confluence.failNext({
      status: 403,
      path: 'user/current',
      body: {
        statusCode: 403,
        message: `Request with header Authorization: Bearer ${j.token} denied`,
      },
    });
    const view = await j.openModal('integration add', ALICE);
    const answer = await j.driver.submit(view, ALICE, form());
    expect(answer.body).toMatchObject({ response_action: 'errors' });
    expect(JSON.stringify(answer.body)).toContain('denied');
    expect(JSON.stringify(answer.body)).not.toContain(j.token);
    expect(everythingSentToSlack()).not.toContain(j.token);
  });

  it('a 5xx echoing the bare token shows the failure without the token', async () => {
    j.confluence.failNext({
      status: 500,
      times: 5,
      path: 'user/current',
      body: { statusCode: 500, message: `invalid token ${j.token}` },
    });
    const view = await j.openModal('integration add', ALICE);
    const answer = await j.driver.submit(view, ALICE, form());
    expect(answer.body).toMatchObject({ response_action: 'errors' });
    expect(JSON.stringify(answer.body)).not.toContain(j.token);
    expect(everythingSentToSlack()).not.toContain(j.token);
  });
});

describe('a run whose search fails with an error echoing the token', () => {
  it('posts the failure in the channel thread without the token', async () => {
    const integration = await j.addIntegration('UALICE', { alias: 'Run echo wiki' });
    const ds = await j.createDataSource(ALICE, {
      name: 'Echo runbooks',
      cql: 'space = DOCS',
      integrationId: integration.id,
    });
    j.confluence.failNext({
      status: 500,
      times: 20,
      path: 'search',
      body: { statusCode: 500, message: `upstream rejected Authorization: Bearer ${j.token}` },
    });
    await j.driver.command('reindex Echo runbooks', ALICE);
    const { channelId, messageTs } = ds.notify!;
    const failure = await j.eventually(
      async () =>
        j.slack
          .threadOf(channelId, messageTs)
          .find((m) => /Confluence returned errors/.test(m.text)),
      'the failure reply in the channel thread',
    );
    expect(JSON.stringify(failure)).not.toContain(j.token);
    expect(everythingSentToSlack()).not.toContain(j.token);
    const stored = await j.store.runs.latest(ds.id);
    expect(JSON.stringify(stored)).toContain(
      'HTTP 500: upstream rejected Authorization: [redacted]',
    );
    expect(JSON.stringify(stored)).not.toContain(j.token);
  });
});
