// One operation as a line of `migrate`'s and `check`'s report: what changes, and the name of what it changes.
import type { Operation } from '../operations/types.js';

const qualified = (ref: { schema?: string | undefined; name: string }) => (ref.schema ? `${ref.schema}.${ref.name}` : ref.name);

const CONSTRAINT_WORDS = {
  createPrimaryKey: 'primary key',
  createForeignKey: 'foreign key',
  createUniqueConstraint: 'unique constraint',
  createCheckConstraint: 'check',
  createExclusionConstraint: 'exclusion constraint',
} as const;

export function describeOperation(op: Operation): string {
  const table = 'table' in op ? ` ${qualified(op.table)}` : '';
  switch (op.kind) {
    case 'createTable':
      return `create table${table}`;
    case 'dropTable':
      return `drop table${table}`;
    case 'renameTable':
      return `rename table${table} to ${op.newName}`;
    case 'addColumn':
      return `add column${table}.${op.column.name}`;
    case 'dropColumn':
      return `drop column${table}.${op.column}`;
    case 'alterColumn':
      return op.changes.name !== undefined && Object.keys(op.changes).length === 1
        ? `rename column${table}.${op.column} to ${op.changes.name}`
        : `alter column${table}.${op.column}`;
    case 'createIndex':
      return `create index ${op.index.name} on${table}`;
    case 'dropIndex':
      return `drop index ${op.name} on${table}`;
    case 'createPrimaryKey':
    case 'createForeignKey':
    case 'createUniqueConstraint':
    case 'createCheckConstraint':
    case 'createExclusionConstraint':
      return `create ${CONSTRAINT_WORDS[op.kind]}${op.constraint.name ? ` ${op.constraint.name}` : ''} on${table}`;
    case 'dropConstraint':
      return `drop constraint ${op.name} on${table}`;
    case 'createObject':
    case 'dropObject':
      return `${op.kind === 'createObject' ? 'create' : 'drop'} ${op.object.kind} ${qualified(op.object)}${op.object.table ? ` on ${op.object.table}` : ''}`;
    case 'createEnum':
    case 'dropEnum':
    case 'addEnumValue':
    case 'dropEnumValue':
      return `${op.kind} ${qualified(op.enum)}`;
    case 'execute':
      return `execute ${op.sql.length > 60 ? `${op.sql.slice(0, 59)}…` : op.sql}`;
    default:
      return `${op.kind}${table}`;
  }
}
