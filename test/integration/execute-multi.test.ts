// Several statements in one op.execute call, as hand-written migrations (and Alembic users) write them: they
// all run, in order, and the call returns the rows of the last one — on every driver.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { downgrade, upgrade } from '../../src/api/upgrade.js';
import type { DialectName } from '../../src/drivers/connection.js';
import { queryRows, tableNames } from '../support/db.js';
import { createProject, type TestProject } from '../support/project.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

/** A statement whose body holds semicolons, as each database spells it without a client DELIMITER. */
const BODY_WITH_SEMICOLONS: Record<DialectName, string> = {
  postgres: `CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.id := NEW.id + 100; RETURN NEW; END; $$;
    CREATE TRIGGER tr_bump BEFORE INSERT ON later FOR EACH ROW EXECUTE FUNCTION bump()`,
  mysql: `CREATE TRIGGER tr_bump BEFORE INSERT ON later FOR EACH ROW BEGIN SET NEW.id = NEW.id + 50; SET NEW.id = NEW.id + 50; END`,
  sqlite: `CREATE TRIGGER tr_bump AFTER INSERT ON later BEGIN UPDATE later SET id = id + 50 WHERE id = NEW.id; UPDATE later SET id = id + 50 WHERE id = NEW.id + 50; END`,
};

for (const target of selectedTargets()) {
  describe(`several statements in one op.execute on ${target.name}`, () => {
    let db: TestDatabase;
    let project: TestProject;

    before(async () => {
      db = await target.create('execmulti');
      project = createProject(db.url, target.dialect);
      const body = BODY_WITH_SEMICOLONS[target.dialect].replace(/`/g, '\\`');
      project.migration({
        revision: 'em0000000001',
        down: null,
        upgrade: [
          "const rows = await op.execute('create table a(id int); insert into a values (1); insert into a values (2); -- a note; not a statement\\nselect count(*) as n from a');",
          "await op.execute(`create table seen(n int); insert into seen values (${Number(rows[0]?.n)})`);",
          `await op.execute(\`create table later(id int);\n    ${body};\n    insert into later values (1)\`);`,
          "const none = await op.execute('update a set id = id + 1; /* trailing comment */');",
          "if (none.length !== 0) throw new Error('the last statement returns no rows');",
        ].join('\n  '),
        downgrade: "await op.execute('drop table later; drop table seen; drop table a;');",
      });
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('all statements run in order and the call returns the rows of the last one', async () => {
      const config = await project.config();
      await upgrade(config, { target: 'head' });
      assert.deepEqual((await queryRows<{ id: number }>(db.url, 'SELECT id FROM a ORDER BY id')).map((r) => Number(r.id)), [2, 3]);
      assert.deepEqual((await queryRows<{ n: number }>(db.url, 'SELECT n FROM seen')).map((r) => Number(r.n)), [2]);
      // the trigger body kept its semicolons: it fired on the insert that followed it in the same call
      assert.deepEqual((await queryRows<{ id: number }>(db.url, 'SELECT id FROM later')).map((r) => Number(r.id)), [101]);
      await downgrade(config, { target: 'base' });
      const left = (await tableNames(db.url)).filter((name) => !name.startsWith('athanor_'));
      assert.deepEqual(left, []);
    });
  });
}
