// Autogenerate with nothing to do on N tables (PostgreSQL): athanor `migrate` (introspects the database and
// diffs it with models.ts), Alembic `revision --autogenerate` (reflects and compares with its MetaData) and
// `drizzle-kit generate` (compares schema.ts with its last snapshot, no database).
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { copyPostgres, dropDatabase, freshDatabase, psql, reachable, type Database } from './databases.js';
import { fmt, machineLoad, measure, median, min, printTable, roundRatio, type Command, type Measured } from './measure.js';
import { ATHANOR_BIN, emptyDir, peerBin, write, WORK_DIR } from './paths.js';
import { createTableSql } from './schema.js';
import type { Tool } from './tool.js';
import { alembicCommand, writeAlembicBase } from './tools/alembic.js';

export interface AutogenOptions {
  runs: number;
  tables: readonly number[];
}

interface Generator {
  tool: string;
  write(dir: string, count: number): void;
  command(dir: string, db: Database): Command;
  /** whether the run found nothing to do; removes what it wrote so the next run starts the same */
  noChange(dir: string, m: Measured): boolean;
}

function athanorModels(count: number): string {
  const lines = [`import { table, t, index } from 'athanor';`, ''];
  for (let i = 1; i <= count; i++) {
    const fk = i > 1 ? `.references(() => t${i - 1}.id)` : '';
    lines.push(`export const t${i} = table('t${i}', {
  id: t.serial().primaryKey(),
  name: t.varchar(100).notNull(),
  score: t.integer().default(0),
  created_at: t.timestamp().notNull().defaultSql('CURRENT_TIMESTAMP'),
  parent_id: t.integer()${fk},
}, (c) => [index('ix_t${i}_name').on(c.name)]);`);
  }
  return lines.join('\n');
}

function drizzleSchema(count: number): string {
  const lines = [`import { sql } from 'drizzle-orm';`, `import { index, integer, pgTable, serial, timestamp, varchar } from 'drizzle-orm/pg-core';`, ''];
  for (let i = 1; i <= count; i++) {
    const fk = i > 1 ? `.references((): AnyPgColumn => t${i - 1}.id)` : '';
    lines.push(`export const t${i} = pgTable('t${i}', {
  id: serial('id').primaryKey(),
  name: varchar('name', { length: 100 }).notNull(),
  score: integer('score').default(0),
  created_at: timestamp('created_at').notNull().default(sql\`CURRENT_TIMESTAMP\`),
  parent_id: integer('parent_id')${fk},
}, (t) => [index('ix_t${i}_name').on(t.name)]);`);
  }
  lines[1] = `import { index, integer, pgTable, serial, timestamp, varchar, type AnyPgColumn } from 'drizzle-orm/pg-core';`;
  return lines.join('\n');
}

function alembicModels(count: number): string {
  const lines = ['from sqlalchemy import MetaData, Table, Column, Integer, String, DateTime, ForeignKey, Index, text', '', 'target_metadata = MetaData()', ''];
  for (let i = 1; i <= count; i++) {
    const fk = i > 1 ? `, ForeignKey("t${i - 1}.id", name="t${i}_parent_id_fkey")` : '';
    lines.push(
      `Table("t${i}", target_metadata, Column("id", Integer, primary_key=True), Column("name", String(100), nullable=False), Column("score", Integer, server_default="0"), Column("created_at", DateTime, nullable=False, server_default=text("CURRENT_TIMESTAMP")), Column("parent_id", Integer${fk}), Index("ix_t${i}_name", "name"))`,
    );
  }
  return lines.join('\n');
}

/** The schema in transactions of 500 tables: one transaction of 10,000 tables runs out of lock slots. */
function batchedSchemaScript(count: number): string {
  const out: string[] = [];
  for (let from = 1; from <= count; from += 500) {
    const tables: string[] = [];
    for (let i = from; i < Math.min(from + 500, count + 1); i++) tables.push(...createTableSql('postgres', i).map((s) => `${s};`));
    out.push('BEGIN;', ...tables, 'COMMIT;');
  }
  return out.join('\n');
}

function newFiles(dir: string, ext: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith(ext)).map((f) => `${dir}/${f}`);
}

