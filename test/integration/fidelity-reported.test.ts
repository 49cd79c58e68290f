// Issue 8, "never silent": what athanor does not manage in a fixture written as DBAs write it is named by
// `check` and `migrate` on the "not managed by athanor" line, and the drop-everything migration notes, at the
// dropTable, each setting or object that goes with the table. See fidelity-tables / fidelity-objects for what
// is managed.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadNatively } from '../support/native.js';
import { createProject, REPO_ROOT } from '../support/project.js';
import { selectedTargets, type TargetName } from '../support/targets.js';

interface Reported {
  fixture: string;
  /** on the "not managed by athanor:" line of check and migrate */
  line: string[];
  /** table → what its dropTable's NOTE names */
  notes: Record<string, string[]>;
}

const CASES: Partial<Record<TargetName, Reported>> = {
  // PGlite has no btree_gist (an extension it loads only when asked) and no event triggers
  postgres: {
    fixture: 'postgres/settings.sql',
    line: [
      'WITH (fillfactor=70) of constraint bookings_pkey on bookings',
      'WITH (fillfactor=80, autovacuum_enabled=false) of table bookings',
      'UNLOGGED of table scratch_rows',
      // a DEFERRABLE foreign key is managed (fidelity-tables); a DEFERRABLE unique constraint is not
      'DEFERRABLE of constraint guests_id_booking_key on guests',
      'WITH (fillfactor=60) of index guests_booking_ix on guests',
      'comment of index guests_booking_ix on guests',
      'comment of constraint guests_booking_fk on guests',
      'partitioning (RANGE (taken)) of table measurements',
      'comment of view free_rooms',
      'event trigger function no_ddl()',
      'event trigger log_ddl',
      'AS bigint of sequence legacy_ids_id_seq on legacy_ids',
      'extension btree_gist',
    ],
    notes: {
      bookings: ['WITH (fillfactor=70) of constraint bookings_pkey'],
      scratch_rows: ['UNLOGGED of table scratch_rows'],
      measurements: ['partitioning (RANGE (taken)) of table measurements'],
    },
  },
  mysql: {
    fixture: 'mysql/settings.sql',
    line: ['partitioning of table page_views', 'AUTO_INCREMENT=100000 of table orders', 'event purge_views'],
    notes: { page_views: ['partitioning of table page_views'], orders: ['AUTO_INCREMENT=100000 of table orders'] },
  },
};

for (const target of selectedTargets()) {
  const c = CASES[target.name];
  if (!c) continue;
  describe(`what is not managed is named, on ${target.name}`, () => {
    test(c.fixture, async () => {
      const db = await target.create('reported');
      const project = createProject(db.url, target.dialect);
      try {
        project.write('athanor.config.json', JSON.stringify({ dialect: target.dialect, migrations: 'migrations', models: './models.ts' }));
        project.write('models.ts', 'export {};\n');
        await loadNatively(db.url, readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'fidelity-reported', c.fixture), 'utf8'));
        for (const args of [['check'], ['migrate', '-m', 'drop everything']]) {
          const r = await project.cli(args);
          const line = r.stdout.split('\n').find((l) => l.startsWith('not managed by athanor: ')) ?? '';
          for (const name of c.line) assert.ok(line.includes(name), `athanor ${args[0]} names "${name}" in:\n${r.stdout}${r.stderr}`);
        }
        const file = readdirSync(join(project.dir, 'migrations')).find((f) => f.endsWith('.ts'));
        assert.ok(file, 'migrate wrote a migration');
        const lines = readFileSync(join(project.dir, 'migrations', file), 'utf8').split('\n').map((l) => l.trim());
        for (const [table, named] of Object.entries(c.notes)) {
          const drop = lines.findIndex((l) => l.startsWith(`await op.dropTable('${table}'`));
          assert.ok(drop > 0, `the migration drops ${table}`);
          const note = lines[drop - 1] ?? '';
          for (const name of named) assert.ok(note.startsWith('// NOTE: ') && note.includes(name), `the NOTE at dropTable('${table}') names "${name}": ${note}`);
        }
      } finally {
        project.remove();
        await db.drop();
      }
    });
  });
}
