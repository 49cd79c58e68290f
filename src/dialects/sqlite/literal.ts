// SQL literals for SQLite: strings with '' doubling, blobs as X'…', booleans as TRUE/FALSE (1/0 once stored).
import { sqlLiteral, type LiteralStyle } from '../shared/literal.js';

export function quoteSqliteString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

const SQLITE_STYLE: LiteralStyle = {
  quote: quoteSqliteString,
  dateText: (value) => value.toISOString(),
  bytes: (value) => `X'${Buffer.from(value).toString('hex')}'`,
  booleans: ['TRUE', 'FALSE'],
};

export function sqliteLiteral(value: unknown): string {
  return sqlLiteral(value, SQLITE_STYLE);
}
