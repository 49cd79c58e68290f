// Declarative SQL as models: `models: './schema.sql'` (the whole schema as CREATE statements, as Supabase and
// Atlas users keep it) is applied to a throw-away database, introspected and diffed: migrate → upgrade → check in
// sync; an edit to the file → migrate → upgrade → check; downgrade -1 restores the catalog.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createProject, type TestProject } from '../support/project.js';
import { catalogDifferences, readCatalog } from '../support/catalog.js';
import { queryRows, tableNames } from '../support/db.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';
import type { DialectName } from '../../src/drivers/connection.js';

const SCHEMAS: Record<DialectName, (v2: boolean) => string> = {
  // as pg_dump --schema-only prints it since 15.14 / 16.10 / 17.6: between psql's \restrict lines
  postgres: (v2) => `-- the app's schema, as CREATE statements
\\restrict 6hT2sVqLr0
SET statement_timeout = 0;
CREATE TYPE status AS ENUM ('open', 'done');
CREATE TABLE users (
  id serial PRIMARY KEY,
  email text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()${v2 ? ',\n  active boolean NOT NULL DEFAULT true' : ''}
);
CREATE TABLE todos (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title text NOT NULL CHECK (length(title) > 0),
  status status NOT NULL DEFAULT 'open'
);
CREATE INDEX ix_todos_user ON todos (user_id) WHERE status <> 'done';
${v2 ? 'CREATE INDEX ix_todos_title ON todos (lower(title));' : ''}
\\unrestrict 6hT2sVqLr0
`,
  mysql: (v2) => `CREATE TABLE users (
  id int AUTO_INCREMENT PRIMARY KEY,
  email varchar(255) NOT NULL UNIQUE,
  created_at timestamp(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)${v2 ? ',\n  active tinyint(1) NOT NULL DEFAULT 1' : ''}
);
CREATE TABLE todos (
  id int AUTO_INCREMENT PRIMARY KEY,
  user_id int NOT NULL,
  title varchar(200) NOT NULL,
  status enum('open','done') NOT NULL DEFAULT 'open',
  CONSTRAINT fk_todos_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT ck_todos_title CHECK (char_length(title) > 0)
);
CREATE INDEX ix_todos_status ON todos (status);
${v2 ? 'CREATE INDEX ix_todos_title ON todos (title);' : ''}
`,
  sqlite: (v2) => `CREATE TABLE users (
  id integer PRIMARY KEY AUTOINCREMENT,
  email text NOT NULL UNIQUE,
  created_at integer NOT NULL DEFAULT (unixepoch())${v2 ? ',\n  active boolean NOT NULL DEFAULT 1' : ''}
);
CREATE TABLE todos (
  id integer PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title text NOT NULL CHECK (length(title) > 0),
  status text NOT NULL DEFAULT 'open'
);
CREATE INDEX ix_todos_user ON todos (user_id) WHERE status <> 'done';
${v2 ? 'CREATE INDEX ix_todos_title ON todos (lower(title));' : ''}
`,
};

function migrationFiles(project: TestProject): string[] {
  return readdirSync(join(project.dir, 'migrations')).filter((f) => f.endsWith('.ts')).sort();
}

for (const target of selectedTargets()) {
  describe(`schema.sql as models on ${target.name}: migrate → upgrade → check → downgrade`, () => {
    let db: TestDatabase;
    let project: TestProject;

    before(async () => {
      db = await target.create('sqlmodels');
      project = createProject(db.url, target.dialect);
      project.write('athanor.config.json', JSON.stringify({ dialect: target.dialect, migrations: 'migrations', models: './schema.sql' }));
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('the CREATE statements become tables; an edit is a migration that rolls back', async () => {
      const schema = SCHEMAS[target.dialect];
      project.write('schema.sql', schema(false));
      let r = await project.cli(['migrate', '-m', 'initial']);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      r = await project.cli(['upgrade']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual((await tableNames(db.url)).filter((t) => !t.startsWith('athanor_')), ['todos', 'users']);
      r = await project.cli(['check']);
      assert.equal(r.code, 0, `in sync after upgrade: ${r.stdout}${r.stderr}`);
      await queryRows(db.url, `INSERT INTO users (email) VALUES ('a@example.com')`);
      await queryRows(db.url, `INSERT INTO todos (user_id, title) VALUES (1, 'write tests')`);
      const v1 = await readCatalog(db.url);

      project.write('schema.sql', schema(true));
      r = await project.cli(['check']);
      assert.equal(r.code, 1, 'the edit is drift');
      r = await project.cli(['migrate', '-m', 'active users']);
      assert.equal(r.code, 0, r.stderr);
      const files = migrationFiles(project);
      assert.equal(files.length, 2);
      assert.match(readFileSync(join(project.dir, 'migrations', files[1] as string), 'utf8'), /addColumn\('users', 'active'/);
      r = await project.cli(['upgrade']);
      assert.equal(r.code, 0, r.stderr);
      r = await project.cli(['check']);
      assert.equal(r.code, 0, `in sync after the edit: ${r.stdout}${r.stderr}`);

      r = await project.cli(['downgrade', '-1']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(catalogDifferences(v1, await readCatalog(db.url)), [], 'downgrade restores the schema');
      assert.equal((await queryRows(db.url, 'SELECT * FROM todos')).length, 1, 'rows kept');
    });

    test('a statement the database refuses: one line naming the file and line, exit 2, database unchanged', async () => {
      const before = await readCatalog(db.url);
      project.write('schema.sql', `CREATE TABLE a (id integer PRIMARY KEY);\n\nCREATE TABLE b (id integer REFERENCES nowhere_at_all (id) ,, );\n`);
      const r = await project.cli(['migrate', '-m', 'bad']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /schema\.sql:3: the database refused this statement: /);
      assert.equal(r.stderr.trim().split('\n').length, 1);
      assert.equal(migrationFiles(project).length, 2, 'no migration written');
      assert.deepEqual(catalogDifferences(before, await readCatalog(db.url)), []);
    });
  });
}
