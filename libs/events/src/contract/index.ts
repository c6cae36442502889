export { eventJsonSchema, eventJsonSchemas } from './json-schema';
export type { JsonSchema } from './json-schema';
export { asyncApiDocument, messageKey } from './asyncapi';
export { breakingChanges, explainBreakingChanges, schemaBreaks } from './compatibility';
export type { BreakingChange } from './compatibility';
