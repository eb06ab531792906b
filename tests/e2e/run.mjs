// Entry point for `npm test`: runs every journeys/*.test.mjs with Node's test runner, one at a
// time. Without Chromium the suite is skipped (exit 0) unless CHIEFOPS_E2E_REQUIRED=1.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM, E2E_DIR, chromiumAvailable } from './harness.mjs';

if (!chromiumAvailable()) {
  if (process.env.CHIEFOPS_E2E_REQUIRED === '1') {
    console.error(`chromium not found at ${CHROMIUM} and CHIEFOPS_E2E_REQUIRED=1: failing`);
    process.exit(1);
  }
  console.log('SKIPPED: chromium not found');
  process.exit(0);
}

const requested = process.argv.slice(2);
const journeys = requested.length > 0
  ? requested
  : readdirSync(join(E2E_DIR, 'journeys'))
      .filter((f) => f.endsWith('.test.mjs'))
      .sort()
      .map((f) => join('journeys', f));

const run = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...journeys], { cwd: E2E_DIR, stdio: 'inherit' });
process.exit(run.status ?? 1);
