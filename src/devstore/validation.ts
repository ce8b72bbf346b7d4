/**
 * Collection validators: `$jsonSchema` as MongoDB implements it (draft 4 plus `bsonType`), and any
 * other query operators in the validator through mingo. Supported keywords: bsonType, type,
 * required, properties, additionalProperties, patternProperties, enum, minLength, maxLength,
 * pattern, minimum, maximum, exclusiveMinimum, exclusiveMaximum, items, minItems, maxItems,
 * uniqueItems, minProperties, maxProperties, allOf, anyOf, oneOf, not. Unknown keywords (title,
 * description) are ignored.
 *
 * Numbers arrive as JavaScript numbers, so their BSON type is inferred: an integer in the int32
 * range is `int`, any other number `double` (as the driver would have sent it), `Long` and
 * `Decimal128` values that stay wrapped are `long` and `decimal`. A stored int64 that fits a
 * double is therefore seen as `double` here, unlike in MongoDB.
 */
import type { Document } from 'bson';
import { Query } from 'mingo';
import { bsonType, compareValues, keyString, toNumber } from './bson-order';
import { CommandError } from './errors';

type Schema = Document;
/** A rule a value broke, in the shape MongoDB reports under `schemaRulesNotSatisfied`. */
export type RuleFailure = Document;

function bsonTypesOf(value: unknown): string[] {
  const type = bsonType(value);
  if (type === 'number') {
    const tag = (value as { _bsontype?: string })._bsontype;
    if (tag === 'Long') return ['long', 'number'];
    if (tag === 'Decimal128') return ['decimal', 'number'];
    const n = toNumber(value);
    const isInt = Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31;
    return isInt ? ['int', 'number'] : ['double', 'number'];
  }
  if (value === undefined) return ['undefined'];
  return [type];
}

function jsonTypesOf(value: unknown): string[] {
  const type = bsonType(value);
  if (type === 'number')
    return Number.isInteger(toNumber(value)) ? ['number', 'integer'] : ['number'];
  if (type === 'bool') return ['boolean'];
  if (type === 'null' || type === 'string' || type === 'array' || type === 'object') return [type];
  return [];
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

function checkType(schema: Schema, value: unknown): RuleFailure[] {
  const failures: RuleFailure[] = [];
  if (schema.bsonType !== undefined) {
    const allowed = asList(schema.bsonType) as string[];
    if (!bsonTypesOf(value).some((type) => allowed.includes(type))) {
      failures.push({ operatorName: 'bsonType', specifiedAs: { bsonType: schema.bsonType } });
    }
  }
  if (schema.type !== undefined) {
    const allowed = asList(schema.type) as string[];
    if (!jsonTypesOf(value).some((type) => allowed.includes(type))) {
      failures.push({ operatorName: 'type', specifiedAs: { type: schema.type } });
    }
  }
  return failures;
}

function checkEnum(schema: Schema, value: unknown): RuleFailure[] {
  if (!Array.isArray(schema.enum)) return [];
  const matches = schema.enum.some((option: unknown) => compareValues(option, value) === 0);
  return matches ? [] : [{ operatorName: 'enum', specifiedAs: { enum: schema.enum } }];
}

function checkString(schema: Schema, value: unknown): RuleFailure[] {
  if (typeof value !== 'string') return [];
  const failures: RuleFailure[] = [];
  const length = [...value].length;
  if (typeof schema.minLength === 'number' && length < schema.minLength) {
    failures.push({ operatorName: 'minLength', specifiedAs: { minLength: schema.minLength } });
  }
  if (typeof schema.maxLength === 'number' && length > schema.maxLength) {
    failures.push({ operatorName: 'maxLength', specifiedAs: { maxLength: schema.maxLength } });
  }
  if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
    failures.push({ operatorName: 'pattern', specifiedAs: { pattern: schema.pattern } });
  }
  return failures;
}

function checkNumber(schema: Schema, value: unknown): RuleFailure[] {
  if (bsonType(value) !== 'number') return [];
  const n = toNumber(value);
  const failures: RuleFailure[] = [];
  if (typeof schema.minimum === 'number') {
    const below = schema.exclusiveMinimum === true ? n <= schema.minimum : n < schema.minimum;
    if (below) failures.push({ operatorName: 'minimum', specifiedAs: { minimum: schema.minimum } });
  }
  if (typeof schema.maximum === 'number') {
    const above = schema.exclusiveMaximum === true ? n >= schema.maximum : n > schema.maximum;
    if (above) failures.push({ operatorName: 'maximum', specifiedAs: { maximum: schema.maximum } });
  }
  return failures;
}

function checkArray(schema: Schema, value: unknown): RuleFailure[] {
  if (!Array.isArray(value)) return [];
  const failures: RuleFailure[] = [];
  if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
    failures.push({ operatorName: 'minItems', specifiedAs: { minItems: schema.minItems } });
  }
  if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) {
    failures.push({ operatorName: 'maxItems', specifiedAs: { maxItems: schema.maxItems } });
  }
  if (schema.uniqueItems === true && new Set(value.map(keyString)).size !== value.length) {
    failures.push({ operatorName: 'uniqueItems', specifiedAs: { uniqueItems: true } });
  }
  const itemSchemas = schema.items;
  if (itemSchemas && typeof itemSchemas === 'object') {
    value.forEach((item, index) => {
      const itemSchema = Array.isArray(itemSchemas) ? itemSchemas[index] : itemSchemas;
      if (!itemSchema) return;
      const details = checkSchema(itemSchema, item);
      if (details.length) failures.push({ operatorName: 'items', index, details });
    });
  }
  return failures;
}

