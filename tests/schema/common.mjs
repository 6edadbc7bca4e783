// What the validators (validate.mjs, validate_sarif.mjs) share: where the schemas are, and how a run that lacks
// a prerequisite (a schema, node_modules) ends: SKIPPED with exit 77, except under CI (CI=true), where it is an error.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SKIP = 77;
export const here = path.dirname(fileURLToPath(import.meta.url));
export const sharedDir = process.env.SCHEDC_SHARED_DIR || path.resolve(here, '..', '..', '..', 'shared');

// Thrown where a prerequisite is missing.
export class Skip extends Error {}

export function missingModules() {
  return new Skip(`node_modules missing: run \`npm ci\` in ${here}`);
}

// Reports that `problem` keeps `what` from being checked: 1 under CI (an error), else SKIP.
export function cannotCheck(problem, what) {
  if (process.env.CI === 'true') {
    console.error(`ERROR: ${problem} (CI=true: the schema tests must run)`);
    return 1;
  }
  console.log(`SKIPPED: ${what}`);
  return SKIP;
}
