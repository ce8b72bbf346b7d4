/**
 * One in-memory collection: its documents in insertion order keyed by `_id`, its indexes and
 * its validator. Every write goes through `insert`, `replace` or `remove`, which validate and
 * enforce unique indexes before changing anything, so a failed write leaves no trace.
 */
import { UUID, type Document } from 'bson';
import { keyString } from './bson-order';
import { cloneDocument } from './clone';
import { EqualityIndex, equalityValues } from './equality-index';
import { CommandError } from './errors';
import {
  ID_INDEX,
  UniqueConstraint,
  duplicateKeyError,
  isTextIndex,
  sameKey,
  sameOptions,
  type IndexSpec,
} from './indexes';
import { enforceValidator, type RuleFailure, type ValidatorOptions } from './validation';

/** Options given to `create` (and changed by `collMod`), kept for `listCollections`. */
export type CollectionOptions = ValidatorOptions & Document;

/** Called when a document breaks the validator but the action is `warn`. */
export type ValidationWarning = (namespace: string, failures: RuleFailure[]) => void;

export class Collection {
  readonly uuid = new UUID();
  private readonly documents = new Map<string, Document>();
  private readonly indexList: IndexSpec[] = [ID_INDEX];
  private readonly constraints = new Map<string, UniqueConstraint>();
  /** Insertion order of each document, to return lookups in natural order. */
  private readonly positions = new Map<string, number>();
  private nextPosition = 0;
  private readonly lookups = new Map<string, EqualityIndex>([['_id', new EqualityIndex('_id')]]);

  constructor(
    readonly dbName: string,
    readonly name: string,
    public options: CollectionOptions = {},
    private readonly onValidationWarning: ValidationWarning = () => undefined,
  ) {}

  get namespace(): string {
    return `${this.dbName}.${this.name}`;
  }

  get size(): number {
    return this.documents.size;
  }

  /** The stored documents in natural order. Callers must not modify them. */
  all(): Document[] {
    return [...this.documents.values()];
  }

  get indexes(): IndexSpec[] {
    return [...this.indexList];
  }

  textIndex(): IndexSpec | undefined {
    return this.indexList.find(isTextIndex);
  }

  private validate(document: Document): void {
    const failures = enforceValidator(this.options, document);
    if (failures.length) this.onValidationWarning(this.namespace, failures);
  }

  /** Stores a copy of `document`, which must have an `_id`. */
  insert(document: Document): void {
    const id = keyString(document._id);
    if (this.documents.has(id)) {
      throw duplicateKeyError(this.namespace, ID_INDEX, { _id: document._id });
    }
    this.validate(document);
    for (const constraint of this.constraints.values()) constraint.check(document, id);

    const stored = cloneDocument(document);
    for (const constraint of this.constraints.values()) constraint.add(stored, id);
    for (const lookup of this.lookups.values()) lookup.add(stored, id);
    this.documents.set(id, stored);
    this.positions.set(id, this.nextPosition++);
  }

  /** Replaces a stored document (same `_id`) by `next`. */
  replace(current: Document, next: Document): void {
    const id = keyString(current._id);
    const moderate = this.options.validationLevel === 'moderate';
    if (!moderate || this.passesValidator(current)) this.validate(next);
    for (const constraint of this.constraints.values()) constraint.check(next, id);

    const stored = cloneDocument(next);
    for (const index of [...this.constraints.values(), ...this.lookups.values()]) {
      index.remove(current, id);
      index.add(stored, id);
    }
    this.documents.set(id, stored);
  }

  remove(document: Document): void {
    const id = keyString(document._id);
    for (const index of [...this.constraints.values(), ...this.lookups.values()]) {
      index.remove(document, id);
    }
    this.documents.delete(id);
    this.positions.delete(id);
  }

