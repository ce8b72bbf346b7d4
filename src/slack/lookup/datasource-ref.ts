/**
 * Finds the data source a person named in a command: `Team Docs`, or `Platform/Team Docs` when
 * the name exists in several projects. Names compare case-insensitively (as the store does).
 */
import type { DataSource, Project } from '../../domain/models';
import { escapeMrkdwn } from '../blocks/limits';
import type { Repositories } from '../deps';

export interface NamedDataSource {
  dataSource: DataSource;
  project: Project | null;
}

export type DataSourceLookup =
  | { kind: 'found'; match: NamedDataSource }
  | { kind: 'none' }
  | { kind: 'ambiguous'; matches: NamedDataSource[] };

export async function findDataSourceByRef(
  repos: Repositories,
  teamId: string,
  ref: string,
): Promise<DataSourceLookup> {
  // The whole text as a name first: names may contain "/".
  const direct = await repos.dataSources.findByName(teamId, ref);
  if (direct.length > 0) return answer(await withProjects(repos, direct));

  // Then "project/name", trying every "/" (project names may contain one too).
  const projects = await repos.projects.list(teamId);
  for (let slash = ref.indexOf('/'); slash > 0; slash = ref.indexOf('/', slash + 1)) {
    const projectName = ref.slice(0, slash).trim().toLowerCase();
    const name = ref.slice(slash + 1).trim();
    const project = projects.find((p) => p.name.toLowerCase() === projectName);
    if (!project || !name) continue;
    const found = await repos.dataSources.findByName(teamId, name, project.id);
    if (found.length > 0) return answer(found.map((dataSource) => ({ dataSource, project })));
  }
  return { kind: 'none' };
}

async function withProjects(repos: Repositories, found: DataSource[]): Promise<NamedDataSource[]> {
  return Promise.all(
    found.map(async (dataSource) => ({
      dataSource,
      project: await repos.projects.get(dataSource.projectId),
    })),
  );
}

function answer(matches: NamedDataSource[]): DataSourceLookup {
  if (matches.length === 1) return { kind: 'found', match: matches[0] };
  return { kind: 'ambiguous', matches };
}

/** How to write a data source's name so that it is unambiguous. */
export function qualifiedName(match: NamedDataSource): string {
  return match.project ? `${match.project.name}/${match.dataSource.name}` : match.dataSource.name;
}

/** The ephemeral answer when a command's name matched nothing or several data sources. */
export function lookupProblem(lookup: DataSourceLookup, ref: string, verb: string): string | null {
  const name = escapeMrkdwn(ref);
  if (lookup.kind === 'none') {
    return `I found no data source named *${name}*. \`/datasource list\` shows the names.`;
  }
  if (lookup.kind === 'ambiguous') {
    const options = lookup.matches.map((m) => `• \`/datasource ${verb} ${qualifiedName(m)}\``);
    return `Several projects have a data source named *${name}*. Say which one:\n${options.join('\n')}`;
  }
  return null;
}
