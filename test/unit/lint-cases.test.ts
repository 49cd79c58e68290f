// Lint quality on labelled PostgreSQL migrations (test/fixtures/lint-cases): every hazard found, nothing
// else reported. Each case is a `.sql` migration run after one that built BASE_SCHEMA, linted offline.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { lintProject } from '../../src/lint/index.js';
import { BASE_SCHEMA, CASES, type LintCase } from '../fixtures/lint-cases/postgres-cases.js';

let root: string;
before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'ath-lint-cases-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The rule ids athanor reports for the case, deduplicated and sorted. */
async function athanorFindings(lintCase: LintCase): Promise<string[]> {
  const dir = path.join(root, lintCase.id);
  await mkdir(dir);
  await writeFile(path.join(dir, '0001_base.sql'), `-- revision: base00000001\n-- down-revision:\n-- +upgrade\n${BASE_SCHEMA}`);
  const transactional = lintCase.nonTransactional ? '-- transactional: false\n' : '';
  await writeFile(path.join(dir, '0002_case.sql'), `-- revision: case00000001\n-- down-revision: base00000001\n${transactional}-- +upgrade\n${lintCase.sql}\n`);
  const report = await lintProject({ migrationsDir: dir, dialect: 'postgres', revisions: ['case00000001'] });
  return [...new Set(report.findings.map((f) => f.rule))].sort();
}

test(`the case set is large enough to mean something (${CASES.length} cases)`, () => {
  assert.ok(CASES.length >= 58);
  assert.equal(new Set(CASES.map((c) => c.id)).size, CASES.length, 'case ids are unique');
});

for (const lintCase of CASES) {
  test(`${lintCase.id}: ${lintCase.expected.length === 0 ? 'safe, no finding' : lintCase.expected.join(', ')}`, async () => {
    assert.deepEqual(await athanorFindings(lintCase), [...lintCase.expected].sort());
  });
}
