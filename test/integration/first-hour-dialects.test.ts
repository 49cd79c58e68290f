// A new user's first hour on every database (issue 9): the same models and commands on PostgreSQL, PGlite,
// MariaDB and SQLite, through the CLI in a project made by `athanor init`, no flags but what the user asks for.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { queryRows } from '../support/db.js';
import { freshProject, type FreshProject } from '../support/fresh-project.js';
import { onlyOn, selectedTargets, sqliteTarget, type TestDatabase } from '../support/targets.js';

const postsModel = (extra: string) => `import { table, t } from 'athanor';
export const posts = table('posts', {
  id: t.serial().primaryKey(),
  title: t.varchar(200).notNull(),
${extra}
});
`;

for (const target of selectedTargets()) {
  describe(`first hour on ${target.name}`, () => {
    let db: TestDatabase;
    let project: FreshProject;
    before(async () => {
      db = await target.create('firsthour');
      project = await freshProject(['--dialect', target.dialect], db.url);
      project.write('models.ts', postsModel(''));
      assert.equal((await project.cli(['migrate', '-m', 'create posts'])).code, 0);
      assert.equal((await project.cli(['upgrade'])).code, 0);
      await queryRows(db.url, `INSERT INTO posts (title) VALUES ('Hello World'), ('Second Post')`);
    });
    after(async () => {
      await project.remove();
      await db.drop();
    });

    test('--backfill-sql fills a new NOT NULL column from a SQL expression; --backfill keeps literals (issue 9 item 11)', async () => {
      project.write('models.ts', postsModel(`  slug: t.varchar(200).notNull(),\n  score: t.integer().notNull(),`));
      const typo = await project.cli(['migrate', '-m', 'slug', '--backfill-sql', 'posts.slgu=lower(title)', '--backfill', 'posts.score=0']);
      assert.equal(typo.code, 2);
      assert.match(typo.stderr, /--backfill-sql posts\.slgu: no column posts\.slgu of an existing table becomes NOT NULL in this change \(check the name\)/);
      const migrate = await project.cli(['migrate', '-m', 'slug', '--backfill-sql', 'posts.slug=lower(title)', '--backfill', 'posts.score=0']);
      assert.equal(migrate.code, 0, migrate.stderr);
      const upgrade = await project.cli(['upgrade']);
      assert.equal(upgrade.code, 0, upgrade.stderr);
      const rows = await queryRows<{ slug: string; score: number | string }>(db.url, 'SELECT slug, score FROM posts ORDER BY id');
      assert.deepEqual(rows.map((r) => [r.slug, Number(r.score)]), [['hello world', 0], ['second post', 0]]);
      const downgrade = await project.cli(['downgrade']);
      assert.equal(downgrade.code, 0, downgrade.stderr);
      assert.equal((await project.cli(['upgrade'])).code, 0);
    });

    test("defaultSql('now()') runs on this database: rows get the time, check is in sync (issue 9 item 5)", async () => {
      const columns = `  slug: t.varchar(200).notNull(),\n  score: t.integer().notNull(),\n  created: t.timestamp().defaultSql('now()'),`;
      project.write('models.ts', postsModel(columns));
      const migrate = await project.cli(['migrate', '-m', 'created']);
      assert.equal(migrate.code, 0, migrate.stderr);
      assert.equal((await project.cli(['upgrade'])).code, 0);
      await queryRows(db.url, `INSERT INTO posts (title, slug, score) VALUES ('Third', 'third', 1)`);
      const rows = await queryRows<{ created: unknown }>(db.url, `SELECT created FROM posts WHERE slug = 'third'`);
      assert.notEqual(rows[0]?.created ?? null, null);
      const check = await project.cli(['check']);
      assert.equal(check.code, 0, check.stdout + check.stderr);
    });
  });
}

