// A new user's first hour on every database (issue 9): the same models and commands on PostgreSQL, PGlite,
// MariaDB and SQLite, through the CLI in a project made by `athanor init`, no flags but what the user asks for.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { queryRows } from '../support/db.js';
import { freshProject, type FreshProject } from '../support/fresh-project.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

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
  });
}
