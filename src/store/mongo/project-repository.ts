/**
 * Projects in MongoDB (`projects`). Names are unique per workspace without regard to case;
 * `ensure` creates a project or joins the user to the existing one, atomically.
 */
import type { Collection } from 'mongodb';
import type { Project } from '../../domain/models';
import type { ProjectRepository } from '../../domain/ports';
import { isDuplicateKey } from './errors';
import { parseId } from './ids';
import { toProject } from './records';

export class MongoProjectRepository implements ProjectRepository {
  constructor(
    private readonly projects: Collection,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async ensure(teamId: string, name: string, userId: string): Promise<Project> {
    const upsert = () =>
      this.projects.findOneAndUpdate(
        { teamId, nameLower: name.toLowerCase() },
        {
          $setOnInsert: { name, createdBy: userId, createdAt: this.now() },
          $addToSet: { memberIds: userId },
        },
        { upsert: true, returnDocument: 'after' },
      );
    try {
      return toProject((await upsert())!);
    } catch (error) {
      // Two first uses at once: one insert wins, the other now finds it.
      if (!isDuplicateKey(error)) throw error;
      return toProject((await upsert())!);
    }
  }

  async get(id: string): Promise<Project | null> {
    const _id = parseId(id);
    const record = _id && (await this.projects.findOne({ _id }));
    return record ? toProject(record) : null;
  }

  async list(teamId: string): Promise<Project[]> {
    const records = await this.projects.find({ teamId }).sort({ nameLower: 1 }).toArray();
    return records.map(toProject);
  }

  async listForMember(teamId: string, userId: string): Promise<Project[]> {
    const records = await this.projects
      .find({ teamId, memberIds: userId })
      .sort({ nameLower: 1 })
      .toArray();
    return records.map(toProject);
  }
}