for (const target of selectedTargets()) {
  describe(`portable defaults on ${target.name}; a default it cannot run is refused before anything is written (issue 9 item 5)`, () => {
    test('gen_random_uuid(), uuid() and current_date fill rows; an unknown function stops migrate (exit 2) and check (exit 1)', async () => {
      const db = await target.create('defaults');
      const project = await freshProject(['--dialect', target.dialect], db.url);
      try {
        project.write('models.ts', `import { table, t } from 'athanor';
export const notes = table('notes', {
  id: t.uuid().primaryKey().defaultSql('gen_random_uuid()'),
  ref: t.uuid().notNull().defaultSql('uuid()'),
  body: t.text().notNull(),
  day: t.date().defaultSql('current_date'),
});
`);
        const first = await project.cli(['migrate', '-m', 'notes']);
        assert.equal(first.code, 0, first.stderr);
        const upgrade = await project.cli(['upgrade']);
        assert.equal(upgrade.code, 0, upgrade.stderr);
        await queryRows(db.url, `INSERT INTO notes (body) VALUES ('a'), ('b')`);
        const rows = await queryRows<{ id: string; ref: string; day: unknown }>(db.url, 'SELECT id, ref, day FROM notes');
        // MariaDB's uuid() is a version-1 UUID; PostgreSQL's and athanor's SQLite spelling are version 4
        const uuid = target.dialect === 'mysql' ? /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/ : /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
        for (const row of rows) {
          assert.match(String(row.id), uuid);
          assert.match(String(row.ref), uuid);
        }
        assert.notEqual(rows[0]?.id, rows[1]?.id);
        assert.notEqual(rows[0]?.day ?? null, null);
        const inSync = await project.cli(['check']);
        assert.equal(inSync.code, 0, inSync.stdout + inSync.stderr);

        project.write('models.ts', project.read('models.ts').replace(`defaultSql('current_date')`, `defaultSql('today()')`));
        const check = await project.cli(['check']);
        assert.equal(check.code, 1, check.stdout + check.stderr);
        assert.match(check.stdout, new RegExp(`column notes\\.day: ${target.dialect} cannot run its default today\\(\\) \\(.*today`, 'i'));
        const before = project.migrations().length;
        const migrate = await project.cli(['migrate', '-m', 'today']);
        assert.equal(migrate.code, 2, migrate.stdout + migrate.stderr);
        assert.match(migrate.stderr, new RegExp(`^athanor: error: column notes\\.day: ${target.dialect} cannot run its default today\\(\\)`));
        assert.equal(project.migrations().length, before, 'no migration written');
      } finally {
        await project.remove();
        await db.drop();
      }
    });
  });
}

for (const target of selectedTargets(['postgres', 'pglite'])) {
  describe(`an added enum value on ${target.name} (issue 9 item 9)`, () => {
    test('the generated addEnumValue has ifNotExists: running it again after an edit does not fail', async () => {
      const db = await target.create('enumvalue');
      const project = await freshProject(['--dialect', 'postgres'], db.url);
      const model = (values: string) => `import { table, t, enumType } from 'athanor';
export const mood = enumType('mood', [${values}]);
export const people = table('people', { id: t.serial().primaryKey(), mood: t.enum(mood) });
`;
      try {
        project.write('models.ts', model(`'happy', 'sad'`));
        assert.equal((await project.cli(['migrate', '-m', 'people'])).code, 0);
        assert.equal((await project.cli(['upgrade'])).code, 0);
        const first = (project.migrations()[0] ?? '').split('_')[2] ?? '';
        project.write('models.ts', model(`'happy', 'sad', 'angry'`));
        assert.equal((await project.cli(['migrate', '-m', 'angry'])).code, 0);
        const file = `migrations/${project.migrations().find((f) => f.endsWith('_angry.ts')) ?? ''}`;
        assert.match(project.read(file), /await op\.addEnumValue\('mood', 'angry', \{ ifNotExists: true \}\);/);
        assert.equal((await project.cli(['upgrade'])).code, 0);
        // the user edits the applied migration and runs it again: the value is there already
        project.write(file, project.read(file).replace(`export const message`, `// edited\nexport const message`));
        assert.equal((await project.cli(['stamp', first])).code, 0);
        const again = await project.cli(['upgrade', '--accept-changed']);
        assert.equal(again.code, 0, again.stderr);
        const rows = await queryRows<{ label: string }>(db.url, `SELECT enumlabel AS label FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = 'mood' ORDER BY enumsortorder`);
        assert.deepEqual(rows.map((r) => r.label), ['happy', 'sad', 'angry']);
      } finally {
        await project.remove();
        await db.drop();
      }
    });
  });
}

