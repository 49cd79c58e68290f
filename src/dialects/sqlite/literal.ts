// SQL literals for SQLite: strings with '' doubling, blobs as X'…', booleans as TRUE/FALSE (1/0 once stored).
import { UsageError } from '../../errors.js';

export function quoteSqliteString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

export function sqliteLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new UsageError(`cannot write ${value} as an SQL literal`);
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return quoteSqliteString(value);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new UsageError('cannot write an invalid Date as an SQL literal');
    return quoteSqliteString(value.toISOString());
  }
  if (value instanceof Uint8Array) return `X'${Buffer.from(value).toString('hex')}'`;
  if (typeof value === 'object') return quoteSqliteString(JSON.stringify(value));
  throw new UsageError(`cannot write a ${typeof value} as an SQL literal`);
}
