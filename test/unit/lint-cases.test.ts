// Lint quality on labelled PostgreSQL migrations (test/fixtures/lint-cases): every hazard found, nothing
// else reported. Each case is a `.sql` migration run after one that built BASE_SCHEMA, linted offline.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { athanorRules } from '../fixtures/lint-cases/athanor.js';
import { CASES } from '../fixtures/lint-cases/postgres-cases.js';

let root: string;
before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'ath-lint-cases-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

test(`the case set is large enough to mean something (${CASES.length} cases)`, () => {
  assert.ok(CASES.length >= 58);
  assert.equal(new Set(CASES.map((c) => c.id)).size, CASES.length, 'case ids are unique');
});

for (const lintCase of CASES) {
  test(`${lintCase.id}: ${lintCase.expected.length === 0 ? 'safe, no finding' : lintCase.expected.join(', ')}`, async () => {
    assert.deepEqual(await athanorRules(lintCase, root), [...lintCase.expected].sort());
  });
}