for (const target of selectedTargets(['mysql'])) {
  describe(`a newcomer's models on ${target.name}`, () => {
    test("init's example models (an index on a TEXT column, which MariaDB keys by a prefix) check in sync after upgrade", async () => {
      const db = await target.create('textindex');
      const project = await freshProject(['--dialect', 'mysql'], db.url);
      try {
        assert.match(project.read('models.ts'), /description: t\.text\(\)\.notNull\(\)[\s\S]*index\('ix_todos_description'\)\.on\(c\.description\)/);
        assert.equal((await project.cli(['migrate', '-m', 'create todos'])).code, 0);
        assert.equal((await project.cli(['upgrade'])).code, 0);
        const check = await project.cli(['check']);
        assert.equal(check.code, 0, check.stdout);
        const again = await project.cli(['migrate', '-m', 'nothing']);
        assert.match(again.stdout, /No changes detected/);
        // a prefix the user writes is kept and compared
        project.write('models.ts', project.read('models.ts').replace('.on(c.description)', '.on(c.description.prefix(100))'));
        const prefixed = await project.cli(['migrate', '-m', 'prefix']);
        assert.equal(prefixed.code, 0, prefixed.stderr);
        assert.match(prefixed.stdout, /ix_todos_description/);
        assert.equal((await project.cli(['upgrade'])).code, 0);
        assert.equal((await project.cli(['check'])).code, 0);
      } finally {
        await project.remove();
        await db.drop();
      }
    });

    test('migrate flags no WARNING for an added value, and a WARNING for a removed one', async () => {
      const db = await target.create('enumwiden');
      const project = await freshProject(['--dialect', 'mysql'], db.url);
      const model = (values: string) => `import { table, t, enumType } from 'athanor';
export const mood = enumType('mood', [${values}]);
export const people = table('people', { id: t.serial().primaryKey(), mood: t.enum(mood).notNull().default('happy') });
`;
      try {
        project.write('models.ts', model(`'happy', 'sad'`));
        assert.equal((await project.cli(['migrate', '-m', 'people'])).code, 0);
        assert.equal((await project.cli(['upgrade'])).code, 0);
        project.write('models.ts', model(`'happy', 'sad', "it's ok"`));
        const widen = await project.cli(['migrate', '-m', 'widen']);
        assert.equal(widen.code, 0, widen.stderr);
        assert.doesNotMatch(widen.stdout, /WARNING/);
        assert.doesNotMatch(project.read(`migrations/${project.migrations().find((f) => f.endsWith('_widen.ts')) ?? ''}`), /WARNING/);
        assert.equal((await project.cli(['upgrade'])).code, 0);
        project.write('models.ts', model(`'happy', "it's ok"`));
        const narrow = await project.cli(['migrate', '-m', 'narrow']);
        assert.equal(narrow.code, 0, narrow.stderr);
        assert.match(narrow.stdout, /WARNING destructive: narrow type of people\.mood/);
      } finally {
        await project.remove();
        await db.drop();
      }
    });
  });
}

