// Issue 8's extra integration case: a whole application schema, written as its published dump is (a Sakila-shaped
// schema: tables with ENUM/SET/YEAR/GEOMETRY, FULLTEXT and SPATIAL keys, a foreign-key cycle, views, triggers,
// functions, procedures), survives a drop-everything migration and its downgrade unchanged. See round-trip.ts.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../support/project.js';
import { fidelityRoundTrip } from '../support/round-trip.js';
import { selectedTargets, type TargetName } from '../support/targets.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'fidelity-apps');

/** test/fixtures/fidelity-apps/<dir>/<app>.sql (+ .models.ts), per target */
const APPS: Partial<Record<TargetName, { dir: string; apps: string[] }>> = {
  mysql: { dir: 'mysql', apps: ['sakila'] },
  postgres: { dir: 'postgres', apps: ['pagila'] },
  pglite: { dir: 'postgres', apps: ['pagila'] },
};

for (const target of selectedTargets()) {
  const apps = APPS[target.name];
  if (!apps) continue;
  describe(`a published application schema on ${target.name}`, () => {
    for (const app of apps.apps) {
      test(app, async () => {
        const base = join(FIXTURES, apps.dir, app);
        const models = `${base}.models.ts`;
        await fidelityRoundTrip(target, { sql: `${base}.sql`, ...(existsSync(models) ? { models } : {}) }, app);
      });
    }
  });
}
