/**
 * Data sources in MongoDB (`data_sources`). A name is unique within its project, compared without
 * case (`conflict` otherwise); the same name may exist in other projects. A Slack form's view id
 * (`originViewId`) creates at most one data source (`conflict` with `details.originViewId`).
 * Deleting a data source removes its runs, documents and chunks too.
 */
import type { Collection, Document } from 'mongodb';
import type { DataSource } from '../../domain/models';
import type { DataSourceRepository, NewDataSource } from '../../domain/ports';
import { AppError } from '../../errors';
import { isDuplicateKey, isDuplicateKeyOn, nameTaken } from './errors';
import { optionalId, parseId, requireId } from './ids';
import { toDataSource } from './records';

function nameInUse(name: string, cause: unknown) {
  return nameTaken(
    `This project already has a data source called "${name}".`,
    'Choose another name, or edit the existing data source.',
    cause,
  );
}

/** The unique index on `originViewId` (see `collections.ts`). */
const ORIGIN_INDEX = 'origin_view_unique';

function formAlreadyUsed(originViewId: string, cause: unknown) {
  return new AppError('conflict', 'A data source was already created from this form.', {
    remedies: ['Find it with /datasource list; submit a new form to add another one.'],
    details: { originViewId },
    cause,
  });
}

/** The stored form of (part of) a data source: ids as ObjectIds, the name also lowercased. */
function toRecord(fields: Partial<DataSource>): Document {
  const record: Document = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined && key !== 'id' && key !== 'createdAt') record[key] = value;
  }
  if (fields.name !== undefined) record.nameLower = fields.name.toLowerCase();
  if (fields.projectId !== undefined) record.projectId = requireId(fields.projectId, 'project');
  if (fields.integrationId !== undefined) {
    record.integrationId = requireId(fields.integrationId, 'integration');
  }
  if (fields.lastRunId !== undefined) record.lastRunId = optionalId(fields.lastRunId, 'run');
  return record;
}

export interface DataSourceCollections {
  dataSources: Collection;
  runs: Collection;
  documents: Collection;
  chunks: Collection;
}

export class MongoDataSourceRepository implements DataSourceRepository {
  constructor(
    private readonly collections: DataSourceCollections,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private get dataSources() {
    return this.collections.dataSources;
  }

  async create(dataSource: NewDataSource): Promise<DataSource> {
    const at = this.now();
    const record = {
      ...toRecord(dataSource),
      status: 'idle',
      pageCount: 0,
      chunkCount: 0,
      createdAt: at,
      updatedAt: at,
    };
    try {
      const { insertedId } = await this.dataSources.insertOne(record);
      return toDataSource({ ...record, _id: insertedId });
    } catch (error) {
      if (dataSource.originViewId && isDuplicateKeyOn(error, 'originViewId', ORIGIN_INDEX)) {
        throw formAlreadyUsed(dataSource.originViewId, error);
      }
      if (isDuplicateKey(error)) throw nameInUse(dataSource.name, error);
      throw error;
    }
  }

  async get(id: string): Promise<DataSource | null> {
    const _id = parseId(id);
    const record = _id && (await this.dataSources.findOne({ _id }));
    return record ? toDataSource(record) : null;
  }

  async findByName(teamId: string, name: string, projectId?: string): Promise<DataSource[]> {
    const filter: Document = { teamId, nameLower: name.toLowerCase() };
    if (projectId !== undefined) {
      const project = parseId(projectId);
      if (!project) return [];
      filter.projectId = project;
    }
    const records = await this.dataSources.find(filter).sort({ createdAt: 1, _id: 1 }).toArray();
    return records.map(toDataSource);
  }

  async update(id: string, changes: Partial<DataSource>): Promise<DataSource | null> {
    const _id = parseId(id);
    if (!_id) return null;
    try {
      const record = await this.dataSources.findOneAndUpdate(
        { _id },
        { $set: { ...toRecord(changes), updatedAt: this.now() } },
        { returnDocument: 'after' },
      );
      return record ? toDataSource(record) : null;
    } catch (error) {
      if (isDuplicateKey(error)) throw nameInUse(changes.name ?? '', error);
      throw error;
    }
  }

  async list(teamId: string): Promise<DataSource[]> {
    const records = await this.dataSources
      .find({ teamId })
      .sort({ nameLower: 1, _id: 1 })
      .toArray();
    return records.map(toDataSource);
  }

  /** Every data source with a schedule other than `off`, soonest `nextRunAt` first. */
  async listBySchedule(): Promise<DataSource[]> {
    const records = await this.dataSources
      .find({ schedule: { $ne: 'off' } })
      .sort({ nextRunAt: 1, _id: 1 })
      .toArray();
    return records.map(toDataSource);
  }

  /**
   * Removes chunks, documents and runs first, the data source last: a crash half-way leaves a
   * data source with fewer pages (which its next run restores), never pages without an owner.
   */
  async delete(id: string): Promise<boolean> {
    const _id = parseId(id);
    if (!_id) return false;
    await this.collections.chunks.deleteMany({ dataSourceId: _id });
    await this.collections.documents.deleteMany({ dataSourceId: _id });
    await this.collections.runs.deleteMany({ dataSourceId: _id });
    const { deletedCount } = await this.dataSources.deleteOne({ _id });
    return deletedCount === 1;
  }
}
