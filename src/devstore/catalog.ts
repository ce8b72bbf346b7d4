/**
 * Every database and collection of one development store, in memory. Databases exist while they
 * hold a collection; collections are created explicitly (`create`) or by their first write.
 */
import { Collection, type CollectionOptions, type ValidationWarning } from './collection';
import { CommandError } from './errors';

export class Catalog {
  private readonly databases = new Map<string, Map<string, Collection>>();

  constructor(private readonly onValidationWarning?: ValidationWarning) {}

  get(dbName: string, name: string): Collection | undefined {
    return this.databases.get(dbName)?.get(name);
  }

  /** The collection, created with default options when it does not exist yet. */
  getOrCreate(dbName: string, name: string): Collection {
    return this.get(dbName, name) ?? this.create(dbName, name, {});
  }

  /** Throws NamespaceExists (48) when the collection already exists. */
  create(dbName: string, name: string, options: CollectionOptions): Collection {
    checkName(dbName, name);
    if (this.get(dbName, name)) {
      throw new CommandError('NamespaceExists', `Collection ${dbName}.${name} already exists.`);
    }
    const collection = new Collection(dbName, name, options, this.onValidationWarning);
    const database = this.databases.get(dbName) ?? new Map<string, Collection>();
    database.set(name, collection);
    this.databases.set(dbName, database);
    return collection;
  }

  /** Returns whether the collection existed. */
  drop(dbName: string, name: string): boolean {
    const database = this.databases.get(dbName);
    const existed = database?.delete(name) ?? false;
    if (database && database.size === 0) this.databases.delete(dbName);
    return existed;
  }

  dropDatabase(dbName: string): void {
    this.databases.delete(dbName);
  }

  list(dbName: string): Collection[] {
    return [...(this.databases.get(dbName)?.values() ?? [])];
  }

  databaseNames(): string[] {
    return [...this.databases.keys()];
  }
}

function checkName(dbName: string, name: string): void {
  if (!dbName || /[/\\. "$]/.test(dbName)) {
    throw new CommandError('InvalidNamespace', `Invalid database name: '${dbName}'`);
  }
  if (!name || name.includes('$') || name.startsWith('system.')) {
    throw new CommandError('InvalidNamespace', `Invalid collection name: ${name}`);
  }
}
