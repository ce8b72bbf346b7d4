/**
 * Checks a submitted data source form and saves it: local checks first (fields, CQL syntax with
 * its position, unique name in the project, usable integration), then Confluence's verdict on the
 * query. Failures say where to show them: `fieldErrors` under input blocks (quick local checks),
 * or a banner plus notes on the CQL field (Confluence's verdict). A new data source keeps the id
 * of the view it was submitted from, so the same form submitted again, to this bot process or
 * another, finds it (`alreadySaved`) instead of creating a second one.
 */
import { parseCql } from '../../cql/parser';
import type { DataSource, Integration, Project } from '../../domain/models';
import { isAppError, toAppError } from '../../errors';
import { escapeMrkdwn } from '../blocks/limits';
import type { SlackContext } from '../context';
import {
  canManageDataSource,
  canUseIntegration,
  REFUSALS,
  someMembers,
} from '../permissions/rules';
import {
  DATASOURCE_BLOCKS as B,
  MAX_NAME,
  type DataSourceFormValues,
} from '../views/datasource-modal';
import { cqlVerdict, localProblem, type CqlVerdict } from './cql-verdict';

export type DataSourceOutcome =
  | {
      ok: true;
      dataSource: DataSource;
      integration: Integration;
      project: Project;
      created: boolean;
      /** The query or integration changed (editing): the pages must be indexed again. */
      needsReindex: boolean;
      /** This form had already created it (a double submit): announcing and indexing are done. */
      alreadySaved?: boolean;
    }
  | ({ ok: false; fieldErrors?: Record<string, string> } & Omit<CqlVerdict, 'ok'>);

interface Actor {
  teamId: string;
  userId: string;
}

/** The submitted form: the data source it edits (none when creating) and the view's id. */
export interface SubmittedForm {
  editingId: string | undefined;
  viewId: string;
}

export async function verifyAndSaveDataSource(
  ctx: SlackContext,
  actor: Actor,
  values: DataSourceFormValues,
  form: SubmittedForm,
): Promise<DataSourceOutcome> {
  try {
    return await attempt(ctx, actor, values, form);
  } catch (error) {
    const appError = toAppError(error);
    if (appError.code === 'internal')
      ctx.logger.error({ err: error }, 'Saving a data source failed');
    return { ok: false, banner: escapeMrkdwn(appError.message) };
  }
}

async function attempt(
  ctx: SlackContext,
  actor: Actor,
  values: DataSourceFormValues,
  { editingId, viewId }: SubmittedForm,
): Promise<DataSourceOutcome> {
  const { repos } = ctx.deps;

  // Editing: the creator and admins only.
  const existing = editingId ? await repos.dataSources.get(editingId) : null;
  if (editingId && (!existing || existing.teamId !== actor.teamId)) {
    return { ok: false, banner: 'That data source no longer exists.' };
  }
  if (existing && !(await canManageDataSource(existing, actor.userId, actor.teamId, ctx.admins))) {
    return {
      ok: false,
      banner: REFUSALS.manageDataSource(escapeMrkdwn(existing.name), existing.createdBy),
    };
  }

  // Quick checks, all reported together. Admins may file data sources in any project; shared
  // integrations stay for members only.
  const memberOf = await repos.projects.listForMember(actor.teamId, actor.userId);
  const choosable = (await ctx.admins.isAdmin(actor.userId))
    ? await repos.projects.list(actor.teamId)
    : memberOf;
  const fieldErrors: Record<string, string> = {};
  checkFields(values, choosable, existing, fieldErrors);
  if (values.cql) {
    try {
      parseCql(values.cql);
    } catch (error) {
      if (!isAppError(error, 'invalid_cql')) throw error;
      fieldErrors[B.cql] = localProblem(error).cqlProblem ?? error.message;
    }
  }
  const project = await findProject(ctx, actor, values, choosable, existing);
  if (project && values.newProject && !choosable.some((p) => p.id === project.id)) {
    // Typing the name of someone else's project does not join it.
    fieldErrors[B.newProject] = projectTaken(project);
  } else if (project && values.name) {
    const clash = (await repos.dataSources.findByName(actor.teamId, values.name, project.id)).find(
      (d) => d.id !== existing?.id,
    );
    if (clash && !existing && clash.originViewId === viewId)
      return alreadyCreated(ctx, clash, project);
    if (clash)
      fieldErrors[B.name] = `Project ${project.name} already has a data source with this name.`;
  }
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };

  // The integration: chosen, and one this user may use.
  const integration = values.integrationId
    ? await repos.integrations.get(values.integrationId)
    : null;
  if (!integration) {
    return {
      ok: false,
      banner: 'Choose a Confluence integration, or add one with the button below.',
    };
  }
  // Keeping the integration a data source already has is allowed (an admin editing it).
  const kept = existing?.integrationId === integration.id;
  if (!kept && !canUseIntegration(integration, actor.userId, actor.teamId, memberOf)) {
    return { ok: false, banner: REFUSALS.integrationNotUsable };
  }

  // Confluence's verdict, unless nothing that matters to it changed.
  const unchanged =
    existing && existing.cql === values.cql && existing.integrationId === integration.id;
  if (!unchanged) {
    const verdict = await cqlVerdict(ctx, integration, values.cql!, actor.userId);
    if (!verdict.ok) return { ...verdict, ok: false };
  }

  return save(ctx, actor, values, { existing, integration, found: project, viewId });
}

