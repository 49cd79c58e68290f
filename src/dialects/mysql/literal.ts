// SQL literals for MySQL/MariaDB with the default sql_mode (backslash is an escape character in strings).
import { sqlLiteral, type LiteralStyle } from '../shared/literal.js';
import { stringValue } from '../shared/sql-lexer.js';
import { mysqlSqlSyntax } from './sql-syntax.js';

/** 'text' with ' doubled, backslash and NUL escaped (assumes NO_BACKSLASH_ESCAPES is off, the default). */
export function quoteMysqlString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''").replace(/\0/g, '\\0')}'`;
}

/**
 * The text of a quoted string literal as MySQL reads it: '' or \' for a quote, backslash escapes decoded
 * (\% and \_ keep their backslash, as in LIKE patterns). Accepts '…' and "…" (ANSI_QUOTES off).
 */
export function unquoteMysqlString(literal: string): string {
  return stringValue({ text: literal }, mysqlSqlSyntax);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** A Date as MySQL's DATETIME/TIMESTAMP text, in UTC (MySQL rejects ISO 8601 with a `Z` in strict mode). */
function dateText(value: Date): string {
  return (
    `${pad(value.getUTCFullYear(), 4)}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())} ` +
    `${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}:${pad(value.getUTCSeconds())}.${pad(value.getUTCMilliseconds(), 3)}`
  );
}

const MYSQL_STYLE: LiteralStyle = {
  quote: quoteMysqlString,
  dateText,
  bytes: (value) => `X'${Buffer.from(value).toString('hex')}'`,
  booleans: ['TRUE', 'FALSE'],
};

export function mysqlLiteral(value: unknown): string {
  return sqlLiteral(value, MYSQL_STYLE);
}
