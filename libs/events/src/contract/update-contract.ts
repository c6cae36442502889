import { catalog } from '../types';
import { breakingChanges, explainBreakingChanges } from './compatibility';
import { readCheckedInSchemas, writeContract, CONTRACT_DIR } from './contract-files';
import { eventJsonSchemas } from './json-schema';

/**
 * `npm run contract:update -w @idaas/events`: writes the generated contract over the checked-in
 * one, refusing when that would hide a breaking change (the test would fail on it anyway).
 */
function main(): void {
  const schemas = eventJsonSchemas(catalog);
  const breaks = breakingChanges(readCheckedInSchemas(), schemas);
  if (breaks.length > 0) {
    console.error(explainBreakingChanges(breaks));
    process.exit(1);
  }
  writeContract(schemas);
  console.log(`wrote ${Object.keys(schemas).length} event schemas to ${CONTRACT_DIR}`);
}

main();
