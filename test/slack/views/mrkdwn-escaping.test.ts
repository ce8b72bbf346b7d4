/**
 * Every view and message builder, fed a hostile string in every field a person or Confluence
 * controls (names, descriptions, aliases, project names, queries, page titles, error reasons),
 * puts no Slack control sequence into any mrkdwn text: `<!channel>` must not notify a channel,
 * `<http://…|click>` must not become a link. Plain-text fields are not parsed by Slack and are
 * not checked.
 */
import { dataSourceModal, dataSourceSavedModal } from '../../../src/slack/views/datasource-modal';
import { deleteConfirmModal } from '../../../src/slack/views/delete-modal';
import { failuresModal } from '../../../src/slack/views/failures-modal';
import { homeView } from '../../../src/slack/views/home-view';
import { integrationDeleteModal } from '../../../src/slack/views/integration-delete-modal';
import {
  integrationModal,
  integrationSavedModal,
} from '../../../src/slack/views/integration-modal';
import { integrationsMessage } from '../../../src/slack/views/integrations-message';
import { overviewBlocks } from '../../../src/slack/views/overview-blocks';
import { progressMessage } from '../../../src/slack/views/progress-message';
import { failureReply, pageFailuresReply } from '../../../src/slack/views/run-replies';
import { searchMessage } from '../../../src/slack/views/search-message';
import {
  counts,
  makeDataSource,
  makeHit,
  makeIntegration,
  makeProject,
  makeRun,
} from '../support/factories';

const EVIL =
  'x <!channel> <!here> <!everyone> <!subteam^S0EVIL> <@U0EVIL> <#C0EVIL> ' +
  '<http://evil.example|click> & more';
/** What each control sequence of {@link EVIL} looks like once escaped. */
const ESCAPED = '&lt;!channel&gt;';
const CONTROL =
  /<!channel>|<!here>|<!everyone>|<!subteam|<@U0EVIL>|<#C0EVIL>|<https?:\/\/evil\.example/;
const now = new Date('2024-06-01T12:05:00Z');

/** Every string Slack reads as mrkdwn: `text` of a message and every `{ type: 'mrkdwn' }`. */
function mrkdwnTexts(built: unknown): string[] {
  const found: string[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (value === null || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (record.type === 'mrkdwn' && typeof record.text === 'string') found.push(record.text);
    for (const [key, child] of Object.entries(record)) {
      if (key !== 'text' || typeof child !== 'string') walk(child);
    }
  };
  walk(built);
  const top = (built as { text?: unknown }).text;
  if (typeof top === 'string') found.push(top);
  return found;
}

const project = makeProject({ name: `Project ${EVIL}` });
const integration = makeIntegration({
  alias: `Wiki ${EVIL}`,
  verifiedAs: `Alice ${EVIL}`,
  secretHint: '…<!h>',
  sharedWithProjectId: project.id,
});
const dataSource = makeDataSource({
  name: `Ops ${EVIL}`,
  description: `About ${EVIL}`,
  cql: `space = DOCS and title !~ "${EVIL}"`,
});
const failedRun = makeRun({
  status: 'failed',
  error: {
    code: 'server_error',
    message: `Failed: ${EVIL}`,
    remedies: [`Do ${EVIL}`],
    details: {},
  },
  counts: counts({ failed: 2 }),
  failures: [
    { pageId: '1', title: `Page ${EVIL}`, url: 'https://wiki.example.com/1', reason: `R ${EVIL}` },
    { pageId: '2', title: `Page ${EVIL}`, reason: `Reason ${EVIL}` },
  ],
});
const groups = [
  {
    project,
    isMember: true,
    entries: [{ dataSource, latestRun: failedRun, canManage: true }],
  },
];

const BUILDERS: Array<[string, () => unknown]> = [
  [
    'progressMessage (announcement)',
    () => progressMessage({ dataSource, project, integration, run: failedRun, now }),
  ],
  ['failureReply', () => failureReply(failedRun, dataSource, integration)],
  ['pageFailuresReply', () => pageFailuresReply(failedRun, dataSource)],
  ['failuresModal', () => failuresModal(dataSource, failedRun)],
  ['deleteConfirmModal', () => deleteConfirmModal(dataSource, project.name)],
  ['integrationDeleteModal', () => integrationDeleteModal(integration)],
  ['integrationsMessage', () => integrationsMessage([integration], [integration], [project])],
  ['integrationSavedModal', () => integrationSavedModal(integration.alias, EVIL, false)],
  ['dataSourceSavedModal', () => dataSourceSavedModal(dataSource.name, false, 'Posted here.')],
  ['overviewBlocks', () => overviewBlocks(groups, now, 100, 'See /datasource list.')],
  ['homeView', () => homeView(groups, now)],
  [
    'searchMessage with hits',
    () =>
      searchMessage(
        EVIL,
        [
          makeHit({
            title: `Hit ${EVIL}`,
            breadcrumb: [EVIL],
            headingPath: [EVIL],
            snippet: EVIL,
            spaceKey: EVIL,
            url: 'https://wiki.example.com/<!channel>|x',
          }),
        ],
        [dataSource],
      ),
  ],
  ['searchMessage without hits', () => searchMessage(EVIL, [], [dataSource])],
];

describe('view and message builders given hostile text', () => {
  it.each(BUILDERS)('%s writes no Slack control sequence in mrkdwn', (_, build) => {
    const texts = mrkdwnTexts(build());
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.filter((t) => CONTROL.test(t))).toEqual([]);
    // The hostile text did reach the output, escaped: the check above saw it.
    expect(texts.join('\n')).toContain(ESCAPED);
  });

  it('the announcement shows the query in its code block escaped', () => {
    const built = progressMessage({ dataSource, project, integration, run: null, now });
    expect(mrkdwnTexts(built)).toContainEqual(
      expect.stringContaining('```space = DOCS and title !~ "x &lt;!channel&gt; &lt;!here&gt;'),
    );
  });

  it.each([
    [
      'dataSourceModal',
      () =>
        dataSourceModal({
          editing: true,
          values: { name: EVIL, description: EVIL, cql: EVIL, newProject: EVIL },
          projects: [project],
          integrations: [integration],
          privateMetadata: '{}',
        }),
    ],
    [
      'integrationModal',
      () =>
        integrationModal({
          values: { alias: EVIL, baseUrl: EVIL, email: EVIL },
          projects: [project],
          privateMetadata: '{}',
        }),
    ],
  ])('%s keeps typed values in plain-text fields only', (_, build) => {
    expect(mrkdwnTexts(build()).filter((t) => CONTROL.test(t))).toEqual([]);
  });
});
