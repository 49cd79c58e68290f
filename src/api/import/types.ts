// What every importer turns another tool's migrations folder into: athanor revisions (one per original, in the
// original's order or graph) and the originals the database has applied, read from that tool's own table.
import type { Connection } from '../../drivers/connection.js';
import type { Dialect } from '../../dialects/dialect.js';
import type { DialectName } from '../../dialect-name.js';

export const IMPORT_TOOLS = ['drizzle', 'prisma', 'knex', 'kysely', 'typeorm', 'alembic'] as const;
export type ImportTool = (typeof IMPORT_TOOLS)[number];

export interface ImportedMigration {
  /** the original's id as its tool names it: drizzle-kit's tag, Prisma's folder, knex's file, Kysely's name, TypeORM's class name, Alembic's revision */
  originalId: string;
  /** the athanor revision written for it */
  revision: string;
  /** athanor revisions it follows: the previous one in a linear history, Alembic's down_revision(s) */
  parents: string[];
  dependsOn: string[];
  branchLabels: string[];
  message: string;
  /** comment lines under the header: where it came from */
  notes: string[];
  upgrade: string;
  /** null: the original has no down migration */
  downgrade: string | null;
  /** with no downgrade: why (printed by `athanor downgrade`) */
  irreversible?: string;
  transactional: boolean;
  /** what identifies the original in its tool's table (a name, `hash:…`, `when:…`) */
  keys: string[];
  /** the tables its upgrade creates, where the importer knows them (to check the applied ones against the database) */
  createdTables?: string[];
}

export interface ReadOptions {
  dialect: DialectName;
  /** the python that runs Alembic */
  python?: string;
  /** Kysely: the Migrator's Kysely has CamelCasePlugin, which writes camelCase names in snake_case */
  camelCase?: boolean;
}

export interface AppliedOptions {
  /** the other tool's applied-migrations table, when it is not the tool's default (`schema.table` on PostgreSQL) */
  table?: string;
}

export interface Importer {
  /** the tool's own name, for messages */
  label: string;
  /** the originals in order (parents before children) */
  read(dir: string, options: ReadOptions): Promise<ImportedMigration[]>;
  /** the revisions the database has applied, by the tool's table; rows that match no original are refused */
  applied(conn: Connection, dialect: Dialect, migrations: readonly ImportedMigration[], options: AppliedOptions): Promise<AppliedState>;
}

export interface AppliedState {
  /** the table read (as the messages name it) */
  table: string;
  /** false: the table does not exist (the tool applied nothing here) */
  found: boolean;
  /** revisions of the imported migrations the tool applied */
  applied: Set<string>;
  /**
   * originals the tool applied whose file changed since (its checksum in the tool's table is not the file's): the
   * database ran the earlier text, the imported revision holds the file as it is now
   */
  edited?: string[];
}
