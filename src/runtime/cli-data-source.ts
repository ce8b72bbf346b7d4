/**
 * The records the `index` command runs on: an integration without a stored secret (the token is
 * given on each run), the project `cli` of the team `cli`, and the data source itself, created on
 * first use and updated (query, connection) on later runs with the same name.
 */
import type { DataSource, Deployment, Integration } from '../domain/models';
import type {
  DataSourceRepository,
  IntegrationRepository,
  ProjectRepository,
} from '../domain/ports';
import { secretHint } from '../security/secret-box';

/** Team, owner and project of everything the command line creates. */
export const CLI_TEAM = 'cli';
export const CLI_USER = 'cli';
export const CLI_PROJECT = 'cli';

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

export async function ensureCliDataSource(
  repos: CliRepositories,
  request: CliDataSourceRequest,
): Promise<DataSource> {
  const integration = await ensureIntegration(repos.integrations, request);
  const project = await repos.projects.ensure(CLI_TEAM, CLI_PROJECT, CLI_USER);

  const [existing] = await repos.dataSources.findByName(CLI_TEAM, request.name, project.id);
  if (existing) {
    const updated = await repos.dataSources.update(existing.id, {
      cql: request.cql,
      integrationId: integration.id,
    });
    return updated ?? existing;
  }
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

/** The command line's integration for this site and account, created when missing. */
async function ensureIntegration(
  integrations: IntegrationRepository,
  request: CliDataSourceRequest,
): Promise<Integration> {
  const hint = secretHint(request.token);
  const owned = await integrations.listOwnedBy(CLI_TEAM, CLI_USER);
  const same = owned.find(
    (i) =>
      i.baseUrl === request.baseUrl &&
      i.deployment === request.deployment &&
      (i.email ?? null) === (request.email ?? null),
  );
  if (same) {
    if (same.secretHint === hint) return same;
    return (await integrations.update(same.id, { secretHint: hint })) ?? same;
  }

  const host = new URL(request.baseUrl).host;
  return integrations.create({
    teamId: CLI_TEAM,
    ownerId: CLI_USER,
    alias: request.email ? `${host} (${request.email})` : host,
    deployment: request.deployment,
    baseUrl: request.baseUrl,
    ...(request.email ? { email: request.email } : {}),
    secretHint: hint,
    sharedWithProjectId: null,
  });
}
