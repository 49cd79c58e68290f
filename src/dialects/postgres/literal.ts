// SQL literals for PostgreSQL with standard_conforming_strings on: only ' needs doubling.
import { UsageError } from '../../errors.js';

export function quotePgString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

export function pgLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new UsageError(`cannot write ${value} as an SQL literal`);
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return quotePgString(value);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new UsageError('cannot write an invalid Date as an SQL literal');
    return quotePgString(value.toISOString());
  }
  if (value instanceof Uint8Array) return `'\\x${Buffer.from(value).toString('hex')}'`;
  if (typeof value === 'object') return quotePgString(JSON.stringify(value));
  throw new UsageError(`cannot write a ${typeof value} as an SQL literal`);
}
