/** Reading, checking and explaining Confluence Query Language queries. */
export type * from './ast';
export { parseCql } from './parser';
export { cqlProblemOf, type CqlProblem } from './problem';
export { referencedEntities, type ReferencedEntities } from './references';
export { formatCqlError } from './format';
export { FIELDS, canonicalField, fieldSpec, type FieldSpec, type FieldKind } from './fields';
export { functionSpec, type FunctionSpec } from './functions';
export { closestMatch, editDistance } from './suggest';
export {
  checkCqlWithConfluence,
  MAX_WARNING_LOOKUPS,
  suggestSpaceKey,
  type MissingSpace,
  type RemoteCheckOptions,
  type RemoteCqlResult,
} from './remote-validation';
