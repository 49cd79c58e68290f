// The labels of the lint case set (test/fixtures/lint-cases) checked on PostgreSQL itself: a case labelled
// as rewriting a table must change the table's relfilenode, one labelled as not rewriting must leave it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { postgresSqlSyntax } from '../../src/dialects/postgres/sql-syntax.js';
import { splitSqlStatements } from '../../src/dialects/shared/sql-statements.js';
import type { Connection } from '../../src/drivers/connection.js';
import { openConnection } from '../../src/drivers/open.js';
import { BASE_SCHEMA, CASES } from '../fixtures/lint-cases/postgres-cases.js';
import { onlyOn, postgresTarget, type TestDatabase } from '../support/targets.js';

const ROWS = `
INSERT INTO users (id, email, name, ip, code, bio, score, amount, created_at, age, status, legacy, payload)
  SELECT g, 'u' || g || '@example.com', 'n' || g, '10.0.0.1', 'c', 'b', 1.5, 2.5, now(), 30, NULL, 'x', '{}' FROM generate_series(1, 200) g;
INSERT INTO orders (id, user_id, total, note) SELECT g, g, 9.99, 'n' FROM generate_series(1, 200) g;
INSERT INTO events (id, kind) SELECT g, 'k' FROM generate_series(1, 200) g;
INSERT INTO "Accounts" ("Id", "Code") SELECT g, 'a' FROM generate_series(1, 200) g;
`;

describe('lint case labels on PostgreSQL', onlyOn('postgres'), () => {
  let db: TestDatabase;
  let conn: Connection;

  before(async () => {
    db = await postgresTarget.create('lint_truth');
    conn = await openConnection(db.url);
  });
  after(async () => {
    await conn.close();
    await db.drop();
  });

  async function fileNodes(): Promise<Map<string, string>> {
    const rows = await conn.query<{ name: string; node: string }>(
      `SELECT relname AS name, pg_relation_filenode(oid)::text AS node FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`,
    );
    return new Map(rows.rows.map((r) => [r.name, r.node]));
  }

  for (const lintCase of CASES.filter((c) => c.rewrites !== undefined)) {
    test(`${lintCase.id}: ${lintCase.rewrites ? 'rewrites' : 'does not rewrite'} the table`, async () => {
      await conn.exec(`DROP SCHEMA public CASCADE; CREATE SCHEMA public; ${BASE_SCHEMA} ${ROWS}`);
      const before = await fileNodes();
      for (const statement of splitSqlStatements(lintCase.sql, postgresSqlSyntax)) await conn.query(statement.sql);
      const after = await fileNodes();
      const rewritten = [...before].filter(([name, node]) => after.has(name) && after.get(name) !== node).map(([name]) => name);
      assert.equal(rewritten.length > 0, lintCase.rewrites, `rewritten: ${rewritten.join(', ') || 'none'}`);
    });
  }
});
