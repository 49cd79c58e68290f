// SQL literals for PostgreSQL with standard_conforming_strings on: only ' needs doubling.
import { sqlLiteral, type LiteralStyle } from '../shared/literal.js';

export function quotePgString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

const PG_STYLE: LiteralStyle = {
  quote: quotePgString,
  dateText: (value) => value.toISOString(),
  bytes: (value) => `'\\x${Buffer.from(value).toString('hex')}'`,
  booleans: ['true', 'false'],
};

export function pgLiteral(value: unknown): string {
  return sqlLiteral(value, PG_STYLE);
}
