// DEFERRABLE foreign keys, as PostgreSQL (and SQLite) schemas use them for rows that reference each other:
// declared in the models (`.deferrable('deferred')`, `references(…, { deferrable })`), created by migrate →
// upgrade, in sync after, a change of when the key is checked is drift and a migration that rolls back, and
// pull writes them back. MySQL has none: a model that asks for one is refused by name. Through the CLI.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openConnection } from '../../src/drivers/open.js';
import { queryRows } from '../support/db.js';
import { createProject, type TestProject } from '../support/project.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

const models = (childKey: 'deferred' | 'immediate') => `import { table, t, foreignKey } from 'athanor';
export const parents = table('parents', { id: t.integer().primaryKey(), name: t.text() });
export const children = table('children', {
  id: t.integer().primaryKey(),
  parent_id: t.integer().notNull(),
  guardian_id: t.integer().references(() => parents.id, { onDelete: 'set null', deferrable: 'immediate' }),
}, (c) => [foreignKey('fk_children_parent').on(c.parent_id).references(() => [parents.id]).deferrable('${childKey}')]);
`;

/** When each foreign key of `children` is checked, as the database says: key name → clause. */
async function deferrability(url: string, dialect: string): Promise<Record<string, string>> {
  if (dialect === 'sqlite') {
    const [row] = await queryRows<{ sql: string }>(url, "SELECT sql FROM sqlite_master WHERE name = 'children'");
    // athanor writes a constraint a line
    const clause = (name: string) => /(DEFERRABLE INITIALLY DEFERRED|DEFERRABLE)?,?$/.exec(new RegExp(`CONSTRAINT "${name}" [^\\n]*`).exec(row?.sql ?? '')?.[0] ?? '')?.[1] ?? 'none';
    return { fk_children_parent: clause('fk_children_parent'), children_guardian_id_fkey: clause('children_guardian_id_fkey') };
  }
  const rows = await queryRows<{ conname: string; condeferrable: boolean; condeferred: boolean }>(
    url,
    "SELECT conname, condeferrable, condeferred FROM pg_constraint WHERE conrelid = 'children'::regclass AND contype = 'f'",
  );
  return Object.fromEntries(rows.map((r) => [r.conname, r.condeferrable ? (r.condeferred ? 'DEFERRABLE INITIALLY DEFERRED' : 'DEFERRABLE') : 'none']));
}

for (const target of selectedTargets(['postgres', 'pglite', 'sqlite'])) {
  describe(`DEFERRABLE foreign keys on ${target.name}`, () => {
    let db: TestDatabase;
    let project: TestProject;
    before(async () => {
      db = await target.create('deferrable');
      project = createProject(db.url, target.dialect);
      project.write('athanor.config.json', JSON.stringify({ dialect: target.dialect, migrations: 'migrations', models: './models.ts' }));
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('declared, created, in sync; checked at COMMIT; a change is drift and a migration that rolls back; pulled back', async () => {
      project.write('models.ts', models('deferred'));
      let r = await project.cli(['migrate', '-m', 'family']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      r = await project.cli(['upgrade']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await deferrability(db.url, target.dialect), { fk_children_parent: 'DEFERRABLE INITIALLY DEFERRED', children_guardian_id_fkey: 'DEFERRABLE' });
      r = await project.cli(['check']);
      assert.equal(r.code, 0, `in sync after upgrade: ${r.stdout}${r.stderr}`);
      if (target.dialect !== 'sqlite') {
        // the child first, its parent after: the key is checked when the transaction commits
        const conn = await openConnection(db.url);
        try {
          await conn.exec("BEGIN; INSERT INTO children (id, parent_id) VALUES (1, 10); INSERT INTO parents (id, name) VALUES (10, 'p'); COMMIT");
        } finally {
          await conn.close();
        }
        assert.equal((await queryRows(db.url, 'SELECT id FROM children')).length, 1);
      }

      project.write('models.ts', models('immediate'));
      r = await project.cli(['check']);
      assert.equal(r.code, 1, `checked at once instead of at COMMIT is drift: ${r.stdout}${r.stderr}`);
      r = await project.cli(['migrate', '-m', 'parent key checked at once']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const files = readdirSync(join(project.dir, 'migrations')).filter((f) => f.endsWith('.ts')).sort();
      const second = readFileSync(join(project.dir, 'migrations', files[1] ?? ''), 'utf8');
      assert.match(second, /deferrable: 'immediate'/);
      assert.match(second, /deferrable: 'deferred'/, 'the downgrade puts the old key back');
      r = await project.cli(['upgrade']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal((await deferrability(db.url, target.dialect)).fk_children_parent, 'DEFERRABLE');
      r = await project.cli(['check']);
      assert.equal(r.code, 0, `in sync after the change: ${r.stdout}${r.stderr}`);
      r = await project.cli(['downgrade', '-1']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal((await deferrability(db.url, target.dialect)).fk_children_parent, 'DEFERRABLE INITIALLY DEFERRED');

      r = await project.cli(['pull', '-o', 'pulled.ts']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const pulled = readFileSync(join(project.dir, 'pulled.ts'), 'utf8');
      assert.match(pulled, /deferrable\('deferred'\)|deferrable: 'deferred'/);
      assert.match(pulled, /deferrable\('immediate'\)|deferrable: 'immediate'/);
      assert.doesNotMatch(r.stdout + r.stderr, /DEFERRABLE/, 'nothing about them is reported as not managed');
    });
  });
}

for (const target of selectedTargets(['mysql'])) {
  describe(`DEFERRABLE foreign keys on ${target.name}`, () => {
    test('MySQL checks every key at once: a model that asks for a deferrable one is refused by name', async () => {
      const db = await target.create('deferrable');
      const project = createProject(db.url, target.dialect);
      try {
        project.write('athanor.config.json', JSON.stringify({ dialect: target.dialect, migrations: 'migrations', models: './models.ts' }));
        project.write('models.ts', models('deferred'));
        const r = await project.cli(['migrate', '-m', 'family']);
        assert.equal(r.code, 2, r.stdout + r.stderr);
        assert.match(r.stderr, /foreign key (fk_children_parent|children_guardian_id_fkey): MySQL checks every key at once/);
        assert.deepEqual(readdirSync(join(project.dir, 'migrations')).filter((f) => f.endsWith('.ts')), [], 'no migration written');
      } finally {
        project.remove();
        await db.drop();
      }
    });
  });
}
