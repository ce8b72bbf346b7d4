/**
 * Index runs in MongoDB (`index_runs`). The indexing job writes counts and failures with `update`
 * (the failure list keeps the first 200 entries). A queued or running run
 * carries `active: true`, which a partial unique index allows once per data source: two
 * processes asking for a run at the same moment get one run and one `conflict`.
 */
import type { Collection, Document } from 'mongodb';
import { AppError, type SerializedError } from '../../errors';
import type { IndexRun, RunStatus } from '../../domain/models';
import type { IndexRunRepository } from '../../domain/ports';
import { parseId, requireId } from './ids';
import { isDuplicateKey } from './errors';
import { toIndexRun } from './records';

/** How many failures a run keeps; `counts.failed` has the total. */
export const MAX_STORED_FAILURES = 200;

const ACTIVE: RunStatus[] = ['queued', 'running'];

function toRecord(fields: Partial<IndexRun>): Document {
  const record: Document = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined && key !== 'id') record[key] = value;
  }
  if (fields.dataSourceId !== undefined) {
    record.dataSourceId = requireId(fields.dataSourceId, 'data source');
  }
  if (fields.failures !== undefined)
    record.failures = fields.failures.slice(0, MAX_STORED_FAILURES);
  if (fields.status !== undefined && ACTIVE.includes(fields.status)) record.active = true;
  return record;
}

function alreadyActive(cause: unknown): AppError {
  return new AppError('conflict', 'This data source already has a queued or running run.', {
    remedies: ['Wait for that run to end before starting another.'],
    cause,
  });
}

export class MongoIndexRunRepository implements IndexRunRepository {
  constructor(private readonly runs: Collection) {}

  async create(run: Omit<IndexRun, 'id'>): Promise<IndexRun> {
    const record = toRecord(run);
    try {
      const { insertedId } = await this.runs.insertOne(record);
      return toIndexRun({ ...record, _id: insertedId });
    } catch (error) {
      if (isDuplicateKey(error)) throw alreadyActive(error);
      throw error;
    }
  }

  async get(id: string): Promise<IndexRun | null> {
    const _id = parseId(id);
    const record = _id && (await this.runs.findOne({ _id }));
    return record ? toIndexRun(record) : null;
  }

  /** The newest queued or running run of the data source. */
  async findActive(dataSourceId: string): Promise<IndexRun | null> {
    const owner = parseId(dataSourceId);
    if (!owner) return null;
    const record = await this.runs.findOne(
      { dataSourceId: owner, status: { $in: ACTIVE } },
      { sort: { queuedAt: -1, _id: -1 } },
    );
    return record ? toIndexRun(record) : null;
  }

  async latest(dataSourceId: string): Promise<IndexRun | null> {
    const owner = parseId(dataSourceId);
    if (!owner) return null;
    const record = await this.runs.findOne(
      { dataSourceId: owner },
      { sort: { queuedAt: -1, _id: -1 } },
    );
    return record ? toIndexRun(record) : null;
  }

  async update(id: string, changes: Partial<IndexRun>): Promise<IndexRun | null> {
    const _id = parseId(id);
    if (!_id) return null;
    const $set = toRecord(changes);
    if (Object.keys($set).length === 0) return this.get(id);

    // Leaving queued/running frees the data source for its next run.
    const ended = changes.status !== undefined && !ACTIVE.includes(changes.status);
    const update: Document = ended ? { $set, $unset: { active: '' } } : { $set };
    try {
      const record = await this.runs.findOneAndUpdate({ _id }, update, {
        returnDocument: 'after',
      });
      return record ? toIndexRun(record) : null;
    } catch (error) {
      if (isDuplicateKey(error)) throw alreadyActive(error);
      throw error;
    }
  }

  async finish(
    id: string,
    status: RunStatus,
    error?: SerializedError | null,
    at: Date = new Date(),
  ): Promise<IndexRun | null> {
    return this.update(id, { status, error: error ?? null, finishedAt: at });
  }
}
