// Issue 8, tables, columns and indexes: each feature a DBA uses, in a fixture written the way DBAs write it,
// survives a drop-everything migration and its downgrade unchanged (compared as the database prints it), and
// models written for it make `check` report nothing. See test/support/round-trip.ts.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { DialectName } from '../../src/drivers/connection.js';
import { catalogDifferences, readCatalog, type Catalog } from '../support/catalog.js';
import { createProject, REPO_ROOT } from '../support/project.js';
import { fidelityRoundTrip } from '../support/round-trip.js';
import { selectedTargets } from '../support/targets.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'fidelity');

/** The table-level features, per dialect: test/fixtures/fidelity/<dialect>/<feature>.sql (+ .models.ts). */
const FEATURES: Record<DialectName, string[]> = {
  postgres: ['index-options', 'written-defaults', 'mixed-app'],
  mysql: ['index-prefix', 'charsets-options', 'mixed-shop', 'table-options'],
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

/** Table and column settings changed in the models: migrate writes the change, upgrade applies it, check is quiet, downgrade undoes it. */
const CHANGES: Partial<Record<DialectName, { before: string; after: string; shows: (c: Catalog) => string[] }>> = {
  mysql: {
    // touched: MODIFY COLUMN (its comment changes) keeps ON UPDATE CURRENT_TIMESTAMP
    before:
      `export const notes = table('notes', { id: t.integer().primaryKey(), body: t.varchar(100), ` +
      `touched: t.custom('timestamp').notNull().defaultSql('CURRENT_TIMESTAMP').onUpdateSql('CURRENT_TIMESTAMP') });`,
    after:
      `export const notes = table('notes', { id: t.integer().primaryKey(), body: t.varchar(100).collate('utf8mb4_bin'), ` +
      `touched: t.custom('timestamp').notNull().defaultSql('CURRENT_TIMESTAMP').onUpdateSql('CURRENT_TIMESTAMP').comment('last write') }, undefined, ` +
      `{ engine: 'MyISAM', rowFormat: 'fixed', createOptions: { CHECKSUM: 1, MAX_ROWS: 5000 } });`,
    shows: (c) => [c['tables']?.['notes'] ?? '', c['columns']?.['notes.body'] ?? '', c['columns']?.['notes.touched'] ?? ''],
  },
  sqlite: {
    before: `export const notes = table('notes', { id: t.integer().primaryKey(), body: t.text() });`,
    after: `export const notes = table('notes', { id: t.integer().primaryKey(), body: t.text().collate('NOCASE') }, undefined, { withoutRowid: true });`,
    shows: (c) => [c['tables']?.['notes'] ?? '', c['indexes']?.['notes.pk(id BINARY)'] ?? ''],
  },
  postgres: {
    before: `export const notes = table('notes', { id: t.integer().primaryKey(), body: t.text() });`,
    after: `export const notes = table('notes', { id: t.integer().primaryKey(), body: t.text().collate('C').statistics(300) });`,
    shows: (c) => [c['columns']?.['public.notes.body'] ?? ''],
  },
};

for (const target of selectedTargets()) {
  const change = CHANGES[target.dialect];
  if (!change) continue;
  test(`table options and column collations changed in the models migrate both ways on ${target.name}`, async () => {
    const db = await target.create('fidelitychange');
    const project = createProject(db.url, target.dialect);
    const models = (body: string): string => `import { t, table } from 'athanor';\n${body}\n`;
    const run = async (args: string[]): Promise<string> => {
      const r = await project.cli(args);
      assert.equal(r.code, 0, `athanor ${args.join(' ')}: ${r.stdout}${r.stderr}`);
      return r.stdout;
    };
    try {
      project.write('athanor.config.json', JSON.stringify({ dialect: target.dialect, migrations: 'migrations', models: './models.ts' }));
      project.write('models.ts', models(change.before));
      await run(['migrate', '-m', 'notes']);
      await run(['upgrade']);
      const before = await readCatalog(db.url);
      project.write('models.ts', models(change.after));
      await run(['migrate', '-m', 'settings']);
      await run(['upgrade']);
      await run(['check']);
      const changed = change.shows(await readCatalog(db.url));
      assert.notDeepEqual(changed, change.shows(before), 'the upgrade changed the table');
      const expected: Record<string, RegExp[]> = {
        mysql: [/ENGINE=MyISAM.*MAX_ROWS=5000.*CHECKSUM=1.*ROW_FORMAT=FIXED/, /COLLATE utf8mb4_bin/, /ON UPDATE current_timestamp\(\) COMMENT 'last write'/],
        sqlite: [/WITHOUT ROWID/, /UNIQUE pk/],
        postgres: [/COLLATE "C".*STATISTICS 300/],
      };
      (expected[target.dialect] ?? []).forEach((pattern, i) => assert.match(changed[i] ?? '', pattern));
      await run(['downgrade', '-1']);
      assert.deepEqual(catalogDifferences(before, await readCatalog(db.url)), [], 'the downgrade restored the table as it was');
    } finally {
      project.remove();
      await db.drop();
    }
  });
}
