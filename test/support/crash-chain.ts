// A chain of migrations whose every statement leaves a trace that can be read back (a row in `marks`, a table),
// for kill -9 trials: after a crash, what exists must be exactly what the version table and the history's
// partial rows say ran. Statements come in the shapes a runner can get wrong on MariaDB: a trailing `;`,
// parameters, SELECT-like statements, DDL.
import type { DialectName } from '../../src/drivers/connection.js';
import type { MigrationSpec } from './project.js';

export interface TracedStatement {
  sql: string;
  params?: Array<number | string>;
  /** what the statement leaves: a mark added or removed, a table created or dropped */
  effect?: { addMark: number } | { removeMark: number } | { createTable: string } | { dropTable: string };
}

export interface TracedMigration {
  revision: string;
  up: TracedStatement[];
  down: TracedStatement[];
}

export interface TraceState {
  marks: Set<number>;
  tables: Set<string>;
}

const revisionOf = (i: number) => `eeee${String(i).padStart(8, '0')}`;

function pause(dialect: DialectName): TracedStatement[] {
  // a little server time per migration, so random kills land inside statements as well as between them
  if (dialect === 'postgres') return [{ sql: 'SELECT pg_sleep(0.05)' }];
  if (dialect === 'mysql') return [{ sql: 'DO SLEEP(0.05);' }];
  return [{ sql: 'WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 50000) SELECT count(*) FROM n' }];
}

/** `count` migrations after the one creating `marks`; placeholders in the dialect's style. */
export function crashChain(dialect: DialectName, count: number): TracedMigration[] {
  const p = (n: number) => (dialect === 'postgres' ? `$${n}` : '?');
  const chain: TracedMigration[] = [
    {
      revision: revisionOf(0),
      up: [{ sql: 'CREATE TABLE marks (id integer PRIMARY KEY)', effect: { createTable: 'marks' } }],
      down: [{ sql: 'DROP TABLE marks', effect: { dropTable: 'marks' } }],
    },
  ];
  for (let i = 1; i <= count; i++) {
    const mark = (k: number) => i * 10 + k;
    const table = `crash_t${i}`;
    chain.push({
      revision: revisionOf(i),
      up: [
        { sql: `CREATE TABLE ${table} (id integer PRIMARY KEY, v varchar(20))`, effect: { createTable: table } },
        { sql: `INSERT INTO marks (id) VALUES (${mark(1)});`, effect: { addMark: mark(1) } },
        { sql: `INSERT INTO marks (id) VALUES (${p(1)})`, params: [mark(2)], effect: { addMark: mark(2) } },
        { sql: 'SELECT count(*) AS n FROM marks' },
        ...pause(dialect),
        { sql: `INSERT INTO marks (id) VALUES (${p(1)});`, params: [mark(3)], effect: { addMark: mark(3) } },
        { sql: `SELECT id FROM marks WHERE id = ${mark(3)};` },
        { sql: `INSERT INTO marks (id) VALUES (${mark(4)})`, effect: { addMark: mark(4) } },
      ],
      down: [
        { sql: `DELETE FROM marks WHERE id = ${mark(4)};`, effect: { removeMark: mark(4) } },
        { sql: `DELETE FROM marks WHERE id = ${p(1)}`, params: [mark(3)], effect: { removeMark: mark(3) } },
        { sql: 'SELECT count(*) AS n FROM marks;' },
        ...pause(dialect),
        { sql: `DELETE FROM marks WHERE id = ${p(1)};`, params: [mark(2)], effect: { removeMark: mark(2) } },
        { sql: `DELETE FROM marks WHERE id = ${mark(1)}`, effect: { removeMark: mark(1) } },
        { sql: `DROP TABLE ${table}`, effect: { dropTable: table } },
      ],
    });
  }
  return chain;
}

function callOf(statement: TracedStatement): string {
  const params = statement.params ? `, ${JSON.stringify(statement.params)}` : '';
  return `await op.execute(${JSON.stringify(statement.sql)}${params});`;
}

export function migrationSpecs(chain: readonly TracedMigration[]): MigrationSpec[] {
  return chain.map((m, i) => ({
    revision: m.revision,
    down: i === 0 ? null : (chain[i - 1]?.revision ?? null),
    upgrade: m.up.map(callOf).join('\n  '),
    downgrade: m.down.map(callOf).join('\n  '),
  }));
}

function apply(state: TraceState, statements: readonly TracedStatement[]): void {
  for (const { effect } of statements) {
    if (!effect) continue;
    if ('addMark' in effect) state.marks.add(effect.addMark);
    else if ('removeMark' in effect) state.marks.delete(effect.removeMark);
    else if ('createTable' in effect) state.tables.add(effect.createTable);
    else {
      state.tables.delete(effect.dropTable);
      if (effect.dropTable === 'marks') state.marks.clear();
    }
  }
}

export interface RecordedState {
  /** the revision athanor_version holds, or null at base */
  head: string | null;
  /** partial rows of the history: revision, direction, statements done */
  partial: Array<{ revision: string; direction: string; done: number }>;
}

/**
 * What must exist when the version table says `head` and the history's partial rows say which statements of an
 * unfinished step ran. Throws when the record itself is inconsistent (two partial rows, a partial row of a step
 * that is not next in line).
 */
export function expectedState(chain: readonly TracedMigration[], recorded: RecordedState): TraceState {
  const state: TraceState = { marks: new Set(), tables: new Set() };
  const applied = recorded.head === null ? -1 : chain.findIndex((m) => m.revision === recorded.head);
  if (recorded.head !== null && applied < 0) throw new Error(`unknown head ${recorded.head}`);
  for (const m of chain.slice(0, applied + 1)) apply(state, m.up);
  if (recorded.partial.length > 1) throw new Error(`several partial rows: ${JSON.stringify(recorded.partial)}`);
  const [partial] = recorded.partial;
  if (!partial) return state;
  const index = chain.findIndex((m) => m.revision === partial.revision);
  const next = partial.direction === 'partial-up' ? applied + 1 : applied;
  if (index !== next) throw new Error(`partial row of ${partial.revision} (${partial.direction}) while the head is ${recorded.head ?? 'base'}`);
  const migration = chain[index];
  if (!migration) throw new Error('internal: no migration');
  apply(state, (partial.direction === 'partial-up' ? migration.up : migration.down).slice(0, partial.done));
  return state;
}
