/**
 * Text a person typed or Confluence sent reaches Slack as mrkdwn without its control sequences:
 * the announcement, progress edits and run replies everyone in the conversation receives carry no
 * `<!channel>` notification from a data source's name or query, and Confluence's error text in a
 * form cannot become a disguised link.
 */
import type { StoredView } from '../../fakes/slack/web-api';
import { ALICE, useJourney } from '../support/journey';

const j = useJourney();
afterEach(() => j.confluence.resetFaults());
const CONTROL = /<!channel>|<!here>|<!everyone>|<https?:\/\/evil\.example/;

function postedToChannels(): Array<{ method: string; text: string }> {
  return j.slack.calls
    .filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update')
    .map((c) => ({ method: c.method, text: JSON.stringify(c.args) }));
}

/** Every mrkdwn text of a view's blocks. */
function mrkdwnOf(view: StoredView): string[] {
  const texts: string[] = [];
  JSON.stringify(view.view, (_key, value: unknown) => {
    const record = value as { type?: unknown; text?: unknown } | null;
    if (record?.type === 'mrkdwn' && typeof record.text === 'string') texts.push(record.text);
    return value;
  });
  return texts;
}

it('a name "Ops <!channel>" and a query quoting "<!here>" post no control sequence', async () => {
  const integration = await j.addIntegration('UALICE', { alias: 'Alice wiki' });
  await j.createDataSource(ALICE, {
    name: 'Ops <!channel>',
    cql: 'space = DOCS and title !~ "<!here> <http://evil.example|click>"',
    integrationId: integration.id,
  });
  const posted = postedToChannels();
  expect(posted.length).toBeGreaterThan(0);
  const offending = posted.filter((p) => CONTROL.test(p.text)).map((p) => p.text.slice(0, 400));
  expect(offending).toEqual([]);
  expect(posted.map((p) => p.text).join('\n')).toContain('Ops &lt;!channel&gt;');
});

it('Test CQL shows a Confluence refusal holding a link as text, not as a link', async () => {
  const integration = await j.addIntegration('UALICE', { alias: 'Link wiki' });
  j.confluence.failNext({
    status: 400,
    path: 'search',
    body: { statusCode: 400, message: 'Could not parse cql: <http://evil.example|log in again>' },
  });
  const view = await j.openModal('create', ALICE);
  await j.driver.actionInView(view, 'ds_test_cql', ALICE, {
    input: {
      ds_project_new: 'Links',
      ds_name: 'Link test',
      ds_cql: 'space = DOCS',
      ds_integration: integration.id,
    },
  });
  const tested = await j.waitForView(
    view.id,
    (v) => JSON.stringify(v.view).includes('Confluence refused the query'),
    'the Test CQL verdict',
  );
  const texts = mrkdwnOf(tested);
  expect(texts.filter((t) => CONTROL.test(t))).toEqual([]);
  expect(texts.join('\n')).toContain('&lt;http://evil.example|log in again&gt;');
});
