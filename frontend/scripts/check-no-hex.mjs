// Forbids hex colour literals under src/components, src/dashboards and src/pages (08 §2 rule 7):
// every colour is a custom property from src/styles/tokens.css.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const DIRS = ['src/components', 'src/dashboards', 'src/pages'];
const EXTENSIONS = /\.(tsx?|css|json)$/;
// #abc, #abcd, #aabbcc, #aabbccdd not followed by another word character.
const HEX = /#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3,4})(?![\w-])/g;

function* files(dir) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (EXTENSIONS.test(name)) yield path;
  }
}

const problems = [];
for (const dir of DIRS) {
  for (const file of files(join(root, dir))) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        for (const match of line.matchAll(HEX)) {
          problems.push(`${relative(root, file)}:${index + 1}:${(match.index ?? 0) + 1}  hex colour ${match[0]}: use a token from src/styles/tokens.css`);
        }
      });
  }
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error(`\n${problems.length} hex colour literal(s) found`);
  process.exit(1);
}
console.log(`check-no-hex: no hex colours under ${DIRS.join(', ')}`);
