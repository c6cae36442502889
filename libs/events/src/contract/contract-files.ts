import fs from 'node:fs';
import path from 'node:path';
import type { JsonSchema } from './json-schema';

/** Where the checked-in contract lives: one JSON Schema per event type (the AsyncAPI document is built from them). */
export const CONTRACT_DIR = path.resolve(__dirname, '../../contract');
const SCHEMAS_DIR = path.join(CONTRACT_DIR, 'schemas');

export function readCheckedInSchemas(): Record<string, JsonSchema> {
  if (!fs.existsSync(SCHEMAS_DIR)) return {};
  const files = fs.readdirSync(SCHEMAS_DIR).filter((f) => f.endsWith('.json'));
  return Object.fromEntries(
    files.map((f) => [
      f.slice(0, -'.json'.length),
      JSON.parse(fs.readFileSync(path.join(SCHEMAS_DIR, f), 'utf8')) as JsonSchema,
    ]),
  );
}

export function writeContract(schemas: Record<string, JsonSchema>): void {
  fs.mkdirSync(SCHEMAS_DIR, { recursive: true });
  // Types no longer generated keep their file: the comparison must still see them as removed.
  for (const [type, schema] of Object.entries(schemas)) {
    fs.writeFileSync(path.join(SCHEMAS_DIR, `${type}.json`), `${JSON.stringify(schema, null, 2)}\n`);
  }
}
