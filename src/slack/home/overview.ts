/**
 * What a user sees of the workspace's data sources, for App Home and `/datasource list`: every
 * data source grouped by project (the user's projects first), with its latest run and whether the
 * user may manage it.
 */
import type { DataSource, IndexRun, Project } from '../../domain/models';
import type { Repositories } from '../deps';
import type { AdminDirectory } from '../permissions/admins';

export interface OverviewEntry {
  dataSource: DataSource;
  latestRun: IndexRun | null;
  canManage: boolean;
}

export interface OverviewGroup {
  project: Project | null;
  isMember: boolean;
  entries: OverviewEntry[];
}

export async function collectOverview(
  source: { repos: Repositories; admins: AdminDirectory },
  teamId: string,
  userId: string,
): Promise<OverviewGroup[]> {
  const { dataSources, projects, runs } = source.repos;
  const [all, projectList, admin] = await Promise.all([
    dataSources.list(teamId),
    projects.list(teamId),
    source.admins.isAdmin(userId),
  ]);

  const entries = await Promise.all(
    all.map(async (dataSource) => ({
      dataSource,
      latestRun: await runs.latest(dataSource.id),
      canManage: admin || dataSource.createdBy === userId,
    })),
  );

  const byProject = new Map<string, OverviewEntry[]>();
  for (const entry of entries) {
    const list = byProject.get(entry.dataSource.projectId) ?? [];
    list.push(entry);
    byProject.set(entry.dataSource.projectId, list);
  }

  const groups: OverviewGroup[] = [...byProject.entries()].map(([projectId, list]) => {
    const project = projectList.find((p) => p.id === projectId) ?? null;
    return {
      project,
      isMember: !!project?.memberIds.includes(userId),
      entries: list.sort((a, b) => a.dataSource.name.localeCompare(b.dataSource.name)),
    };
  });
  return groups.sort(
    (a, b) =>
      Number(b.isMember) - Number(a.isMember) ||
      (a.project?.name ?? '').localeCompare(b.project?.name ?? ''),
  );
}