describe('enums on SQLite: one models file for every dialect (issue 9 item 9)', onlyOn('sqlite'), () => {
  test('an exported enum no column uses is simply not created; migrate, upgrade and check go through', async () => {
    const db = await sqliteTarget.create('unusedenum');
    const project = await freshProject(['--dialect', 'sqlite'], db.url);
    try {
      project.write('models.ts', `import { table, t, enumType } from 'athanor';
export const mood = enumType('mood', ['happy', 'sad']);
export const posts = table('posts', { id: t.serial().primaryKey(), title: t.text() });
`);
      const migrate = await project.cli(['migrate', '-m', 'posts']);
      assert.equal(migrate.code, 0, migrate.stderr);
      assert.doesNotMatch(migrate.stdout, /Enum/);
      assert.equal((await project.cli(['upgrade'])).code, 0);
      assert.equal((await project.cli(['check'])).code, 0);
    } finally {
      await project.remove();
      await db.drop();
    }
  });

  test('t.enum() is text with a named CHECK; an added value is a CHECK change whose downgrade works', async () => {
    const db = await sqliteTarget.create('enumcheck');
    const project = await freshProject(['--dialect', 'sqlite'], db.url);
    const model = (values: string) => `import { table, t, enumType } from 'athanor';
export const mood = enumType('mood', [${values}]);
export const people = table('people', { id: t.serial().primaryKey(), mood: t.enum(mood).notNull().default('happy'), other: t.enum(mood) });
`;
    try {
      project.write('models.ts', model(`'happy', 'sad'`));
      assert.equal((await project.cli(['migrate', '-m', 'people'])).code, 0);
      assert.equal((await project.cli(['upgrade'])).code, 0);
      const [ddl] = await queryRows<{ sql: string }>(db.url, `SELECT sql FROM sqlite_master WHERE name = 'people'`);
      assert.match(ddl?.sql ?? '', /"mood" text NOT NULL DEFAULT 'happy'/);
      assert.match(ddl?.sql ?? '', /CONSTRAINT "people_mood_enum" CHECK \("?mood"? IN \('happy', 'sad'\)\)/);
      await queryRows(db.url, `INSERT INTO people (mood, other) VALUES ('sad', NULL)`);
      await assert.rejects(queryRows(db.url, `INSERT INTO people (mood) VALUES ('angry')`), /CHECK constraint failed: people_mood_enum/);
      assert.equal((await project.cli(['check'])).code, 0, 'in sync');

      project.write('models.ts', model(`'happy', 'sad', 'angry'`));
      const migrate = await project.cli(['migrate', '-m', 'angry']);
      assert.equal(migrate.code, 0, migrate.stderr);
      const file = project.read(`migrations/${project.migrations().find((f) => f.endsWith('_angry.ts')) ?? ''}`);
      assert.match(file, /createCheckConstraint\('people_mood_enum', 'people', '"?mood"? IN \(\\'happy\\', \\'sad\\', \\'angry\\'\)'\)/);
      assert.equal((await project.cli(['upgrade'])).code, 0);
      await queryRows(db.url, `INSERT INTO people (mood) VALUES ('angry')`);
      assert.equal((await project.cli(['check'])).code, 0, 'in sync after the upgrade');
      // the row holding the new value stops the downgrade, cleanly
      const refused = await project.cli(['downgrade']);
      assert.equal(refused.code, 1, refused.stderr);
      assert.match(refused.stderr, /CHECK constraint failed: people_mood_enum/);
      await queryRows(db.url, `DELETE FROM people WHERE mood = 'angry'`);
      const down = await project.cli(['downgrade']);
      assert.equal(down.code, 0, down.stderr);
      await assert.rejects(queryRows(db.url, `INSERT INTO people (mood) VALUES ('angry')`), /CHECK constraint failed/);
      assert.equal((await project.cli(['upgrade'])).code, 0);
      assert.equal((await project.cli(['check'])).code, 0);
    } finally {
      await project.remove();
      await db.drop();
    }
  });
});
