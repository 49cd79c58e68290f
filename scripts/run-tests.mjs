// Runs the test suite with node's built-in runner (TypeScript through tsx).
// Usage: node scripts/run-tests.mjs [unit|integration] [name-filter]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [group, filter] = process.argv.slice(2);
const groups = group ? [group] : ['unit', 'integration'];
const files = groups.flatMap((g) =>
  readdirSync(join('test', g))
    .filter((f) => f.endsWith('.test.ts') && (!filter || f.includes(filter)))
    .sort()
    .map((f) => join('test', g, f)),
);
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
// in CI (or with ATHANOR_FC_SEED) property tests run with a fixed seed: see test/support/fixed-seed.ts
const pinSeed = process.env.CI || process.env.ATHANOR_FC_SEED ? ['--import', './test/support/fixed-seed.ts'] : [];
const countDir = mkdtempSync(join(tmpdir(), 'athanor-test-count-'));
const countFile = join(countDir, 'counts.json');
const reporters = [
  `--test-reporter=${process.stdout.isTTY ? 'spec' : 'tap'}`,
  '--test-reporter-destination=stdout',
  '--test-reporter=./scripts/test-count-reporter.mjs',
  `--test-reporter-destination=${countFile}`,
];
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', ...pinSeed, '--test', ...reporters, '--test-concurrency=2', '--test-timeout=600000', ...files],
  { stdio: 'inherit' },
);
let counts;
try {
  counts = JSON.parse(readFileSync(countFile, 'utf8'));
} catch {
  counts = null;
}
rmSync(countDir, { recursive: true, force: true });
if (result.status === 0 && (!counts || counts.ran === 0)) {
  // a filter or ATHANOR_TARGETS that selects nothing is a mistake, not a pass
  console.error(`no test ran (${counts ? `${counts.skipped} skipped` : 'no report'}): check the file filter and ATHANOR_TARGETS`);
  process.exit(1);
}
if (counts) console.log(`tests run: ${counts.ran}, passed: ${counts.passed}, failed: ${counts.failed}, skipped: ${counts.skipped}`);
process.exit(result.status ?? 1);
