// The fidelity round trip of a fixture schema, as issue 8 asks for it:
//   load natively → models written for it: `check` reports nothing →
//   `migrate` with empty models (a migration dropping everything) → `upgrade` → `downgrade -1` →
//   the catalog is the one the native load made (compared as the database prints it).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { catalogCounts, catalogDifferences, readCatalog, type Catalog } from './catalog.js';
import { loadNatively } from './native.js';
import { createProject, type TestProject } from './project.js';
import type { TestTarget } from './targets.js';

export interface RoundTripFiles {
  /** the schema as a DBA writes it, loaded with the native client */
  sql: string;
  /** models.ts for that schema: `check` must find nothing to do */
  models?: string;
}

export interface RoundTripResult {
  loaded: Catalog;
  restored: Catalog;
  /** the generated migration's text */
  migration: string;
}

async function cli(project: TestProject, args: string[]): Promise<string> {
  const r = await project.cli(args);
  assert.equal(r.code, 0, `athanor ${args.join(' ')} exited ${r.code}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

export async function fidelityRoundTrip(target: TestTarget, files: RoundTripFiles, purpose = 'fidelity'): Promise<RoundTripResult> {
  const db = await target.create(purpose);
  const project = createProject(db.url, target.dialect);
  try {
    project.write('athanor.config.json', JSON.stringify({ dialect: target.dialect, migrations: 'migrations', models: './models.ts' }));
    await loadNatively(db.url, readFileSync(files.sql, 'utf8'));
    const loaded = await readCatalog(db.url);
    assert.ok((catalogCounts(loaded)['columns'] ?? 0) > 0, 'the fixture created tables');

    if (files.models) {
      project.write('models.ts', readFileSync(files.models, 'utf8'));
      const r = await project.cli(['check']);
      assert.equal(r.code, 0, `check with the fixture's models reports nothing:\n${r.stdout}${r.stderr}`);
    }

    project.write('models.ts', 'export {};\n');
    await cli(project, ['migrate', '-m', 'drop everything']);
    const file = readdirSync(`${project.dir}/migrations`).find((f) => f.endsWith('.ts'));
    assert.ok(file, 'migrate wrote a migration');
    const migration = readFileSync(`${project.dir}/migrations/${file}`, 'utf8');
    await cli(project, ['upgrade']);
    const emptied = await readCatalog(db.url);
    assert.equal(catalogCounts(emptied)['columns'], 0, 'the upgrade dropped every table');
    await cli(project, ['downgrade', '-1']);
    const restored = await readCatalog(db.url);
    const differences = catalogDifferences(loaded, restored);
    assert.deepEqual(differences, [], `the downgrade restored the schema as loaded; the migration:\n${migration}`);
    return { loaded, restored, migration };
  } finally {
    project.remove();
    await db.drop();
  }
}
