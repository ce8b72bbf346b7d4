/**
 * Integrations in MongoDB (`integrations`). An alias is unique per owner, compared without case;
 * creating or renaming to a taken alias throws `conflict`.
 */
import type { Collection, Document } from 'mongodb';
import type { Integration } from '../../domain/models';
import type { IntegrationRepository, NewIntegration } from '../../domain/ports';
import { isDuplicateKey, nameTaken } from './errors';
import { optionalId, parseId, parseIds } from './ids';
import { toIntegration } from './records';

function aliasTaken(alias: string, cause: unknown) {
  return nameTaken(
    `You already have an integration called "${alias}".`,
    'Choose another name for the integration.',
    cause,
  );
}

/** The stored form of (part of) an integration. */
function toRecord(fields: Partial<NewIntegration>): Document {
  const record: Document = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || key === 'id') continue;
    record[key] = value;
  }
  if (fields.alias !== undefined) record.aliasLower = fields.alias.toLowerCase();
  if (fields.sharedWithProjectId !== undefined) {
    record.sharedWithProjectId = optionalId(fields.sharedWithProjectId, 'project');
  }
  return record;
}

export class MongoIntegrationRepository implements IntegrationRepository {
  constructor(
    private readonly integrations: Collection,
    private readonly projects: Collection,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(integration: NewIntegration): Promise<Integration> {
    const at = this.now();
    const record = { ...toRecord(integration), createdAt: at, updatedAt: at };
    try {
      const { insertedId } = await this.integrations.insertOne(record);
      return toIntegration({ ...record, _id: insertedId });
    } catch (error) {
      if (isDuplicateKey(error)) throw aliasTaken(integration.alias, error);
      throw error;
    }
  }

  async get(id: string): Promise<Integration | null> {
    const _id = parseId(id);
    const record = _id && (await this.integrations.findOne({ _id }));
    return record ? toIntegration(record) : null;
  }

  async update(id: string, changes: Partial<NewIntegration>): Promise<Integration | null> {
    const _id = parseId(id);
    if (!_id) return null;
    const { id: _ignored, createdAt: _created, ...rest } = changes as Partial<Integration>;
    void [_ignored, _created];
    try {
      const record = await this.integrations.findOneAndUpdate(
        { _id },
        { $set: { ...toRecord(rest), updatedAt: this.now() } },
        { returnDocument: 'after' },
      );
      return record ? toIntegration(record) : null;
    } catch (error) {
      if (isDuplicateKey(error)) throw aliasTaken(changes.alias ?? '', error);
      throw error;
    }
  }

  async delete(id: string): Promise<boolean> {
    const _id = parseId(id);
    if (!_id) return false;
    const { deletedCount } = await this.integrations.deleteOne({ _id });
    return deletedCount === 1;
  }

  /**
   * Owned integrations plus those shared with one of `projectIds` of which the user really is a
   * member (checked here too, so a wrong project id cannot widen what a user may use).
   */
  async listUsableBy(teamId: string, userId: string, projectIds: string[]): Promise<Integration[]> {
    const memberships = await this.projects
      .find(
        { _id: { $in: parseIds(projectIds) }, teamId, memberIds: userId },
        { projection: { _id: 1 } },
      )
      .toArray();
    const shared = memberships.map((project) => project._id);
    const records = await this.integrations
      .find({ teamId, $or: [{ ownerId: userId }, { sharedWithProjectId: { $in: shared } }] })
      .sort({ aliasLower: 1, _id: 1 })
      .toArray();
    return records.map(toIntegration);
  }

  async listOwnedBy(teamId: string, userId: string): Promise<Integration[]> {
    const records = await this.integrations
      .find({ teamId, ownerId: userId })
      .sort({ aliasLower: 1, _id: 1 })
      .toArray();
    return records.map(toIntegration);
  }
}
