import type { Dialect } from '../databases.js';
import { installed, write } from '../paths.js';
import { padded } from '../schema.js';
import type { Tool } from '../tool.js';

// Kysely has no CLI: its Migrator with a FileMigrationProvider, as its docs show
const RUN = `import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileMigrationProvider, Kysely, Migrator, MysqlDialect, PostgresDialect, SqliteDialect } from 'kysely';

const d = process.env.BENCH_DIALECT;
const coords = { host: process.env.BENCH_HOST, port: Number(process.env.BENCH_PORT), database: process.env.BENCH_DB };
let dialect;
if (d === 'postgres') {
  const pg = (await import('pg')).default;
  dialect = new PostgresDialect({ pool: new pg.Pool({ ...coords, user: 'postgres', max: 1 }) });
} else if (d === 'mysql') {
  const { createPool } = await import('mysql2');
  dialect = new MysqlDialect({ pool: createPool({ ...coords, user: 'root', connectionLimit: 1 }) });
} else {
  const Database = (await import('better-sqlite3')).default;
  dialect = new SqliteDialect({ database: new Database(process.env.BENCH_DB) });
}
const db = new Kysely({ dialect });
const migrationFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const migrator = new Migrator({ db, provider: new FileMigrationProvider({ fs, path, migrationFolder }) });
const { error } = await migrator.migrateToLatest();
await db.destroy();
if (error) {
  console.error(error);
  process.exit(1);
}
`;

function migration(dialect: Dialect, i: number): string {
  const id = dialect === 'postgres' ? `.addColumn('id', 'serial', (c) => c.primaryKey())` : `.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())`;
  const fk = i > 1 ? `\n    .addForeignKeyConstraint('t${i}_parent_id_fkey', ['parent_id'], 't${i - 1}', ['id'])` : '';
  return `import { sql } from 'kysely';

export async function up(db) {
  await db.schema
    .createTable('t${i}')
    ${id}
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.defaultTo(0))
    .addColumn('created_at', '${dialect === 'mysql' ? 'datetime' : 'timestamp'}', (c) => c.notNull().defaultTo(sql\`CURRENT_TIMESTAMP\`))
    .addColumn('parent_id', 'integer')${fk}
    .execute();
  await db.schema.createIndex('ix_t${i}_name').on('t${i}').column('name').execute();
}

export async function down(db) {
  await db.schema.dropTable('t${i}').execute();
}
`;
}

export const kysely: Tool = {
  name: 'kysely',
  dialects: ['postgres', 'mysql', 'sqlite'],
  unavailable: () => (installed('kysely') ? null : 'not installed'),
  write(dir, dialect, count) {
    write(`${dir}/package.json`, '{ "type": "module" }\n');
    write(`${dir}/run.js`, RUN);
    for (let i = 1; i <= count; i++) write(`${dir}/migrations/${padded(i)}_t${i}.js`, migration(dialect, i));
  },
  upgrade: (dir, db) => ({ command: process.execPath, args: ['run.js'], cwd: dir, env: db.env }),
};
