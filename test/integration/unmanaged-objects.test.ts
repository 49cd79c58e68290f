// Nothing silent: objects athanor does not manage are reported by `migrate` and `check` by name, and a
// migration that drops a table notes what goes with it — on every dialect, through the CLI.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { DialectName } from '../../src/drivers/connection.js';
import { openConnection } from '../../src/drivers/open.js';
import { createProject, type TestProject } from '../support/project.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

interface Case {
  schema: string;
  /** what `migrate` must name on its "not managed" line */
  reported: string[];
  /** the NOTE at the dropTable of `orders`, when an unmanaged object goes with it */
  note?: string;
  /** the NOTE at the dropView of `big_orders`, when a grant goes with it */
  viewNote?: string;
}

const CASES: Record<DialectName, Case> = {
  postgres: {
    schema: `
      CREATE TABLE orders (id serial PRIMARY KEY, total numeric(10, 2) NOT NULL, updated_at timestamptz);
      CREATE SEQUENCE invoice_numbers START 1000;
      CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
      CREATE TRIGGER tr_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();
      CREATE FUNCTION order_total(o orders) RETURNS numeric LANGUAGE sql AS 'SELECT o.total';
      CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;
      CREATE MATERIALIZED VIEW order_sums AS SELECT sum(total) AS s FROM orders;
      CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);
      CREATE TYPE money_pair AS (a numeric, b numeric);
      CREATE RULE no_delete AS ON DELETE TO orders DO INSTEAD NOTHING;
      ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
      CREATE POLICY own_orders ON orders USING (total > 0);
      GRANT SELECT, INSERT ON orders TO PUBLIC;
      GRANT SELECT ON big_orders TO PUBLIC;
      CREATE COLLATION bytes (provider = libc, locale = 'C');
      CREATE TABLE tickets (id integer GENERATED ALWAYS AS IDENTITY (START WITH 1000) PRIMARY KEY, code text COLLATE bytes,
        CONSTRAINT tickets_code_key UNIQUE NULLS NOT DISTINCT (code));
      CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql AS 'SELECT x * 2';
      CREATE FUNCTION twice(x text) RETURNS text LANGUAGE sql AS 'SELECT x || x';
      CREATE AGGREGATE total_of(numeric) (SFUNC = numeric_add, STYPE = numeric);`,
    reported: [
      'domain positive_int',
      'composite type money_pair',
      'rule no_delete on orders',
      'policy own_orders on orders',
      'function twice(x integer)',
      'function twice(x text)',
      'aggregate total_of(numeric)',
      'ROW LEVEL SECURITY of table orders',
      'grants to PUBLIC of table orders',
      'grants to PUBLIC of view big_orders',
      'collation bytes',
      'START WITH 1000 of sequence tickets_id_seq on tickets',
      'NULLS NOT DISTINCT of constraint tickets_code_key on tickets',
    ],
    note: '// NOTE: drops table orders, which takes policy own_orders, rule no_delete, ROW LEVEL SECURITY of table orders, grants to PUBLIC of table orders with it',
    viewNote: '// NOTE: drops view big_orders, which takes grants to PUBLIC of view big_orders with it',
  },
  mysql: {
    schema: `
      CREATE TABLE orders (id int AUTO_INCREMENT PRIMARY KEY, total decimal(10, 2) NOT NULL, updated_at datetime);
      CREATE TRIGGER tr_touch BEFORE UPDATE ON orders FOR EACH ROW SET NEW.updated_at = now();
      CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;
      CREATE FUNCTION twice(x int) RETURNS int DETERMINISTIC RETURN x * 2;
      CREATE PROCEDURE purge_orders() DELETE FROM orders WHERE total = 0;
      CREATE EVENT nightly ON SCHEDULE EVERY 1 DAY DO DELETE FROM orders WHERE total < 0;
      CREATE SEQUENCE invoice_numbers START WITH 1000;`,
    reported: ['event nightly'],
  },
  sqlite: {
    schema: `
      CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL NOT NULL, updated_at TEXT);
      CREATE TRIGGER tr_touch AFTER UPDATE ON orders BEGIN UPDATE orders SET updated_at = datetime('now') WHERE id = NEW.id; END;
      CREATE VIEW big_orders AS SELECT id, total FROM "orders" WHERE total > 100;
      CREATE VIRTUAL TABLE notes_fts USING fts5(body);`,
    reported: ['virtual table notes_fts'],
  },
};

for (const target of selectedTargets()) {
  const c = CASES[target.dialect];
  describe(`objects athanor does not manage, on ${target.name}`, () => {
    let db: TestDatabase;
    let project: TestProject;

    before(async () => {
      db = await target.create('unmanaged');
      const conn = await openConnection(db.url);
      try {
        await conn.exec(c.schema);
      } finally {
        await conn.close();
      }
      project = createProject(db.url, target.dialect);
      project.write('athanor.config.json', JSON.stringify({ dialect: target.dialect, migrations: 'migrations', models: './models.ts' }));
      project.write('models.ts', 'export {};\n');
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('check names each one on one line, and lists them in --json', async () => {
      const r = await project.cli(['check']);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const line = r.stdout.split('\n').find((l) => l.startsWith('not managed by athanor: '));
      assert.ok(line, r.stdout);
      for (const name of c.reported) assert.ok(line.includes(name), `"${name}" in: ${line}`);
      const json = await project.cli(['check', '--json']);
      const parsed = JSON.parse(json.stdout) as { unmanaged: Array<{ kind: string; name: string; table?: string }> };
      const first = c.reported[0] ?? '';
      assert.ok(parsed.unmanaged.some((o) => first.startsWith(`${o.kind} ${o.name}`)), json.stdout);
    });

    test('migrate reports them, and the drop of their table carries a NOTE', async () => {
      const r = await project.cli(['migrate', '-m', 'drop everything']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /^not managed by athanor: /m);
      const file = readdirSync(`${project.dir}/migrations`).find((f) => f.endsWith('.ts'));
      assert.ok(file);
      const text = readFileSync(`${project.dir}/migrations/${file}`, 'utf8');
      const lines = text.split('\n').map((l) => l.trim());
      const drop = lines.findIndex((l) => l.startsWith("await op.dropTable('orders')"));
      assert.ok(drop > 0, text);
      if (c.note !== undefined) assert.ok(lines[drop - 1]?.startsWith(c.note), text);
      else assert.doesNotMatch(text, /NOTE/);
      if (c.viewNote !== undefined) {
        const dropView = lines.findIndex((l) => l.startsWith("await op.dropView('big_orders')"));
        assert.equal(lines[dropView - 1], c.viewNote, text);
      }
    });
  });
}
