// The longest name a database keeps: PostgreSQL cuts names to 63 bytes (NAMEDATALEN - 1) with only a NOTICE,
// MySQL refuses names over 64 characters. A cut name never matches the model again (check never passes, and a
// long column makes the next migrate drop and re-create it), so over-long names are refused before any
// migration is written.
import type { SchemaSpec, TableSpec } from '../../schema/types.js';

export interface IdentifierLimit {
  max: number;
  unit: 'bytes' | 'characters';
  /** the database, as the message names it */
  database: string;
  /** what the database does with a longer name, for the message */
  fate: string;
}

function lengthOf(name: string, unit: IdentifierLimit['unit']): number {
  return unit === 'bytes' ? Buffer.byteLength(name, 'utf8') : [...name].length;
}

/** Every name a table declares, with what it names. */
function tableNames(table: TableSpec): Array<{ what: string; name: string }> {
  const on = ` on table "${table.name}"`;
  return [
    ...(table.schema !== undefined ? [{ what: 'schema', name: table.schema }] : []),
    { what: 'table', name: table.name },
    ...table.columns.map((c) => ({ what: `column "${table.name}".`, name: c.name })),
    ...(table.primaryKey?.name !== undefined ? [{ what: `primary key${on}`, name: table.primaryKey.name }] : []),
    ...table.uniques.flatMap((u) => (u.name !== undefined ? [{ what: `unique constraint${on}`, name: u.name }] : [])),
    ...table.indexes.map((i) => ({ what: `index${on}`, name: i.name })),
    ...table.foreignKeys.flatMap((f) => (f.name !== undefined ? [{ what: `foreign key${on}`, name: f.name }] : [])),
    ...table.checks.map((c) => ({ what: `check constraint${on}`, name: c.name })),
  ];
}

/** One sentence per name in `schema` longer than the database keeps; [] when all fit. */
export function overlongIdentifiers(schema: SchemaSpec, limit: IdentifierLimit): string[] {
  const names = [
    ...schema.tables.flatMap(tableNames),
    ...schema.enums.flatMap((e) => [{ what: 'enum type', name: e.name }, ...e.values.map((v) => ({ what: `value of enum "${e.name}":`, name: v }))]),
  ];
  return names
    .filter(({ name }) => lengthOf(name, limit.unit) > limit.max)
    .map(({ what, name }) => {
      const shown = what.endsWith('.') ? `${what}"${name}"` : `${what} "${name}"`;
      return `${shown} is ${lengthOf(name, limit.unit)} ${limit.unit} long`;
    });
}

/** `name` as the database keeps it: cut to the limit at a character boundary (unchanged without one). */
export function fitIdentifier(name: string, limit: IdentifierLimit | undefined): string {
  if (!limit || lengthOf(name, limit.unit) <= limit.max) return name;
  let kept = '';
  for (const char of name) {
    if (lengthOf(kept + char, limit.unit) > limit.max) break;
    kept += char;
  }
  return kept;
}

/** The one-line refusal for the names overlongIdentifiers found. */
export function overlongIdentifiersMessage(limit: IdentifierLimit, problems: readonly string[]): string {
  const shown = problems.slice(0, 3).join('; ') + (problems.length > 3 ? `; and ${problems.length - 3} more` : '');
  return `${shown}: ${limit.database} names are at most ${limit.max} ${limit.unit} (${limit.fate}); give it a shorter name in the models`;
}
