/**
 * The records the `index` command runs on: an integration without a stored secret (the token is
 * given on each run), the project `cli` of the team `cli`, and the data source itself, created on
 * first use and updated (query, connection) on later runs with the same name.
 *
 * A command-line integration is identified by its key: the normalised base URL, the deployment
 * and (Cloud) the email. The same key reuses the same integration; another key gets its own, so a
 * mistyped URL never blocks the right one. When a data source moves to another key, the
 * integration it leaves is deleted once no command-line data source uses it any more.
 */
import { createHash } from 'node:crypto';
import type { DataSource, Deployment, Integration, Project } from '../domain/models';
import type {
  DataSourceRepository,
  IntegrationRepository,
  ProjectRepository,
} from '../domain/ports';
import { isAppError } from '../errors';
import { secretHint } from '../security/secret-box';

/** Team, owner and project of everything the command line creates. */
export const CLI_TEAM = 'cli';
export const CLI_USER = 'cli';
export const CLI_PROJECT = 'cli';

/** Longest alias the store accepts. */
const MAX_ALIAS_LENGTH = 200;
/** Aliases tried when the natural one is taken by an integration of another key. */
const ALIAS_ATTEMPTS = 5;

export interface CliDataSourceRequest {
  deployment: Deployment;
  /** Normalised with `normalizeBaseUrl`. */
  baseUrl: string;
  /** Cloud only. */
  email?: string;
  /** Only its last characters are kept, as the hint. */
  token: string;
  cql: string;
  name: string;
}

export interface CliRepositories {
  integrations: IntegrationRepository;
  projects: ProjectRepository;
  dataSources: DataSourceRepository;
}

/** The project `cli`, created on first use (by this run or, at the same time, by another). */
async function cliProject(projects: ProjectRepository): Promise<Project> {
  const find = async () => (await projects.list(CLI_TEAM)).find((p) => p.name === CLI_PROJECT);
  const found = await find();
  if (found) return found;
  try {
    return await projects.create(CLI_TEAM, CLI_PROJECT, CLI_USER);
  } catch (error) {
    const raced = isAppError(error, 'conflict') ? await find() : undefined;
    if (!raced) throw error;
    return raced;
  }
}

/** What identifies a command-line integration. */
type IntegrationKey = Pick<CliDataSourceRequest, 'deployment' | 'baseUrl' | 'email'>;

/**
 * Creates or updates the data source named `request.name` (team and project `cli`) and points it
 * at the integration of its site and account. Called by the `index` command before each run.
 */
export async function ensureCliDataSource(
  repos: CliRepositories,
  request: CliDataSourceRequest,
): Promise<DataSource> {
  const integration = await ensureIntegration(repos.integrations, request);
  const project = await cliProject(repos.projects);

  const [existing] = await repos.dataSources.findByName(CLI_TEAM, request.name, project.id);
  if (!existing) {
    return repos.dataSources.create({
      teamId: CLI_TEAM,
      projectId: project.id,
      name: request.name,
      description: 'Made by `datasource-bot index`.',
      type: 'confluence',
      cql: request.cql,
      integrationId: integration.id,
      createdBy: CLI_USER,
      schedule: 'off',
      notify: null,
      nextRunAt: null,
    });
  }

  const updated = await repos.dataSources.update(existing.id, {
    cql: request.cql,
    integrationId: integration.id,
  });
  if (existing.integrationId !== integration.id) {
    await forgetIfUnused(repos, existing.integrationId);
  }
  return updated ?? existing;
}

/**
 * The alias of the command-line integration with this key, e.g.
 * `Data Center http://127.0.0.1:18090/confluence` or `Cloud https://acme.atlassian.net/wiki
 * (me@acme.com)`. Distinct keys give distinct aliases; a key too long for an alias is shortened
 * with a digest of the whole.
 */
export function cliIntegrationAlias(key: IntegrationKey): string {
  const kind = key.deployment === 'cloud' ? 'Cloud' : 'Data Center';
  const alias = `${kind} ${key.baseUrl}${key.email ? ` (${key.email})` : ''}`;
  if (alias.length <= MAX_ALIAS_LENGTH) return alias;
  const digest = createHash('sha256').update(alias).digest('hex').slice(0, 12);
  return `${alias.slice(0, MAX_ALIAS_LENGTH - 15)}… ${digest}`;
}

/** The command line's integration for this key, created when missing; its hint kept current. */
async function ensureIntegration(
  integrations: IntegrationRepository,
  request: CliDataSourceRequest,
): Promise<Integration> {
  const hint = secretHint(request.token);
  const same = await findByKey(integrations, request);
  if (same) {
    if (same.secretHint === hint) return same;
    return (await integrations.update(same.id, { secretHint: hint })) ?? same;
  }
  return createIntegration(integrations, request, hint);
}

async function findByKey(
  integrations: IntegrationRepository,
  key: IntegrationKey,
): Promise<Integration | undefined> {
  const owned = await integrations.listOwnedBy(CLI_TEAM, CLI_USER);
  return owned.find(
    (i) =>
      i.baseUrl === key.baseUrl &&
      i.deployment === key.deployment &&
      (i.email ?? null) === (key.email ?? null),
  );
}

/**
 * Creates the integration under its alias. A taken alias means either another command made the
 * same integration a moment ago (it is used) or an older integration of another key holds the
 * name (a numbered alias is used instead), so the user is never stuck on a name.
 */
async function createIntegration(
  integrations: IntegrationRepository,
  request: CliDataSourceRequest,
  hint: string,
): Promise<Integration> {
  const alias = cliIntegrationAlias(request);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await integrations.create({
        teamId: CLI_TEAM,
        ownerId: CLI_USER,
        alias: attempt === 1 ? alias : `${alias.slice(0, MAX_ALIAS_LENGTH - 4)} #${attempt}`,
        deployment: request.deployment,
        baseUrl: request.baseUrl,
        ...(request.email ? { email: request.email } : {}),
        secretHint: hint,
        sharedWithProjectId: null,
      });
    } catch (error) {
      if (!isAppError(error, 'conflict') || attempt === ALIAS_ATTEMPTS) throw error;
      const raced = await findByKey(integrations, request);
      if (raced) return raced;
    }
  }
}

/** Deletes a command-line integration that no command-line data source points at any more. */
async function forgetIfUnused(repos: CliRepositories, integrationId: string): Promise<void> {
  const integration = await repos.integrations.get(integrationId);
  if (integration?.teamId !== CLI_TEAM || integration.ownerId !== CLI_USER) return;
  const users = await repos.dataSources.list(CLI_TEAM);
  if (users.some((ds) => ds.integrationId === integrationId)) return;
  await repos.integrations.delete(integrationId);
}
