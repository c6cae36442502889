/**
 * The SCIM filter expression tree (RFC 7644 section 3.4.2.2). Attribute paths are lower-cased
 * because SCIM attribute names are case-insensitive; the schema URN prefix is kept apart.
 */
export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

export const COMPARE_OPS: readonly CompareOp[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'];

export type FilterValue = string | number | boolean | null;

export interface AttributePath {
  /** Schema URN the path was qualified with, if any, e.g. `urn:ietf:params:scim:schemas:core:2.0:User`. */
  schema?: string;
  /** Lower-cased, sub-attributes joined by dots: `name.familyname`, `emails.value`. */
  attribute: string;
}

export type Filter =
  | { kind: 'and' | 'or'; left: Filter; right: Filter }
  | { kind: 'not'; filter: Filter }
  | { kind: 'compare'; path: AttributePath; op: CompareOp; value: FilterValue }
  | { kind: 'present'; path: AttributePath };