const GENERATORS: Record<string, Generator> = {
  athanor: {
    tool: 'athanor',
    write(dir, count) {
      write(`${dir}/athanor.config.json`, JSON.stringify({ dialect: 'postgres', models: './models.ts', migrations: 'migrations' }));
      write(`${dir}/models.ts`, athanorModels(count));
      write(`${dir}/migrations/.keep`, '');
    },
    command: (dir, db) => ({ command: process.execPath, args: [ATHANOR_BIN, 'migrate', '-m', 'nothing'], cwd: dir, env: { DATABASE_URL: db.url } }),
    noChange(dir, m) {
      const written = newFiles(`${dir}/migrations`, '.ts');
      for (const f of written) rmSync(f);
      return written.length === 0 && /No changes/i.test(m.stdout + m.stderr);
    },
  },
  drizzle: {
    tool: 'drizzle-kit',
    write(dir, count) {
      write(`${dir}/package.json`, '{ "type": "module" }\n');
      write(`${dir}/schema.ts`, drizzleSchema(count));
    },
    command: (dir) => ({ command: peerBin('drizzle-kit'), args: ['generate', '--dialect', 'postgresql', '--schema', './schema.ts', '--out', './drizzle'], cwd: dir }),
    noChange: (_dir, m) => /No schema changes/i.test(m.stdout + m.stderr),
  },
  alembic: {
    tool: 'alembic',
    write(dir, count) {
      // SQLAlchemy orders a 1000-table foreign-key chain recursively: Python's default limit (1000) is too low
      writeAlembicBase(dir, 'import sys, os\nsys.setrecursionlimit(100000)\nsys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))\nfrom models import target_metadata');
      write(`${dir}/models.py`, alembicModels(count));
    },
    command: (dir, db) => alembicCommand(dir, db, ['revision', '--autogenerate', '-m', 'nothing']),
    noChange(dir) {
      const written = newFiles(`${dir}/alembic/versions`, '.py');
      const empty = written.every((f) => !/\bop\.\w+\(/.test(readFileSync(f, 'utf8')));
      for (const f of written) rmSync(f);
      return empty;
    },
  },
};

export function benchAutogen(tools: readonly Tool[], options: AutogenOptions): void {
  const down = reachable('postgres');
  if (down) {
    console.log(`\n### autogenerate: skipped, PostgreSQL unreachable (${down})`);
    return;
  }
  const wanted = tools.map((t) => t.name);
  const generators = Object.entries(GENERATORS)
    .filter(([name]) => wanted.includes(name) && !tools.find((t) => t.name === name)?.unavailable('postgres'))
    .map(([, g]) => g);
  for (const count of options.tables) {
    // one timed run at 10,000 tables: Alembic alone takes minutes there
    const runs = count > 1000 ? 1 : options.runs;
    console.log(`\n### autogenerate, nothing to change, on ${count} tables (PostgreSQL), ${runs} interleaved cold run(s); load before: ${machineLoad()}`);
    const db = freshDatabase('postgres', `autogen_${count}`, `${WORK_DIR}/db`);
    const copies = new Map<Generator, Database>();
    try {
      const script = `${WORK_DIR}/autogen-${count}.sql`;
      write(script, batchedSchemaScript(count));
      psql(db.name, ['-f', script]);
      // each tool its own copy: Alembic's autogenerate leaves an alembic_version table behind
      for (const g of generators) copies.set(g, copyPostgres(db, g.tool));
      const dirs = new Map<Generator, string>();
      /** a tool whose run failed: its row says why, the others are timed */
      const failed = new Map<Generator, string>();
      // measure()'s message starts `<what> failed (exit N):` and ends with the output's last lines
      const reason = (error: unknown): string => {
        const lines = (error instanceof Error ? error.message : String(error)).split('\n').filter((l) => l.trim() !== '');
        const head = /\(exit (\d+)\)/.exec(lines[0] ?? '')?.[1];
        const exit = head === '139' ? 'crashed (exit 139, SIGSEGV)' : head !== undefined ? `exit ${head}` : 'failed';
        return `${exit}: ${(lines.at(-1) ?? '').trim().slice(0, 120)}`;
      };
      for (const g of generators) {
        const dir = `${WORK_DIR}/autogen-${count}/${g.tool}`;
        emptyDir(dir);
        g.write(dir, count);
        dirs.set(g, dir);
        // warm-up: compile caches, and drizzle-kit's first snapshot (its later runs compare against it)
        try {
          g.noChange(dir, measure(g.command(dir, copies.get(g) as Database), `${g.tool} autogenerate warm-up`));
        } catch (error) {
          failed.set(g, reason(error));
        }
      }
      const timed = generators.filter((g) => !failed.has(g));
      const figures = new Map<Generator, Measured[]>(generators.map((g) => [g, []]));
      const unchanged = new Map<Generator, boolean>(generators.map((g) => [g, true]));
      for (let round = 0; round < runs; round++) {
        for (let i = 0; i < timed.length; i++) {
          const g = timed[(i + round) % timed.length] as Generator;
          if (failed.has(g)) continue;
          const dir = dirs.get(g) as string;
          let m: Measured;
          try {
            m = measure(g.command(dir, copies.get(g) as Database), `${g.tool} autogenerate`);
          } catch (error) {
            failed.set(g, reason(error));
            continue;
          }
          figures.get(g)?.push(m);
          if (!g.noChange(dir, m)) unchanged.set(g, false);
        }
      }
      const seconds = (g: Generator) => (figures.get(g) ?? []).map((m) => m.seconds);
      const reference = timed.find((g) => g.tool === 'athanor' && !failed.has(g));
      const rows = generators.map((g) => {
        const why = failed.get(g);
        if (why !== undefined) return [g.tool, '', '', '', '', `FAILED: ${why}`];
        const s = seconds(g);
        const peak = Math.max(...(figures.get(g) ?? []).map((m) => m.peakMiB));
        return [g.tool, fmt.s(min(s)), fmt.s(median(s)), fmt.mib(peak), fmt.x(reference ? roundRatio(s, seconds(reference)) : NaN), unchanged.get(g) ? 'yes' : 'NO (wrote changes)'];
      });
      printTable(['tool', 'min', 'median', 'peak RSS', '× athanor', 'nothing to do'], rows);
      console.log(`load after: ${machineLoad()}`);
    } finally {
      for (const copy of copies.values()) dropDatabase(copy);
      dropDatabase(db);
    }
  }
}
