// Issue 8, tables, columns and indexes: each feature a DBA uses, in a fixture written the way DBAs write it,
// survives a drop-everything migration and its downgrade unchanged (compared as the database prints it), and
// models written for it make `check` report nothing. See test/support/round-trip.ts.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { DialectName } from '../../src/drivers/connection.js';
import { REPO_ROOT } from '../support/project.js';
import { fidelityRoundTrip } from '../support/round-trip.js';
import { selectedTargets } from '../support/targets.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'fidelity');

/** The table-level features, per dialect: test/fixtures/fidelity/<dialect>/<feature>.sql (+ .models.ts). */
const FEATURES: Record<DialectName, string[]> = {
  postgres: ['index-options', 'written-defaults', 'mixed-app'],
  mysql: ['index-prefix', 'charsets-options', 'mixed-shop'],
  sqlite: ['references-rowid', 'declared-types'],
};

for (const target of selectedTargets()) {
  describe(`fidelity of tables, columns and indexes on ${target.name}`, () => {
    for (const feature of FEATURES[target.dialect]) {
      test(feature, async () => {
        const base = join(FIXTURES, target.dialect, feature);
        const models = `${base}.models.ts`;
        await fidelityRoundTrip(target, { sql: `${base}.sql`, ...(existsSync(models) ? { models } : {}) }, feature);
      });
    }
  });
}
