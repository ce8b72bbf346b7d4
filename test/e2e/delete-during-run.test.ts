/**
 * Deleting a data source while its run is fetching page bodies: the body that comes back after
 * the deletion is not written (or is taken back), so nothing of the data source remains. Runs on
 * the real job runner and store behind the Slack journey set-up.
 */
import { createLogger } from '../../src/logging/logger';
import { useJourney } from '../slack/support/journey';

const logLines: string[] = [];
const j = useJourney({
  logger: createLogger({ destination: { write: (line: string) => void logLines.push(line) } }),
});

it('a data source deleted with a page body in flight ends with zero pages and chunks', async () => {
  const integration = await j.addIntegration('UALICE', { alias: 'Orphan wiki' });
  const project = await j.store.projects.create('T0001', 'Orphans', 'UALICE');
  const ds = await j.store.dataSources.create({
    teamId: 'T0001',
    projectId: project.id,
    name: 'Deleted mid-run',
    description: '',
    type: 'confluence',
    cql: 'space = DOCS',
    integrationId: integration.id,
    createdBy: 'UALICE',
    schedule: 'off',
    notify: null,
  });

  // Every Confluence answer takes a while, so the body fetch is in flight when we delete.
  j.confluence.delay(700);
  await j.runner.requestRun(ds.id, 'manual', 'UALICE');
  j.confluence.clearRequests();
  await j.eventually(
    async () =>
      j.confluence.requests.some((r) => String(r.query.expand ?? '').includes('body.storage')),
    'a page body request to be in flight',
  );

  expect(await j.store.dataSources.delete(ds.id)).toBe(true);
  // The fetch in flight comes back, and the run notices the deletion instead of ending normally.
  await j.eventually(
    async () =>
      logLines.some((line) => line.includes('data source deleted during its run')) &&
      j.confluence.requests.every((r) => r.status !== undefined),
    'the run to notice the deletion',
  );
  j.confluence.delay(0);

  expect(await j.store.documents.count(ds.id)).toEqual({ pages: 0, chunks: 0 });
  expect(await j.store.runs.latest(ds.id)).toBeNull();
});
