// Views, triggers, stored functions and procedures, and MariaDB sequences of a MySQL/MariaDB database, each as
// the server prints it: SHOW CREATE VIEW / FUNCTION / PROCEDURE / SEQUENCE without the DEFINER clause (the
// account that created it is not part of the schema), a trigger rebuilt from information_schema.TRIGGERS
// (its body is kept as written). The models' objects are read the same way: created under a probe name,
// printed, dropped (MySQL DDL cannot be rolled back), so both sides compare as the server spells them.
import { randomBytes } from 'node:crypto';
import type { Connection } from '../../drivers/connection.js';
import type { SchemaObjectKind, SchemaObjectSpec } from '../../schema/types.js';
import type { IntrospectOptions } from '../dialect.js';
import { createObjectStatement } from '../shared/objects.js';
import { codeTokens, lexSql } from '../shared/sql-lexer.js';
import { selectUnmanaged } from '../shared/unmanaged.js';
import { mysqlSqlSyntax } from './sql-syntax.js';
import { quoteMysqlIdent as q } from './types.js';

interface ObjectRow {
  kind: 'view' | 'function' | 'procedure' | 'sequence';
  schema_name: string;
  name: string;
}

const OBJECTS_SQL = `
SELECT 'view' AS kind, TABLE_SCHEMA AS schema_name, TABLE_NAME AS name FROM information_schema.VIEWS WHERE TABLE_SCHEMA IN (?)
UNION ALL
SELECT LOWER(ROUTINE_TYPE), ROUTINE_SCHEMA, ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA IN (?)
UNION ALL
SELECT 'sequence', TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA IN (?) AND TABLE_TYPE = 'SEQUENCE'
ORDER BY 1, 2, 3`;

interface TriggerRow {
  schema_name: string;
  name: string;
  table_name: string;
  timing: string;
  event: string;
  statement: string;
}

const TRIGGERS_SQL = `
SELECT TRIGGER_SCHEMA AS schema_name, TRIGGER_NAME AS name, EVENT_OBJECT_TABLE AS table_name, ACTION_TIMING AS timing,
  EVENT_MANIPULATION AS event, ACTION_STATEMENT AS statement
FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA IN (?)
ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER`;

const SHOW: Record<ObjectRow['kind'], { statement: string; column: string }> = {
  view: { statement: 'SHOW CREATE VIEW', column: 'Create View' },
  function: { statement: 'SHOW CREATE FUNCTION', column: 'Create Function' },
  procedure: { statement: 'SHOW CREATE PROCEDURE', column: 'Create Procedure' },
  sequence: { statement: 'SHOW CREATE SEQUENCE', column: 'Create Table' },
};

const qualified = (schema: string | undefined, name: string): string => (schema ? `${q(schema)}.${q(name)}` : q(name));

/** The CREATE statement the server prints, without ` DEFINER=user@host`; undefined without the privilege. */
async function showCreate(conn: Connection, kind: ObjectRow['kind'], name: string): Promise<string | undefined> {
  const { statement, column } = SHOW[kind];
  const row = (await conn.query<Record<string, string | null>>(`${statement} ${name}`)).rows[0];
  const text = row?.[column];
  if (text === null || text === undefined) return undefined;
  return text.replace(/ DEFINER=(`(?:[^`]|``)*`|'[^']*'|\S+)@(`(?:[^`]|``)*`|'[^']*'|\S+)/, '');
}

function triggerStatement(row: TriggerRow): string {
  return `CREATE TRIGGER ${q(row.name)} ${row.timing} ${row.event} ON ${q(row.table_name)} FOR EACH ROW ${row.statement}`;
}

async function currentDatabase(conn: Connection): Promise<string | null> {
  return (await conn.query<{ db: string | null }>('SELECT DATABASE() AS db')).rows[0]?.db ?? null;
}

export async function readMysqlObjects(conn: Connection, options: IntrospectOptions = {}): Promise<SchemaObjectSpec[]> {
  const database = await currentDatabase(conn);
  const schemas = options.schemas && options.schemas.length > 0 ? options.schemas : database !== null ? [database] : [];
  if (schemas.length === 0) return [];
  const schemaOf = (s: string): { schema?: string } => (s !== database ? { schema: s } : {});
  const objects: SchemaObjectSpec[] = [];
  for (const row of (await conn.query<ObjectRow>(OBJECTS_SQL, [schemas, schemas, schemas])).rows) {
    const schema = schemaOf(row.schema_name);
    const definition = await showCreate(conn, row.kind, qualified(schema.schema, row.name));
    if (definition !== undefined) objects.push({ kind: row.kind, ...schema, name: row.name, definition });
  }
  for (const row of (await conn.query<TriggerRow>(TRIGGERS_SQL, [schemas])).rows) {
    objects.push({ kind: 'trigger', ...schemaOf(row.schema_name), name: row.name, table: row.table_name, definition: triggerStatement(row) });
  }
  return selectUnmanaged(objects, options);
}

const CREATE_KEYWORD: Record<SchemaObjectKind, string> = {
  view: 'view',
  'materialized view': 'view',
  trigger: 'trigger',
  function: 'function',
  procedure: 'procedure',
  sequence: 'sequence',
};

/** The statement with the object's name (after CREATE … VIEW|FUNCTION|…) replaced; undefined when not found. */
export function renamedStatement(sql: string, kind: SchemaObjectKind, newName: string): string | undefined {
  const tokens = codeTokens(lexSql(sql, mysqlSqlSyntax));
  const at = tokens.findIndex((t) => t.kind === 'word' && t.text.toLowerCase() === CREATE_KEYWORD[kind]);
  const first = tokens[at + 1];
  if (at < 0 || first === undefined || (first.kind !== 'word' && first.kind !== 'quoted')) return undefined;
  let last = first;
  const dot = tokens[at + 2];
  const second = tokens[at + 3];
  if (dot?.text === '.' && second !== undefined && (second.kind === 'word' || second.kind === 'quoted')) last = second;
  return `${sql.slice(0, first.start)}${newName}${sql.slice(last.end)}`;
}

/** The models' views, routines and sequences as the server prints them (see the top of this file). */
export async function mysqlStoredObjects(conn: Connection, objects: readonly SchemaObjectSpec[]): Promise<SchemaObjectSpec[]> {
  const out: SchemaObjectSpec[] = [];
  for (const o of objects) {
    if (o.kind !== 'view' && o.kind !== 'function' && o.kind !== 'procedure' && o.kind !== 'sequence') {
      out.push(o);
      continue;
    }
    const probe = `athanor_probe_${randomBytes(6).toString('hex')}`;
    const statement = renamedStatement(createObjectStatement(o, q(probe)), o.kind, qualified(o.schema, probe));
    let printed: string | undefined;
    if (statement !== undefined) {
      try {
        await conn.exec(statement);
        printed = await showCreate(conn, o.kind, qualified(o.schema, probe));
      } catch {
        printed = undefined; // the server refuses it as written: compared as written, the diff shows it
      } finally {
        await conn.exec(`DROP ${o.kind.toUpperCase()} IF EXISTS ${qualified(o.schema, probe)}`).catch(() => undefined);
      }
    }
    const definition = printed === undefined ? undefined : renamedStatement(printed, o.kind, q(o.name));
    out.push(definition === undefined ? o : { ...o, definition });
  }
  return out;
}
