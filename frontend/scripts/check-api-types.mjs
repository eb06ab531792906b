// API drift check (08 §1): regenerates the types from openapi.json into a temporary file and
// fails when src/api/schema.d.ts differs. Fix with `npm run gen:api` (or `make api-types`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'chiefops-api-'));
const fresh = join(dir, 'schema.d.ts');
try {
  const cli = join(root, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
  const run = spawnSync(process.execPath, [cli, join(root, 'openapi.json'), '-o', fresh], { encoding: 'utf8' });
  if (run.status !== 0) {
    console.error(run.stdout, run.stderr);
    process.exit(1);
  }
  const committed = readFileSync(join(root, 'src', 'api', 'schema.d.ts'), 'utf8');
  if (readFileSync(fresh, 'utf8') !== committed) {
    console.error('src/api/schema.d.ts is stale: run `npm run gen:api` (or `make api-types`) and commit both files');
    process.exit(1);
  }
  console.log('check-api-types: src/api/schema.d.ts matches openapi.json');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
