/**
 * Creates the Agenda instance that queues and runs jobs, on the store's MongoDB database (jobs in
 * the `agendaJobs` collection, Agenda's default). Called once per process by `createJobRunner`.
 * Several processes on the same database share the jobs: Agenda locks each job in MongoDB.
 */
import { Agenda } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import type { Db } from 'mongodb';
import type { Logger } from '../logging/logger';

export interface AgendaOptions {
  /** The store's database. Agenda does not own it and never closes it. */
  db: Db;
  /** Shown as `lastModifiedBy` on the jobs this process touches, e.g. `worker@host:pid`. */
  name: string;
  /** Jobs of all kinds running at once in this process. */
  maxConcurrency: number;
  /** How often this process looks for due jobs, in ms. */
  processEveryMs: number;
  /** Lock lifetime of job kinds that do not set their own, in ms. */
  defaultLockLifetimeMs: number;
  logger: Logger;
}

export function createAgenda(options: AgendaOptions): Agenda {
  const agenda = new Agenda({
    backend: new MongoBackend({ mongo: options.db }),
    name: options.name,
    maxConcurrency: options.maxConcurrency,
    processEvery: options.processEveryMs,
    defaultLockLifetime: options.defaultLockLifetimeMs,
  });
  // Agenda reports failed lock queries and expired jobs as 'error' events; an unheard 'error'
  // event would crash the process.
  agenda.on('error', (error) => options.logger.error({ err: error }, 'job scheduler error'));
  return agenda;
}
