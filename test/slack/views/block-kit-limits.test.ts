/**
 * Every view and message the app builds stays within Slack's Block Kit limits, even with extreme
 * data: names at their longest, hundreds of projects and integrations, long queries and errors.
 * Checked with the fake Web API's rules, which Slack would apply.
 */
import { homeView } from '../../../src/slack/views/home-view';
import { dataSourceModal } from '../../../src/slack/views/datasource-modal';
import { integrationModal } from '../../../src/slack/views/integration-modal';
import { overviewBlocks } from '../../../src/slack/views/overview-blocks';
import { searchMessage } from '../../../src/slack/views/search-message';
import { progressMessage } from '../../../src/slack/views/progress-message';
import {
  failureReply,
  pageFailuresReply,
  summaryReply,
} from '../../../src/slack/views/run-replies';
import { failuresModal } from '../../../src/slack/views/failures-modal';
import { integrationsMessage } from '../../../src/slack/views/integrations-message';
import { deleteConfirmModal } from '../../../src/slack/views/delete-modal';
import { helpMessage } from '../../../src/slack/views/help-message';
import { checkMessageBlocks, checkView } from '../../fakes/slack/block-kit-rules';
import type { OverviewGroup } from '../../../src/slack/home/overview';
import {
  counts,
  makeDataSource,
  makeHit,
  makeIntegration,
  makeProject,
  makeRun,
} from '../support/factories';

const long = (n: number, char = 'x') => char.repeat(n);
const now = new Date('2024-06-01T12:05:00Z');

const projects = Array.from({ length: 150 }, (_, i) =>
  makeProject({ id: `p${i}`, name: `${long(200, 'P')}${i}` }),
);
const integrations = Array.from({ length: 150 }, (_, i) =>
  makeIntegration({
    id: `i${i}`,
    alias: long(200, 'A'),
    baseUrl: `https://${long(150, 'h')}.example.com`,
  }),
);
const bigDataSource = makeDataSource({
  name: long(80, 'N'),
  description: long(1000, 'd'),
  cql: long(3000, 'q'),
});

const groups = (n: number): OverviewGroup[] => [
  {
    project: makeProject({ name: long(200, 'P') }),
    isMember: true,
    entries: Array.from({ length: n }, (_, i) => ({
      dataSource: makeDataSource({ id: `ds${i}`, name: long(80, 'N'), description: long(1000) }),
      latestRun: makeRun({ status: 'completed_with_failures', counts: counts({ failed: 3 }) }),
      canManage: true,
    })),
  },
];

describe('Block Kit limits of every surface', () => {
  it('the data source form with 150 projects, 150 integrations and everything at its longest', () => {
    const view = dataSourceModal({
      editing: true,
      values: {
        name: long(80),
        cql: long(3000),
        description: long(1000),
        integrationId: 'i3',
        projectId: 'p3',
      },
      projects,
      integrations,
      banner: long(5000),
      fixIntegrationId: 'i3',
      cqlFeedback: long(5000),
      cqlProblem: long(5000),
      privateMetadata: JSON.stringify({ ds: 'x'.repeat(24), ch: 'C'.repeat(11) }),
    });
    expect(checkView(view)).toEqual([]);
  });

  it('the data source form without projects or integrations', () => {
    const view = dataSourceModal({
      editing: false,
      values: {},
      projects: [],
      integrations: [],
      privateMetadata: '{}',
    });
    expect(checkView(view)).toEqual([]);
  });

  it('the integration form with 150 projects and long notes', () => {
    const view = integrationModal({
      editing: { secretHint: '…abcd' },
      values: { alias: long(60), baseUrl: long(500), email: long(254) },
      projects,
      banner: long(5000),
      fieldNotes: { int_base_url: long(5000), int_token: long(5000) },
      privateMetadata: '{}',
    });
    expect(checkView(view)).toEqual([]);
  });

  it('App Home with 60 data sources keeps 100 blocks and says what was left out', () => {
    const view = homeView(groups(60), now);
    expect(checkView(view)).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(view.blocks)).toContain('more blocks of data sources not shown');
  });

  it('the list message with 60 data sources keeps 50 blocks', () => {
    const blocks = overviewBlocks(groups(60), now, 50, 'See App Home.');
    expect(checkMessageBlocks(blocks)).toEqual([]);
    expect(blocks).toHaveLength(50);
  });

  it('search results with long titles, trails and snippets', () => {
    const hits = Array.from({ length: 30 }, () =>
      makeHit({
        title: long(500),
        snippet: long(3000),
        breadcrumb: [long(400), long(400)],
        headingPath: [long(400)],
      }),
    );
    expect(checkMessageBlocks(searchMessage(long(500), hits, [bigDataSource]).blocks)).toEqual([]);
  });

  it('the progress message with the longest query, and run replies with long errors', () => {
    const run = makeRun({
      status: 'failed',
      error: { code: 'auth_failed', message: long(5000), remedies: [long(3000), long(3000)] },
      failures: Array.from({ length: 200 }, (_, i) => ({
        pageId: `${i}`,
        title: long(300),
        url: 'https://w.example.com/x',
        reason: long(3000),
      })),
      counts: counts({ failed: 200 }),
    });
    const message = progressMessage({
      dataSource: bigDataSource,
      project: projects[0],
      integration: integrations[0],
      run,
      now,
    });
    expect(checkMessageBlocks(message.blocks)).toEqual([]);
    expect(message.text.length).toBeLessThanOrEqual(4000);
    expect(checkMessageBlocks(failureReply(run, bigDataSource, integrations[0]).blocks)).toEqual(
      [],
    );
    expect(checkMessageBlocks(pageFailuresReply(run, bigDataSource).blocks)).toEqual([]);
    expect(checkMessageBlocks(summaryReply({ ...run, status: 'completed' }, now).blocks)).toEqual(
      [],
    );
    expect(checkView(failuresModal(bigDataSource, run))).toEqual([]);
  });

  it('the integrations list with 40 integrations, the delete confirmation and help', () => {
    expect(
      checkMessageBlocks(
        integrationsMessage(integrations.slice(0, 40), integrations.slice(40, 80), projects).blocks,
      ),
    ).toEqual([]);
    expect(checkView(deleteConfirmModal(bigDataSource, long(300)))).toEqual([]);
    expect(checkMessageBlocks(helpMessage().blocks)).toEqual([]);
  });
});
