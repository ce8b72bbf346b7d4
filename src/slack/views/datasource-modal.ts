/**
 * The "Add data source" form, also used (prefilled) to edit one. Test CQL results and
 * Confluence's verdict are drawn inside it; block ids stay the same across updates so that Slack
 * keeps what was typed.
 */
import type { Integration, Project, Schedule } from '../../domain/models';
import {
  actions,
  button,
  context,
  option,
  plain,
  section,
  selectInput,
  textInput,
  type Block,
} from '../blocks/kit';
import { BLOCK_LIMITS, escapeMrkdwn } from '../blocks/limits';
import type { ModalView } from '../blocks/types';

export const DATASOURCE_CALLBACK = 'datasource_form';

export const DATASOURCE_BLOCKS = {
  banner: 'ds_banner',
  bannerActions: 'ds_banner_actions',
  project: 'ds_project',
  newProject: 'ds_project_new',
  name: 'ds_name',
  description: 'ds_description',
  type: 'ds_type',
  cql: 'ds_cql',
  cqlFeedback: 'ds_cql_feedback',
  cqlActions: 'ds_cql_actions',
  integration: 'ds_integration',
  noIntegration: 'ds_no_integration',
  integrationActions: 'ds_integration_actions',
  schedule: 'ds_schedule',
} as const;

export const DATASOURCE_ACTIONS = {
  testCql: 'ds_test_cql',
  addIntegration: 'ds_add_integration',
  fixIntegration: 'ds_fix_integration',
} as const;

/** Longest name accepted for a data source or project. */
export const MAX_NAME = 80;

export interface DataSourceFormValues {
  projectId?: string | null;
  newProject?: string | null;
  name?: string | null;
  description?: string | null;
  cql?: string | null;
  integrationId?: string | null;
  schedule?: Schedule | null;
}

export interface DataSourceFormModel {
  editing: boolean;
  values: DataSourceFormValues;
  projects: Project[];
  /** Integrations the user may use. */
  integrations: Integration[];
  /** Problem shown at the top of the form (Confluence's verdict, a missing integration). */
  banner?: string | null;
  /** Integration whose owner may fix it from here (auth failures): adds an "Update" button. */
  fixIntegrationId?: string | null;
  /** Text shown right under the CQL field: the Test CQL result or the verdict. */
  cqlFeedback?: string | null;
  /** Short problem put in the CQL field's hint, so it shows on the field itself. */
  cqlProblem?: string | null;
  privateMetadata: string;
}

const SCHEDULES: Array<[Schedule, string]> = [
  ['daily', 'Every day'],
  ['hourly', 'Every hour'],
  ['weekly', 'Every week'],
  ['off', 'Only when asked'],
];

