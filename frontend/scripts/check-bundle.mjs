// Bundle budget (08 §13, §14): the gzip sizes of the entry chunk, its static imports and the
// main-dashboard chunk, read from the Vite manifest, must stay at or under 600 KB.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 600 * 1024;
const dist = fileURLToPath(new URL('../../src/chiefops/web/dist', import.meta.url));
const MAIN_DASHBOARD_SRC = 'src/pages/main/MainDashboardPage.tsx';

let manifest;
try {
  manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));
} catch (err) {
  console.error(`check-bundle: cannot read the Vite manifest in ${dist}/.vite (run npm run build first): ${err.message}`);
  process.exit(1);
}

const entries = Object.entries(manifest).filter(([, chunk]) => chunk.isEntry);
if (entries.length === 0) {
  console.error('check-bundle: the manifest has no entry chunk');
  process.exit(1);
}

const keys = new Set();
function visit(key) {
  if (keys.has(key)) return;
  const chunk = manifest[key];
  if (!chunk) throw new Error(`manifest key ${key} is missing`);
  keys.add(key);
  for (const imported of chunk.imports ?? []) visit(imported);
}
for (const [key] of entries) visit(key);
// The main dashboard is part of the entry today; if it ever becomes its own chunk it still counts.
for (const [key, chunk] of Object.entries(manifest)) {
  if (chunk.src === MAIN_DASHBOARD_SRC) visit(key);
}

const files = new Map();
for (const key of keys) {
  const chunk = manifest[key];
  files.set(chunk.file, 'js');
  for (const css of chunk.css ?? []) files.set(css, 'css');
}

const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
let jsTotal = 0;
let cssTotal = 0;
for (const [file, kind] of files) {
  const size = gz(file);
  if (kind === 'js') jsTotal += size;
  else cssTotal += size;
  console.log(`  ${kind.padEnd(3)} ${kb(size).padStart(9)}  ${file}`);
}

const total = jsTotal + cssTotal;
console.log(`initial load (gzip): JS ${kb(jsTotal)} + CSS ${kb(cssTotal)} = ${kb(total)} (budget ${kb(BUDGET_BYTES)})`);
if (total > BUDGET_BYTES) {
  console.error(`check-bundle: FAIL, ${kb(total - BUDGET_BYTES)} over budget`);
  process.exit(1);
}
console.log('check-bundle: OK');
