// The one schema every tool builds: table i has 5 columns (id, name, score, created_at, parent_id), an
// index on name and a foreign key parent_id → t(i-1).id. Here as plain SQL per dialect, for the tools whose
// migrations are SQL (umzug, TypeORM's generated migrations, drizzle's SQL files) and for scratch databases.
import type { Dialect } from './databases.js';

export function tableName(i: number): string {
  return `t${i}`;
}

/** The statements that create table i, in the dialect's spelling. */
export function createTableSql(dialect: Dialect, i: number): string[] {
  const t = tableName(i);
  const fk = i > 1 ? `, CONSTRAINT ${t}_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES ${tableName(i - 1)} (id)` : '';
  const index = `CREATE INDEX ix_${t}_name ON ${t} (name)`;
  switch (dialect) {
    case 'postgres':
      return [`CREATE TABLE ${t} (id serial PRIMARY KEY, name varchar(100) NOT NULL, score integer DEFAULT 0, created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP, parent_id integer${fk})`, index];
    case 'mysql':
      return [`CREATE TABLE ${t} (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, name varchar(100) NOT NULL, score int DEFAULT 0, created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP, parent_id int${fk})`, index];
    case 'sqlite':
      return [`CREATE TABLE ${t} (id integer PRIMARY KEY AUTOINCREMENT, name varchar(100) NOT NULL, score integer DEFAULT 0, created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP, parent_id integer${fk})`, index];
  }
}

export function dropTableSql(i: number): string {
  return `DROP TABLE ${tableName(i)}`;
}

/** The whole schema of `count` tables as one script (statements end with ';'). */
export function schemaScript(dialect: Dialect, count: number): string {
  const out: string[] = [];
  for (let i = 1; i <= count; i++) for (const s of createTableSql(dialect, i)) out.push(`${s};`);
  return out.join('\n');
}

/** 12-hex-digit revision ids, the same for every tool that has them. */
export function revisionId(i: number): string {
  return i.toString(16).padStart(12, '0');
}

/** A fixed, increasing timestamp per migration (TypeORM and drizzle order by it). */
export function migrationMillis(i: number): number {
  return 1_700_000_000_000 + i * 1000;
}

export function padded(i: number): string {
  return String(i).padStart(6, '0');
}
