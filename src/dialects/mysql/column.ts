// One column's full MySQL definition: what CREATE TABLE, ADD COLUMN and MODIFY COLUMN all need.
import type { OperationKind } from '../../operations/types.js';
import type { ColumnSpec } from '../../schema/types.js';
import { UnsupportedOperationError } from '../dialect.js';
import { canonicalDefaultSql, renderMysqlDefault } from './defaults.js';
import { quoteMysqlString } from './literal.js';
import { formatMysqlType, quoteMysqlIdent as q, serialStorage } from './types.js';

/** serial types and identity columns are AUTO_INCREMENT integers in MySQL (which then must lead a key). */
export function isAutoIncrement(column: ColumnSpec): boolean {
  return serialStorage(column.type.name) !== undefined || column.identity !== undefined;
}

/**
 * `name type [CHARACTER SET cs] [COLLATE coll] [GENERATED ALWAYS AS (…) STORED] [NOT NULL|NULL] [DEFAULT …] [AUTO_INCREMENT] [COMMENT '…']`.
 * Generated columns take neither NOT NULL (MariaDB refuses it) nor a default. A nullable TIMESTAMP says NULL
 * explicitly: with explicit_defaults_for_timestamp off, MySQL would otherwise make it NOT NULL with a default.
 */
export function renderColumnDefinition(column: ColumnSpec, kind: OperationKind): string {
  const parts = [q(column.name), formatMysqlType(column.type, kind)];
  if (column.statistics !== undefined) {
    throw new UnsupportedOperationError(kind, 'mysql', `column ${column.name}: statistics targets are PostgreSQL's (MySQL has ANALYZE TABLE … UPDATE HISTOGRAM)`);
  }
  if (column.charset !== undefined) parts.push(`CHARACTER SET ${column.charset}`);
  if (column.collation !== undefined) parts.push(`COLLATE ${column.collation}`);
  if (column.generated !== undefined) {
    parts.push(`GENERATED ALWAYS AS (${column.generated}) ${column.virtual ? 'VIRTUAL' : 'STORED'}`);
  } else {
    const autoIncrement = isAutoIncrement(column);
    if (!column.nullable || autoIncrement) parts.push('NOT NULL');
    else if (column.type.name === 'timestamptz') parts.push('NULL');
    const noDefault = column.default === undefined || (column.default.kind === 'value' && column.default.value === null);
    if (!noDefault && column.default && !autoIncrement) parts.push(`DEFAULT ${renderMysqlDefault(column.default, column.type)}`);
    if (autoIncrement) parts.push('AUTO_INCREMENT');
    if (column.onUpdate !== undefined) parts.push(`ON UPDATE ${canonicalDefaultSql(column.onUpdate, column.type)}`);
  }
  if (column.comment !== undefined && column.comment !== '') parts.push(`COMMENT ${quoteMysqlString(column.comment)}`);
  return parts.join(' ');
}
