// The .sql squash body (api/squash-sql.ts): each original's statements survive concatenation exactly (a last
// statement without a terminator, a MariaDB DELIMITER left changed, psql meta lines), a non-transactional original makes the
// squash non-transactional, an original without a downgrade makes it irreversible, saying which one.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { isSqlRange, sqlSquash } from '../../src/api/squash-sql.js';
import { renderSqlMigrationSource } from '../../src/codegen/template.js';
import { sqlSyntaxOf } from '../../src/dialects/sql-syntax.js';
import { parseSqlMigration } from '../../src/loader/sql-migration.js';
import { parseHeader, type RevisionHeader } from '../../src/revisions/header.js';

const dir = mkdtempSync(join(tmpdir(), 'ath-squash-sql-unit-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function original(revision: string, down: string | null, body: string, extra = ''): RevisionHeader {
  const text = `-- revision: ${revision}\n-- down-revision: ${down ?? 'null'}\n${extra}-- message: m ${revision}\n\n${body}`;
  const file = join(dir, `${revision}.sql`);
  writeFileSync(file, text);
  return parseHeader(text, file);
}

/** The squash as written, parsed back as upgrade would run it. */
async function squashed(headers: RevisionHeader[], dialect: 'postgres' | 'mysql' | 'sqlite') {
  const sql = await sqlSquash(headers, dialect);
  const text = renderSqlMigrationSource({ revision: 'sq', downRevision: null, message: 'sq', replaces: headers.map((h) => h.revision), ...(sql.transactional ? {} : { transactional: false }) }, sql.body);
  const header = parseHeader(text, join(dir, 'sq.sql'));
  return { text, header, parsed: parseSqlMigration(text, 'sq.sql', sqlSyntaxOf(dialect)) };
}

describe('.sql squash', () => {
  test('a last statement without `;` is closed, so it is not joined to the next file’s first statement', async () => {
    const a = original('a1', null, '-- +upgrade\nCREATE TABLE t (id int)\n-- +downgrade\nDROP TABLE t\n');
    const b = original('b1', 'a1', '-- +upgrade\nCREATE TABLE u (id int);\n-- +downgrade\nDROP TABLE u;\n');
    const { parsed, header } = await squashed([a, b], 'postgres');
    assert.deepEqual(header.replaces, ['a1', 'b1']);
    assert.equal(header.transactional, true);
    assert.deepEqual(parsed.upgrade.map((s) => s.sql), ['CREATE TABLE t (id int)', 'CREATE TABLE u (id int)']);
    assert.deepEqual(parsed.downgrade?.map((s) => s.sql), ['DROP TABLE u', 'DROP TABLE t']);
  });

  test('MariaDB: a procedure under DELIMITER // left in force is closed and the delimiter reset', async () => {
    const proc = 'CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END';
    const a = original('m1', null, `-- +upgrade\nDELIMITER //\n${proc} //\n-- +downgrade\nDROP PROCEDURE p;\n`);
    const b = original('m2', 'm1', '-- +upgrade\nCREATE TABLE u (id int);\nCREATE TABLE v (id int)\n-- +downgrade\nDROP TABLE v;\nDROP TABLE u;\n');
    const { parsed, text } = await squashed([a, b], 'mysql');
    assert.match(text, /END \/\/\nDELIMITER ;\n/);
    assert.deepEqual(parsed.upgrade.map((s) => s.sql), [proc, 'CREATE TABLE u (id int)', 'CREATE TABLE v (id int)']);
  });

  test('psql meta lines the client runs itself stay where they were and split nothing', async () => {
    const a = original('p1', null, '-- +upgrade\n\\set ON_ERROR_STOP on\nCREATE TABLE t (id int);\n\\echo done\n-- +downgrade\nDROP TABLE t;\n');
    const b = original('p2', 'p1', '-- +upgrade\n\\echo start\nCREATE TABLE u (id int)\n-- +downgrade\nDROP TABLE u;\n');
    const { parsed, text } = await squashed([a, b], 'postgres');
    assert.match(text, /\\echo done\n\n-- ── p2 \(p2\.sql\): m p2\n\\echo start\n/);
    assert.deepEqual(parsed.upgrade.map((s) => s.sql), ['CREATE TABLE t (id int)', 'CREATE TABLE u (id int)']);
  });

  test('a `-- transactional: false` original makes the squash non-transactional', async () => {
    const a = original('t1', null, '-- +upgrade\nCREATE TABLE t (id int);\n-- +downgrade\nDROP TABLE t;\n');
    const b = original('t2', 't1', '-- +upgrade\nCREATE INDEX CONCURRENTLY ix ON t (id);\n-- +downgrade\nDROP INDEX CONCURRENTLY ix;\n', '-- transactional: false\n');
    const { header, text } = await squashed([a, b], 'postgres');
    assert.equal(header.transactional, false);
    assert.match(text, /^-- transactional: false$/m);
  });

  test('an original without a downgrade section: the squash has none and says which one, with its reason', async () => {
    const a = original('i1', null, '-- +upgrade\nCREATE TABLE t (id int);\n', '-- irreversible: imported from drizzle-kit\n');
    const b = original('i2', 'i1', '-- +upgrade\nCREATE TABLE u (id int);\n-- +downgrade\nDROP TABLE u;\n');
    const { parsed } = await squashed([a, b], 'sqlite');
    assert.equal(parsed.downgrade, null);
    assert.equal(parsed.irreversible, 'i1 (i1.sql) has no -- +downgrade section (imported from drizzle-kit)');
  });

  test('a range with a .ts migration is not a .sql range', () => {
    const a = original('x1', null, '-- +upgrade\nSELECT 1;\n');
    assert.equal(isSqlRange([a]), true);
    assert.equal(isSqlRange([a, { ...a, format: 'ts' }]), false);
  });
});
