/**
 * `view.state.values` of the data source form, parsed into what the person typed. Also used by
 * the form's buttons (Test CQL, Add integration), whose payloads carry the same state.
 */
import { z } from 'zod';
import type { Schedule } from '../../domain/models';
import { blockState, cleanText, selectState, textInputState } from '../forms/state';
import { DATASOURCE_BLOCKS as B, type DataSourceFormValues } from '../views/datasource-modal';

export const dataSourceStateSchema = z.object({
  [B.project]: blockState('project', selectState).optional(),
  [B.newProject]: blockState('project_new', textInputState).optional(),
  [B.name]: blockState('name', textInputState),
  [B.description]: blockState('description', textInputState).optional(),
  [B.type]: blockState('type', selectState).optional(),
  [B.cql]: blockState('cql', textInputState),
  [B.integration]: blockState('integration', selectState).optional(),
  [B.schedule]: blockState('schedule', selectState).optional(),
});

const scheduleSchema = z.enum(['off', 'hourly', 'daily', 'weekly']);

export function readDataSourceInput(values: unknown): DataSourceFormValues {
  const state = dataSourceStateSchema.parse(values);
  const schedule = scheduleSchema.safeParse(state[B.schedule]?.schedule.selected_option?.value);
  return {
    projectId: state[B.project]?.project.selected_option?.value ?? null,
    newProject: cleanText(state[B.newProject]?.project_new.value),
    name: cleanText(state[B.name].name.value),
    description: cleanText(state[B.description]?.description.value),
    // The query keeps its line breaks; only the ends are trimmed.
    cql: cleanText(state[B.cql].cql.value),
    integrationId: state[B.integration]?.integration.selected_option?.value ?? null,
    schedule: schedule.success ? (schedule.data as Schedule) : 'daily',
  };
}

/** Like {@link readDataSourceInput} but never throws (button payloads of a partial form). */
export function readDataSourceDraft(values: unknown): DataSourceFormValues {
  try {
    return readDataSourceInput(values);
  } catch {
    return {};
  }
}