  /**
   * Documents that may match `filter`, found through an equality lookup on `_id` or an indexed
   * field (top level or in a top-level `$and`), in natural order; undefined when no lookup
   * applies and the whole collection must be scanned.
   */
  candidates(filter: Document): Document[] | undefined {
    const clauses = [filter, ...(Array.isArray(filter.$and) ? (filter.$and as Document[]) : [])];

    // Choose the most selective lookup by estimate: building every lookup's set would cost as
    // much as a scan when one field (say the data source id) is shared by most documents.
    let best: { lookup: EqualityIndex; values: unknown[]; estimate: number } | undefined;
    for (const clause of clauses) {
      for (const [path, condition] of Object.entries(clause ?? {})) {
        const lookup = this.lookups.get(path);
        const values = lookup && equalityValues(condition);
        if (!lookup || !values) continue;
        const estimate = lookup.estimate(values);
        if (!best || estimate < best.estimate) best = { lookup, values, estimate };
      }
    }
    if (!best) return undefined;

    return [...best.lookup.lookup(best.values)]
      .sort((a, b) => this.positions.get(a)! - this.positions.get(b)!)
      .map((id) => this.documents.get(id)!);
  }

  private passesValidator(document: Document): boolean {
    try {
      return (
        enforceValidator({ ...this.options, validationAction: 'error' }, document).length === 0
      );
    } catch {
      return false;
    }
  }

  /** Adds equality lookups on the plain fields of an index (text fields excluded). */
  private addLookups(spec: IndexSpec): void {
    for (const path of Object.keys(spec.key)) {
      if (path === '_fts' || path === '_ftsx' || this.lookups.has(path)) continue;
      const lookup = new EqualityIndex(path);
      for (const [id, document] of this.documents) lookup.add(document, id);
      this.lookups.set(path, lookup);
    }
  }

  /**
   * Adds an index; returns false when an identical one exists. Throws 85/86 on a conflicting
   * name or key, and E11000 when existing documents break a new unique index.
   */
  createIndex(spec: IndexSpec): boolean {
    const byName = this.indexList.find((index) => index.name === spec.name);
    if (byName) {
      if (!sameKey(byName, spec)) {
        throw new CommandError(
          'IndexKeySpecsConflict',
          `An existing index has the same name as the requested index. ` +
            `When index names are not specified, they are auto generated and can cause conflicts. ` +
            `Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(byName)}`,
        );
      }
      if (!sameOptions(byName, spec)) {
        throw new CommandError(
          'IndexOptionsConflict',
          `An equivalent index already exists with the same name but different options. ` +
            `Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(byName)}`,
        );
      }
      return false;
    }
    const byKey = this.indexList.find(
      (index) => sameKey(index, spec) || (isTextIndex(index) && isTextIndex(spec)),
    );
    if (byKey) {
      throw new CommandError(
        'IndexOptionsConflict',
        `An equivalent index already exists with a different name and options. ` +
          `Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(byKey)}`,
      );
    }

    if (spec.unique) {
      const constraint = new UniqueConstraint(spec, this.namespace);
      for (const [id, document] of this.documents) {
        constraint.check(document, id);
        constraint.add(document, id);
      }
      this.constraints.set(spec.name, constraint);
    }
    this.indexList.push(spec);
    this.addLookups(spec);
    return true;
  }

  dropIndex(name: string): void {
    if (name === '_id_') throw new CommandError('InvalidOptions', 'cannot drop _id index');
    const position = this.indexList.findIndex((index) => index.name === name);
    if (position < 0) {
      throw new CommandError('IndexNotFound', `index not found with name [${name}]`);
    }
    this.indexList.splice(position, 1);
    this.constraints.delete(name);
  }

  dropIndexesExceptId(): void {
    this.indexList.splice(1);
    this.constraints.clear();
  }

  findIndexByKey(key: Document): IndexSpec | undefined {
    return this.indexList.find((index) => sameKey(index, { v: 2, key, name: '' }));
  }
}
