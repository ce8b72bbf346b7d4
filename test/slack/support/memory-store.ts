/**
 * Stand-in storage for the Slack journeys until they run on the real store: the indexing test
 * doubles, plus projects, shared integrations and a naive search over stored chunks.
 */
import type { Integration, Project, SearchHit } from '../../../src/domain/models';
import type { ProjectRepository, SearchFilters, SearchIndex } from '../../../src/domain/ports';
import {
  MemoryDataSources,
  MemoryDocuments,
  MemoryIntegrations,
  MemoryRuns,
} from '../../indexing/doubles';

export class MemoryProjects implements ProjectRepository {
  readonly records = new Map<string, Project>();
  private nextId = 1;

  async ensure(teamId: string, name: string, userId: string) {
    const existing = [...this.records.values()].find(
      (p) => p.teamId === teamId && p.name.toLowerCase() === name.toLowerCase(),
    );
    if (existing) {
      if (!existing.memberIds.includes(userId)) existing.memberIds.push(userId);
      return structuredClone(existing);
    }
    const project: Project = {
      id: `p${this.nextId++}`,
      teamId,
      name,
      createdBy: userId,
      memberIds: [userId],
      createdAt: new Date(),
    };
    this.records.set(project.id, project);
    return structuredClone(project);
  }
  async get(id: string) {
    const p = this.records.get(id);
    return p ? structuredClone(p) : null;
  }
  async list(teamId: string) {
    return [...this.records.values()]
      .filter((p) => p.teamId === teamId)
      .map((p) => structuredClone(p));
  }
  async listForMember(teamId: string, userId: string) {
    return (await this.list(teamId)).filter((p) => p.memberIds.includes(userId));
  }
}

export class SharingIntegrations extends MemoryIntegrations {
  // The double's signature omits `projectIds`; the port passes it.
  override async listUsableBy(
    teamId: string,
    userId: string,
    ...rest: string[][]
  ): Promise<Integration[]> {
    const projectIds = rest[0] ?? [];
    return [...this.records.values()]
      .filter(
        (i) =>
          i.teamId === teamId &&
          (i.ownerId === userId ||
            (i.sharedWithProjectId && projectIds.includes(i.sharedWithProjectId))),
      )
      .map((i) => structuredClone(i));
  }
}

export function memoryStore() {
  const documents = new MemoryDocuments();
  const search: SearchIndex = {
    async search(query: string, filters: SearchFilters = {}): Promise<SearchHit[]> {
      const words = query.toLowerCase().split(/\s+/).filter(Boolean);
      const hits: SearchHit[] = [];
      for (const page of documents.pages.values()) {
        if (filters.dataSourceIds && !filters.dataSourceIds.includes(page.document.dataSourceId))
          continue;
        for (const chunk of page.chunks) {
          const text = `${chunk.title} ${chunk.text}`.toLowerCase();
          const score = words.filter((w) => text.includes(w)).length;
          if (score === 0) continue;
          hits.push({
            dataSourceId: chunk.dataSourceId,
            pageId: chunk.pageId,
            title: chunk.title,
            breadcrumb: chunk.breadcrumb,
            headingPath: chunk.headingPath,
            spaceKey: chunk.spaceKey,
            url: chunk.url,
            snippet: chunk.text.slice(0, 300),
            score,
          });
        }
      }
      return hits.sort((a, b) => b.score - a.score).slice(0, filters.limit ?? 10);
    },
  };
  return {
    integrations: new SharingIntegrations(),
    projects: new MemoryProjects(),
    dataSources: new MemoryDataSources(),
    runs: new MemoryRuns(),
    documents,
    search,
  };
}
