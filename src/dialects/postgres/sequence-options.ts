// The options of a serial's or identity column's sequence (`START WITH 1000`, `INCREMENT BY 10`…), written down
// as the database has them. The models declare a serial or an identity, not its sequence, so athanor does not
// manage them (they stay reported as not managed), but they are schema, not data: pg_dump --schema-only keeps
// them, as a baseline and a pulled schema.sql do, set after the tables so a fresh database numbers its rows as
// the adopted one was declared to. The sequence's current value is data (pg_dump's setval, with the rows): it
// is not carried.
import type { Connection } from '../../drivers/connection.js';
import type { UnmanagedDefinition } from '../../schema/types.js';
import type { IntrospectOptions } from '../dialect.js';
import { selectUnmanaged } from '../shared/unmanaged.js';
import { scannedSchemas } from './scanned-schemas.js';
import { SEQUENCE_OPTIONS } from './unmanaged.js';

interface SequenceRow {
  /** the options as the "not managed" line names them (unmanaged.ts) */
  options: string;
  schema: string;
  sequence: string;
  table_name: string;
  qualified_table: string;
  column_name: string;
  quoted_column: string;
  identity: boolean;
}

const SEQUENCES_SQL = `
SELECT ${SEQUENCE_OPTIONS('sq')} AS options, n.nspname AS schema, s.relname AS sequence, c.relname AS table_name,
  quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS qualified_table, a.attname AS column_name, quote_ident(a.attname) AS quoted_column,
  dep.deptype = 'i' AS identity
FROM pg_catalog.pg_depend dep
JOIN pg_catalog.pg_class s ON s.oid = dep.objid AND s.relkind = 'S'
JOIN pg_catalog.pg_sequence sq ON sq.seqrelid = s.oid
JOIN pg_catalog.pg_class c ON c.oid = dep.refobjid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = dep.refobjsubid
WHERE dep.classid = 'pg_catalog.pg_class'::regclass AND dep.refclassid = 'pg_catalog.pg_class'::regclass
  AND dep.deptype IN ('a', 'i') AND ${SEQUENCE_OPTIONS('sq')} <> '' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND n.nspname = ANY($1::text[])
ORDER BY n.nspname, c.relname, a.attnum`;

/** The options' defaults, to put back before the downgrade drops the table (and the sequence with it). */
const RESET: ReadonlyArray<[RegExp, string]> = [
  [/\bINCREMENT BY -?\d+/, 'INCREMENT BY 1'],
  [/\bMINVALUE -?\d+/, 'NO MINVALUE'],
  [/\bMAXVALUE -?\d+/, 'NO MAXVALUE'],
  [/\bSTART WITH -?\d+/, 'START WITH 1'],
  [/\bCACHE \d+/, 'CACHE 1'],
  [/\bCYCLE\b/, 'NO CYCLE'],
];

/**
 * The options (`START WITH 1000 CACHE 10`) as separate clauses. A MINVALUE without START WITH is also the start
 * (the line leaves START WITH out when it is the minimum), which a fresh sequence starting at 1 must be told.
 */
function clauses(options: string): string[] {
  const parts = options.match(/(?:INCREMENT BY|MINVALUE|MAXVALUE|START WITH|CACHE) -?\d+|CYCLE/g) ?? [];
  const min = /^MINVALUE (-?\d+)$/.exec(parts.find((p) => p.startsWith('MINVALUE ')) ?? '')?.[1];
  return min !== undefined && !parts.some((p) => p.startsWith('START WITH ')) ? [...parts, `START WITH ${min}`] : parts;
}

function resetClauses(options: string): string[] {
  return RESET.filter(([pattern]) => pattern.test(options)).map(([, reset]) => reset);
}

/**
 * The statement that gives the column's sequence these options and restarts it at its START WITH: an identity's
 * through its column (ALTER TABLE … ALTER COLUMN … SET …); a serial's through the sequence the column's default
 * uses in the database it runs on, whatever it is named there (a renamed table's serial keeps its old name).
 */
function alterStatement(row: SequenceRow, parts: string[]): string {
  if (row.identity) return `ALTER TABLE ${row.qualified_table} ALTER COLUMN ${row.quoted_column} ${parts.map((p) => `SET ${p}`).join(' ')} RESTART`;
  const table = row.qualified_table.replace(/'/g, "''");
  // pg_get_serial_sequence reads its table as SQL (quoted) and its column as the name itself
  const column = row.column_name.replace(/'/g, "''");
  return `DO $$ BEGIN EXECUTE format('ALTER SEQUENCE %s ${parts.join(' ')} RESTART', pg_catalog.pg_get_serial_sequence('${table}', '${column}')); END $$`;
}

export async function readPostgresSequenceOptions(conn: Connection, options: IntrospectOptions = {}): Promise<UnmanagedDefinition[]> {
  const rows = (await conn.query<SequenceRow>(SEQUENCES_SQL, [scannedSchemas(options)])).rows;
  const definitions = rows.map((row): UnmanagedDefinition => ({
    object: { kind: row.options, of: 'sequence', ...(row.schema !== 'public' ? { schema: row.schema } : {}), name: row.sequence, table: row.table_name },
    create: alterStatement(row, clauses(row.options)),
    drop: alterStatement(row, resetClauses(row.options)),
    afterTables: true,
  }));
  const kept = new Set(selectUnmanaged(definitions.map((d) => d.object), options));
  return definitions.filter((d) => kept.has(d.object));
}