function checkObject(schema: Schema, value: unknown): RuleFailure[] {
  if (bsonType(value) !== 'object') return [];
  const object = value as Document;
  const keys = Object.keys(object).filter((key) => object[key] !== undefined);
  const failures: RuleFailure[] = [];

  // Required and counted properties.
  if (Array.isArray(schema.required)) {
    const missing = schema.required.filter((key: string) => !keys.includes(key));
    if (missing.length) failures.push({ operatorName: 'required', missingProperties: missing });
  }
  if (typeof schema.minProperties === 'number' && keys.length < schema.minProperties) {
    failures.push({
      operatorName: 'minProperties',
      specifiedAs: { minProperties: schema.minProperties },
    });
  }
  if (typeof schema.maxProperties === 'number' && keys.length > schema.maxProperties) {
    failures.push({
      operatorName: 'maxProperties',
      specifiedAs: { maxProperties: schema.maxProperties },
    });
  }

  // Each property against its schema.
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const patterns = Object.entries((schema.patternProperties ?? {}) as Record<string, Schema>);
  const notSatisfied: RuleFailure[] = [];
  const additional: string[] = [];
  for (const key of keys) {
    const schemas = patterns
      .filter(([pattern]) => new RegExp(pattern, 'u').test(key))
      .map(([, patternSchema]) => patternSchema);
    if (properties[key]) schemas.unshift(properties[key]);
    if (schemas.length === 0) {
      if (schema.additionalProperties === false) additional.push(key);
      else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        schemas.push(schema.additionalProperties);
      }
    }
    const details = schemas.flatMap((propertySchema) => checkSchema(propertySchema, object[key]));
    if (details.length) notSatisfied.push({ propertyName: key, details });
  }
  if (notSatisfied.length) {
    failures.push({ operatorName: 'properties', propertiesNotSatisfied: notSatisfied });
  }
  if (additional.length) {
    failures.push({ operatorName: 'additionalProperties', additionalProperties: additional });
  }
  return failures;
}

function checkCombinators(schema: Schema, value: unknown): RuleFailure[] {
  const failures: RuleFailure[] = [];
  const passes = (subschema: Schema) => checkSchema(subschema, value).length === 0;
  if (Array.isArray(schema.allOf) && !schema.allOf.every(passes)) {
    failures.push({ operatorName: 'allOf' });
  }
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some(passes)) {
    failures.push({ operatorName: 'anyOf' });
  }
  if (Array.isArray(schema.oneOf) && schema.oneOf.filter(passes).length !== 1) {
    failures.push({ operatorName: 'oneOf' });
  }
  if (schema.not && typeof schema.not === 'object' && passes(schema.not)) {
    failures.push({ operatorName: 'not' });
  }
  return failures;
}

/** Every rule of `schema` that `value` breaks; empty when it conforms. */
export function checkSchema(schema: Schema, value: unknown): RuleFailure[] {
  const typeFailures = checkType(schema, value);
  return [
    ...typeFailures,
    ...checkEnum(schema, value),
    ...checkString(schema, value),
    ...checkNumber(schema, value),
    ...checkArray(schema, value),
    ...checkObject(schema, value),
    ...checkCombinators(schema, value),
  ];
}

/** A collection's validator with its level and action, as given to `create` or `collMod`. */
export interface ValidatorOptions {
  validator?: Document;
  validationLevel?: 'off' | 'strict' | 'moderate';
  validationAction?: 'error' | 'warn';
}

/**
 * Checks a document against the collection's validator; throws code 121 "Document failed
 * validation" with MongoDB-like `errInfo` when it fails and the action is `error`.
 * Returns the failures (for logging) when the action is `warn`.
 */
export function enforceValidator(options: ValidatorOptions, document: Document): RuleFailure[] {
  const validator = options.validator;
  if (!validator || Object.keys(validator).length === 0 || options.validationLevel === 'off') {
    return [];
  }
  const { $jsonSchema: schema, ...rest } = validator;
  const schemaFailures = schema ? checkSchema(schema as Schema, document) : [];
  const restPasses = Object.keys(rest).length === 0 || new Query(rest).test(document);
  if (schemaFailures.length === 0 && restPasses) return [];

  const failures: RuleFailure[] = schemaFailures.length
    ? [{ operatorName: '$jsonSchema', schemaRulesNotSatisfied: schemaFailures }]
    : [{ operatorName: '$and', clausesNotSatisfied: [] }];
  if (options.validationAction === 'warn') return failures;
  throw new CommandError('DocumentValidationFailure', 'Document failed validation', {
    errInfo: { failingDocumentId: document._id, details: failures[0] },
  });
}
