/**
 * The "Add Confluence integration" form (also used to edit one: token left blank means keep it).
 * Block ids are stable: field errors are keyed by them and Slack keeps typed values across updates
 * only when they stay the same.
 */
import type { Deployment, Project } from '../../domain/models';
import { context, option, plain, section, selectInput, textInput, type Block } from '../blocks/kit';
import { BLOCK_LIMITS, escapeMrkdwn } from '../blocks/limits';
import type { ModalView } from '../blocks/types';

export const INTEGRATION_CALLBACK = 'integration_form';

export const INTEGRATION_BLOCKS = {
  banner: 'int_banner',
  alias: 'int_alias',
  deployment: 'int_deployment',
  baseUrl: 'int_base_url',
  email: 'int_email',
  token: 'int_token',
  share: 'int_share',
} as const;

/** Value of the "personal" choice of the sharing select. */
export const PERSONAL = 'personal';

export interface IntegrationFormValues {
  alias?: string | null;
  deployment?: Deployment | null;
  baseUrl?: string | null;
  email?: string | null;
  /** Project id, or {@link PERSONAL}. */
  share?: string | null;
}

export interface IntegrationFormModel {
  /** Editing an existing integration (token optional) rather than adding one. */
  editing?: { secretHint: string } | null;
  values: IntegrationFormValues;
  /** Projects the user belongs to, for sharing. */
  projects: Project[];
  /** Shown at the top, e.g. why the check failed after a slow check. */
  banner?: string | null;
  /** Problems to show under fields after a slow check, by block id. */
  fieldNotes?: Partial<Record<string, string>>;
  /** Hint for the token field (e.g. "paste it again"). */
  tokenHint?: string;
  privateMetadata: string;
}

export function integrationModal(model: IntegrationFormModel): ModalView {
  const v = model.values;
  const notes = model.fieldNotes ?? {};
  const blocks: Block[] = [];
  if (model.banner) blocks.push(section(`⚠️ ${model.banner}`, INTEGRATION_BLOCKS.banner));

  blocks.push(
    textInput(INTEGRATION_BLOCKS.alias, {
      label: 'Name for this connection',
      actionId: 'alias',
      initialValue: v.alias,
      placeholder: 'Engineering wiki',
      maxLength: 60,
      hint: notes[INTEGRATION_BLOCKS.alias],
    }),
    selectInput(INTEGRATION_BLOCKS.deployment, {
      label: 'Deployment',
      actionId: 'deployment',
      options: [
        option('Confluence Cloud (atlassian.net)', 'cloud'),
        option('Confluence Data Center / Server', 'datacenter'),
      ],
      initialValue: v.deployment ?? 'cloud',
    }),
    textInput(INTEGRATION_BLOCKS.baseUrl, {
      label: 'Confluence URL',
      actionId: 'base_url',
      initialValue: v.baseUrl,
      placeholder: 'https://your-site.atlassian.net/wiki',
      maxLength: 500,
      hint: notes[INTEGRATION_BLOCKS.baseUrl] ?? 'Any page URL of the site works too.',
    }),
    textInput(INTEGRATION_BLOCKS.email, {
      label: 'Atlassian account email (Cloud only)',
      actionId: 'email',
      initialValue: v.email,
      optional: true,
      maxLength: 254,
      hint:
        notes[INTEGRATION_BLOCKS.email] ??
        'Cloud API tokens are used with the email of their account.',
    }),
    textInput(INTEGRATION_BLOCKS.token, {
      label: model.editing ? 'New API token (leave empty to keep it)' : 'API token',
      actionId: 'token',
      optional: !!model.editing,
      maxLength: 2000,
      hint:
        [notes[INTEGRATION_BLOCKS.token], model.tokenHint].filter(Boolean).join(' ') ||
        (model.editing
          ? `The saved token ends in ${model.editing.secretHint}.`
          : 'Cloud: an API token. Data Center: a personal access token. It is stored encrypted and never shown again.'),
    }),
    selectInput(INTEGRATION_BLOCKS.share, {
      label: 'Who may use it',
      actionId: 'share',
      options: [
        option('Only me', PERSONAL),
        ...model.projects.map((p) => option(`Members of project ${p.name}`, p.id)),
      ],
      initialValue: v.share ?? PERSONAL,
      hint: 'Project members can use a shared connection in data sources; they never see the token.',
    }),
    context('Block Kit has no password field: the token is visible while you type it.'),
  );

  return {
    type: 'modal',
    callback_id: INTEGRATION_CALLBACK,
    title: plain(model.editing ? 'Edit integration' : 'Add integration', BLOCK_LIMITS.viewTitle),
    submit: plain(model.editing ? 'Save' : 'Connect', BLOCK_LIMITS.viewTitle),
    close: plain('Cancel', BLOCK_LIMITS.viewTitle),
    private_metadata: model.privateMetadata,
    blocks,
  };
}

/** Shown after a slow check succeeded (the form was already replaced by "Checking…"). */
export function integrationSavedModal(
  alias: string,
  who: string,
  returnsToForm: boolean,
): ModalView {
  const next = returnsToForm
    ? 'Close this to go back to your data source: the integration is selected there.'
    : 'You can now use it in `/datasource create`.';
  return {
    type: 'modal',
    title: plain('Integration saved', BLOCK_LIMITS.viewTitle),
    close: plain(returnsToForm ? 'Back' : 'Done', BLOCK_LIMITS.viewTitle),
    blocks: [
      section(
        `✅ *${escapeMrkdwn(alias)}* works: Confluence knows you as ${escapeMrkdwn(who)}.\n${next}`,
      ),
    ],
  };
}
