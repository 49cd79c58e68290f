// Issue 8, objects half: views, materialized views, triggers (and PostgreSQL trigger functions), functions,
// procedures and standalone sequences survive a drop-everything migration and its downgrade, compared as the
// database prints them; models written for each fixture make `check` report nothing.
// Fixtures: test/fixtures/fidelity/<dialect>/<kind>.sql (+ <kind>.models.ts).
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../support/project.js';
import { fidelityRoundTrip } from '../support/round-trip.js';
import { selectedTargets } from '../support/targets.js';

const OBJECT_FIXTURES = ['views', 'triggers', 'functions', 'sequences', 'routines', 'objects-mixed'];
const OBJECT_SECTIONS = ['views', 'triggers', 'functions', 'routines', 'sequences'];

for (const target of selectedTargets()) {
  const dir = join(REPO_ROOT, 'test/fixtures/fidelity', target.dialect);
  const fixtures = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.sql') && OBJECT_FIXTURES.includes(f.slice(0, -4))) : [];
  describe(`schema objects round trip on ${target.name}`, () => {
    for (const file of fixtures) {
      const kind = file.slice(0, -4);
      const models = join(dir, `${kind}.models.ts`);
      test(`${kind}: drop everything, downgrade, same catalog${existsSync(models) ? '; check with models finds nothing' : ''}`, async () => {
        const result = await fidelityRoundTrip(target, { sql: join(dir, file), ...(existsSync(models) ? { models } : {}) }, `obj${kind}`);
        const objects = OBJECT_SECTIONS.reduce((n, s) => n + Object.keys(result.loaded[s] ?? {}).length, 0);
        assert.ok(objects > 0, `the fixture has objects: ${JSON.stringify(result.loaded)}`);
        assert.doesNotMatch(result.migration, /not managed/);
      });
    }
  });
}