export function dataSourceModal(model: DataSourceFormModel): ModalView {
  const v = model.values;
  const blocks: Block[] = [];

  if (model.banner) {
    blocks.push(section(`⚠️ ${model.banner}`, DATASOURCE_BLOCKS.banner));
    if (model.fixIntegrationId) {
      blocks.push(
        actions(DATASOURCE_BLOCKS.bannerActions, [
          button('Update the integration', DATASOURCE_ACTIONS.fixIntegration, {
            value: model.fixIntegrationId,
            style: 'primary',
          }),
        ]),
      );
    }
  }

  blocks.push(...projectBlocks(model));
  blocks.push(
    textInput(DATASOURCE_BLOCKS.name, {
      label: 'Name',
      actionId: 'name',
      initialValue: v.name,
      maxLength: MAX_NAME,
      placeholder: 'Runbooks',
      hint: 'Unique within the project.',
    }),
    textInput(DATASOURCE_BLOCKS.description, {
      label: 'Description',
      actionId: 'description',
      initialValue: v.description,
      optional: true,
      multiline: true,
      maxLength: 1000,
      placeholder: 'What these pages are about, for people and assistants',
    }),
    selectInput(DATASOURCE_BLOCKS.type, {
      label: 'Type',
      actionId: 'type',
      options: [option('Confluence', 'confluence')],
      initialValue: 'confluence',
    }),
    textInput(DATASOURCE_BLOCKS.cql, {
      label: 'CQL query',
      actionId: 'cql',
      initialValue: v.cql,
      multiline: true,
      maxLength: BLOCK_LIMITS.plainTextInput,
      placeholder: 'space = ENG AND type = page AND label = "runbook"',
      hint: model.cqlProblem
        ? `⚠️ ${model.cqlProblem}`
        : 'Which pages to index. Press "Test CQL" to see what it matches.',
    }),
  );
  if (model.cqlFeedback) blocks.push(section(model.cqlFeedback, DATASOURCE_BLOCKS.cqlFeedback));
  blocks.push(
    actions(DATASOURCE_BLOCKS.cqlActions, [button('Test CQL', DATASOURCE_ACTIONS.testCql)]),
  );

  blocks.push(...integrationBlocks(model));
  blocks.push(
    selectInput(DATASOURCE_BLOCKS.schedule, {
      label: 'Keep it up to date',
      actionId: 'schedule',
      options: SCHEDULES.map(([value, text]) => option(text, value)),
      initialValue: v.schedule ?? 'daily',
    }),
  );

  return {
    type: 'modal',
    callback_id: DATASOURCE_CALLBACK,
    title: plain(model.editing ? 'Edit data source' : 'Add data source', BLOCK_LIMITS.viewTitle),
    submit: plain(model.editing ? 'Save' : 'Create', BLOCK_LIMITS.viewTitle),
    close: plain('Cancel', BLOCK_LIMITS.viewTitle),
    // Closing it lets the app forget the draft kept while an integration was being added.
    notify_on_close: true,
    private_metadata: model.privateMetadata,
    blocks,
  };
}

function projectBlocks(model: DataSourceFormModel): Block[] {
  const v = model.values;
  const newProject = textInput(DATASOURCE_BLOCKS.newProject, {
    label: model.projects.length > 0 ? '…or a new project' : 'Project',
    actionId: 'project_new',
    initialValue: v.newProject,
    optional: model.projects.length > 0,
    maxLength: MAX_NAME,
    placeholder: 'Platform team',
    hint:
      'Data sources are grouped by project; members can use integrations shared with it. ' +
      'Only its members can add you to an existing project.',
  });
  if (model.projects.length === 0) return [newProject];
  const choose = selectInput(DATASOURCE_BLOCKS.project, {
    label: 'Project',
    actionId: 'project',
    optional: true,
    options: model.projects.map((p) => option(p.name, p.id)),
    initialValue: v.projectId,
    hint:
      model.projects.length > BLOCK_LIMITS.options
        ? `Only the first ${BLOCK_LIMITS.options} projects are listed; type a name below for others.`
        : undefined,
  });
  return [choose, newProject];
}

function integrationBlocks(model: DataSourceFormModel): Block[] {
  if (model.integrations.length === 0) {
    return [
      section(
        '*Confluence integration*\nYou have no Confluence integration you can use yet. ' +
          'Add one: what you typed here is kept.',
        DATASOURCE_BLOCKS.noIntegration,
        button('Add integration', DATASOURCE_ACTIONS.addIntegration, { style: 'primary' }),
      ),
    ];
  }
  return [
    selectInput(DATASOURCE_BLOCKS.integration, {
      label: 'Confluence integration',
      actionId: 'integration',
      options: model.integrations.map((i) => option(`${i.alias} (${hostOf(i.baseUrl)})`, i.id)),
      initialValue: model.values.integrationId,
    }),
    actions(DATASOURCE_BLOCKS.integrationActions, [
      button('Add another integration', DATASOURCE_ACTIONS.addIntegration),
    ]),
  ];
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

/** Shown after a slow check when the data source was saved. */
export function dataSourceSavedModal(name: string, editing: boolean, where: string): ModalView {
  return {
    type: 'modal',
    title: plain(editing ? 'Data source saved' : 'Data source created', BLOCK_LIMITS.viewTitle),
    close: plain('Done', BLOCK_LIMITS.viewTitle),
    blocks: [
      section(`✅ *${escapeMrkdwn(name)}* is ${editing ? 'saved' : 'created'}. ${where}`),
      context('Its progress also shows in the App Home tab.'),
    ],
  };
}