/** The data source this same form created before (a double submit, maybe in another process). */
async function alreadyCreated(
  ctx: SlackContext,
  dataSource: DataSource,
  project: Project,
): Promise<DataSourceOutcome> {
  const integration = await ctx.deps.repos.integrations.get(dataSource.integrationId);
  if (!integration) return { ok: false, banner: 'That data source was already created.' };
  return {
    ok: true,
    dataSource,
    integration,
    project,
    created: true,
    needsReindex: false,
    alreadySaved: true,
  };
}

function checkFields(
  values: DataSourceFormValues,
  choosable: Project[],
  existing: DataSource | null,
  errors: Record<string, string>,
): void {
  if (!values.name) errors[B.name] = 'Give the data source a name.';
  else if (values.name.length > MAX_NAME) errors[B.name] = `At most ${MAX_NAME} characters.`;
  if (!values.cql) errors[B.cql] = 'Enter a CQL query.';
  if (values.projectId && values.newProject) {
    errors[B.newProject] = 'Choose a project or type a new one, not both.';
  } else if (!values.projectId && !values.newProject) {
    errors[choosable.length > 0 ? B.project : B.newProject] = 'Choose a project or name a new one.';
  } else if (values.newProject && values.newProject.length > MAX_NAME) {
    errors[B.newProject] = `At most ${MAX_NAME} characters.`;
  } else if (
    values.projectId &&
    values.projectId !== existing?.projectId &&
    !choosable.some((p) => p.id === values.projectId)
  ) {
    errors[B.project] = 'You are not a member of that project.';
  }
}

function projectTaken(project: Project): string {
  return (
    `A project called ${project.name} already exists. Ask one of its members ` +
    `(${someMembers(project.memberIds)}) to add you, or choose another name.`
  );
}

/** The chosen project, an existing one with the new name, or `null` if it is to be created. */
async function findProject(
  ctx: SlackContext,
  actor: Actor,
  values: DataSourceFormValues,
  choosable: Project[],
  existing: DataSource | null,
): Promise<Project | null> {
  const { projects } = ctx.deps.repos;
  if (values.projectId) {
    return (
      choosable.find((p) => p.id === values.projectId) ??
      (values.projectId === existing?.projectId ? await projects.get(values.projectId) : null)
    );
  }
  if (!values.newProject) return null;
  const wanted = values.newProject.toLowerCase();
  return (await projects.list(actor.teamId)).find((p) => p.name.toLowerCase() === wanted) ?? null;
}

/**
 * Creates the new project, or says on which grounds it cannot: someone created one with that name
 * meanwhile (the field error to show).
 */
async function createProject(
  ctx: SlackContext,
  actor: Actor,
  name: string,
): Promise<Project | string> {
  const { projects } = ctx.deps.repos;
  try {
    return await projects.create(actor.teamId, name, actor.userId);
  } catch (error) {
    if (!isAppError(error, 'conflict')) throw error;
    const wanted = name.toLowerCase();
    const taken = (await projects.list(actor.teamId)).find((p) => p.name.toLowerCase() === wanted);
    return taken ? projectTaken(taken) : error.message;
  }
}

interface SaveTarget {
  existing: DataSource | null;
  integration: Integration;
  /** The project chosen or found by name (one the user may use); null to create a new one. */
  found: Project | null;
  viewId: string;
}

async function save(
  ctx: SlackContext,
  actor: Actor,
  values: DataSourceFormValues,
  { existing, integration, found, viewId }: SaveTarget,
): Promise<DataSourceOutcome> {
  const { repos } = ctx.deps;
  const created = found ? null : await createProject(ctx, actor, values.newProject!);
  if (typeof created === 'string') return { ok: false, fieldErrors: { [B.newProject]: created } };
  const project = found ?? created!;
  const fields = {
    projectId: project.id,
    name: values.name!,
    description: values.description ?? '',
    cql: values.cql!,
    integrationId: integration.id,
    schedule: values.schedule ?? 'daily',
  };

  try {
    if (existing) {
      const updated = await repos.dataSources.update(existing.id, fields);
      if (!updated) return { ok: false, banner: 'That data source was deleted meanwhile.' };
      const needsReindex =
        existing.cql !== fields.cql || existing.integrationId !== fields.integrationId;
      return { ok: true, dataSource: updated, integration, project, created: false, needsReindex };
    }
    const created = await repos.dataSources.create({
      ...fields,
      teamId: actor.teamId,
      type: 'confluence',
      createdBy: actor.userId,
      notify: null,
      originViewId: viewId,
    });
    return {
      ok: true,
      dataSource: created,
      integration,
      project,
      created: true,
      needsReindex: true,
    };
  } catch (error) {
    if (isAppError(error, 'conflict')) {
      // The same form saved meanwhile by another bot process that took the same submission?
      const twin = existing
        ? undefined
        : (await repos.dataSources.findByName(actor.teamId, fields.name, project.id)).find(
            (d) => d.originViewId === viewId,
          );
      if (twin) return alreadyCreated(ctx, twin, project);
      return {
        ok: false,
        fieldErrors: {
          [B.name]: `Project ${project.name} already has a data source with this name.`,
        },
      };
    }
    throw error;
  }
}
