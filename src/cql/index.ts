/** Reading, checking and explaining Confluence Query Language queries. */
export type * from './ast';
export { parseCql } from './parser';
export { cqlProblemOf, type CqlProblem } from './problem';
export { FIELDS, canonicalField, fieldSpec, type FieldSpec, type FieldKind } from './fields';
export { functionSpec, type FunctionSpec } from './functions';
