// The layer rules of docs/DESIGN.md, checked: dependency-cruiser for imports (dynamic ones included, no cycles,
// no I/O modules in the pure layers), and a scan for process state (process.*) in the pure layers, which an
// import graph cannot see. Exits non-zero with one line per violation.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const PURE = ['src/schema', 'src/operations', 'src/revisions', 'src/diff', 'src/codegen'];
const PURE_FILES = ['src/errors.ts', 'src/user-api.ts', 'src/dialect-name.ts', 'src/config/types.ts'];

function tsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const problems = [];
for (const file of [...PURE.flatMap(tsFiles), ...PURE_FILES]) {
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    const code = line.replace(/\/\/.*$/, '');
    if (/\bprocess\.\w/.test(code)) problems.push(`${file}:${i + 1}: pure layer reads process state: ${line.trim()}`);
  });
}

const cruise = spawnSync(process.execPath, ['node_modules/dependency-cruiser/bin/dependency-cruise.mjs', 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], {
  encoding: 'utf8',
});
if (cruise.status !== 0) problems.push((cruise.stdout + cruise.stderr).trim());

if (problems.length > 0) {
  console.error(`layer check failed:\n${problems.join('\n')}`);
  process.exit(1);
}
console.log('layers: ok (imports only point down, no cycles, pure layers touch no I/O or process state)');
