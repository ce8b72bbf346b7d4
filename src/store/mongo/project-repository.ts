/**
 * Projects in MongoDB (`projects`). Names are unique per workspace without regard to case (a
 * unique index on `teamId` + `nameLower`). Members change only through `addMembers` and
 * `removeMember`; the last member is never removed.
 */
import type { Collection, Document } from 'mongodb';
import type { Project } from '../../domain/models';
import type { ProjectRepository } from '../../domain/ports';
import { AppError } from '../../errors';
import { isDuplicateKey, nameTaken } from './errors';
import { parseId } from './ids';
import { toProject } from './records';

export class MongoProjectRepository implements ProjectRepository {
  constructor(
    private readonly projects: Collection,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(teamId: string, name: string, userId: string): Promise<Project> {
    const record = {
      teamId,
      name,
      nameLower: name.toLowerCase(),
      createdBy: userId,
      memberIds: [userId],
      createdAt: this.now(),
    };
    try {
      const { insertedId } = await this.projects.insertOne(record);
      return toProject({ ...record, _id: insertedId });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      throw nameTaken(
        `A project called "${name}" already exists.`,
        'Ask one of its members to add you, or choose another name.',
        error,
      );
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

  async addMembers(id: string, userIds: string[]): Promise<Project | null> {
    const _id = parseId(id);
    if (!_id) return null;
    const record = await this.projects.findOneAndUpdate(
      { _id },
      { $addToSet: { memberIds: { $each: userIds } } },
      { returnDocument: 'after' },
    );
    return record ? toProject(record) : null;
  }

  async removeMember(id: string, userId: string): Promise<Project | null> {
    const _id = parseId(id);
    if (!_id) return null;

    // One step: only a member, and only while someone else stays (a second member exists).
    const onlyWhileOthersStay = { _id, memberIds: userId, 'memberIds.1': { $exists: true } };
    const leave: Document = { $pull: { memberIds: userId } };
    const record = await this.projects.findOneAndUpdate(onlyWhileOthersStay, leave, {
      returnDocument: 'after',
    });
    if (record) return toProject(record);

    // Nothing changed: no such project, not a member, or the last member.
    const current = await this.get(id);
    if (current?.memberIds.includes(userId)) {
      throw new AppError('conflict', `${current.name} needs at least one member.`, {
        remedies: ['Add someone else to the project first.'],
      });
    }
    return current;
  }
}
