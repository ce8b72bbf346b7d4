import { WebClient } from '@slack/web-api';
import { createAdminDirectory } from '../../../src/slack/permissions/admins';
import { startFakeSlackWebApi, type FakeSlackWebApi } from '../../fakes/slack/web-api';

let slack: FakeSlackWebApi;
beforeAll(async () => {
  slack = await startFakeSlackWebApi();
  slack.addUser({ id: 'UADMIN', is_admin: true });
  slack.addUser({ id: 'UOWNER', is_owner: true });
  slack.addUser({ id: 'UPLAIN' });
});
afterAll(() => slack.close());

describe('admin directory', () => {
  const make = (now: () => Date) =>
    createAdminDirectory({
      client: new WebClient('xoxb-test', {
        slackApiUrl: slack.apiUrl,
        retryConfig: { retries: 0 },
      }),
      ttlMs: 60_000,
      now,
    });

  it('treats workspace admins and owners as admins, others not', async () => {
    const admins = make(() => new Date());
    await expect(admins.isAdmin('UADMIN')).resolves.toBe(true);
    await expect(admins.isAdmin('UOWNER')).resolves.toBe(true);
    await expect(admins.isAdmin('UPLAIN')).resolves.toBe(false);
  });

  it('asks Slack once per user while the answer is fresh, then again', async () => {
    let clock = 0;
    const admins = make(() => new Date(clock));
    const calls = () => slack.callsTo('users.info').filter((c) => c.args.user === 'UPLAIN').length;
    const before = calls();
    await admins.isAdmin('UPLAIN');
    await admins.isAdmin('UPLAIN');
    expect(calls()).toBe(before + 1);
    clock += 61_000;
    await admins.isAdmin('UPLAIN');
    expect(calls()).toBe(before + 2);
  });

  it('treats a user Slack cannot describe as not an admin', async () => {
    await expect(make(() => new Date()).isAdmin('UNKNOWN')).resolves.toBe(false);
  });
});
