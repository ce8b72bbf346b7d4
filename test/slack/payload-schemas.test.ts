/**
 * The zod schemas of the handlers accept the payloads Slack really sends: captured and
 * documentation-derived payloads from `shared/fixtures/slack-real`, and the SDK's superset shapes.
 */
import { commandPayloadSchema } from '../../src/slack/handlers/command/payload';
import { actionPayloadSchema } from '../../src/slack/handlers/support/action-payload';
import { teamOf, viewPayloadSchema } from '../../src/slack/forms/state';
import { loadSlackFixture } from '../fakes/slack/driver';

const slackMachine = 'DonDebonair__slack-machine/tests/models/example_payloads';

describe('handler schemas on real payloads', () => {
  it.each(['view_submission.json', 'view_closed.json'])(
    'reads %s (captured) as a view payload',
    (file) => {
      const payload = viewPayloadSchema.parse(loadSlackFixture(`${slackMachine}/${file}`));
      expect(payload.view.id).toMatch(/^V/);
      expect(teamOf(payload)).toBe('TQSD32X16');
    },
  );

  it('reads the HubSpot view_submission (many element types)', () => {
    const payload = viewPayloadSchema.parse(
      loadSlackFixture('HubSpot__slack-client/slack-base/src/test/resources/view_submission.json'),
    );
    expect(Object.keys(payload.view.state.values).length).toBeGreaterThan(3);
  });

  it.each([
    'block_action_button.json',
    'block_action_in_modal.json',
    'block_action_checkboxes.json',
    'block_action_button_enterprise.json',
  ])('reads %s (captured) as an action payload', (file) => {
    const payload = actionPayloadSchema.parse(loadSlackFixture(`${slackMachine}/${file}`));
    expect(payload.actions[0].action_id).toBeTruthy();
    expect(payload.trigger_id).toBeTruthy();
  });

  it('reads the slash-command superset shape of the Java SDK', () => {
    const superset = loadSlackFixture(
      'slackapi__java-slack-sdk/json-logs/samples/app-backend/slash-commands/SlashCommandPayload.json',
    );
    const filled = {
      ...superset,
      user_id: 'U1',
      team_id: 'T1',
      channel_id: 'C1',
      trigger_id: '1.2',
      response_url: 'https://hooks.slack.com/commands/x',
    };
    expect(commandPayloadSchema.parse(filled).text).toBe(String(superset.text ?? ''));
  });

  it('refuses a command payload without a response URL', () => {
    expect(
      commandPayloadSchema.safeParse({
        text: '',
        user_id: 'U1',
        team_id: 'T1',
        channel_id: 'C1',
        trigger_id: '1',
      }).success,
    ).toBe(false);
  });
});
