// One line per operation, as `migrate` lists what it wrote and `check` lists what differs: what it does and to
// which table, column, index, constraint or object, by name.
import type { Operation } from '../operations/types.js';

function qualified(ref: { schema?: string | undefined; name: string }): string {
  return ref.schema ? `${ref.schema}.${ref.name}` : ref.name;
}

function named(what: string, name: string | undefined): string {
  return name === undefined ? what : `${what} ${name}`;
}

function describeConstraintOperation(op: Operation): string | undefined {
  switch (op.kind) {
    case 'createPrimaryKey':
      return `${named('create primary key', op.constraint.name)} on ${qualified(op.table)}`;
    case 'createForeignKey':
      return `${named('create foreign key', op.constraint.name)} on ${qualified(op.table)}`;
    case 'createUniqueConstraint':
      return `${named('create unique constraint', op.constraint.name)} on ${qualified(op.table)}`;
    case 'createCheckConstraint':
      return `create check ${op.constraint.name} on ${qualified(op.table)}`;
    case 'createExclusionConstraint':
      return `create exclusion constraint ${op.constraint.name} on ${qualified(op.table)}`;
    case 'validateConstraint':
      return `validate constraint ${op.name} on ${qualified(op.table)}`;
    case 'dropConstraint':
      return `drop constraint ${op.name} on ${qualified(op.table)}`;
    default:
      return undefined;
  }
}

export function describeOperation(op: Operation): string {
  const constraint = describeConstraintOperation(op);
  if (constraint !== undefined) return constraint;
  switch (op.kind) {
    case 'createTable':
      return `create table ${qualified(op.table)}`;
    case 'dropTable':
      return `drop table ${qualified(op.table)}`;
    case 'renameTable':
      return `rename table ${qualified(op.table)} to ${op.newName}`;
    case 'addColumn':
      return `add column ${qualified(op.table)}.${op.column.name}`;
    case 'dropColumn':
      return `drop column ${qualified(op.table)}.${op.column}`;
    case 'alterColumn':
      return `alter column ${qualified(op.table)}.${op.column}`;
    case 'createIndex':
      return `create index ${op.index.name} on ${qualified(op.table)}`;
    case 'dropIndex':
      return `drop index ${op.name} on ${qualified(op.table)}`;
    case 'createEnum':
    case 'dropEnum':
    case 'addEnumValue':
    case 'dropEnumValue':
      return `${op.kind} ${qualified(op.enum)}`;
    case 'createObject':
    case 'dropObject':
      return `${op.kind === 'createObject' ? 'create' : 'drop'} ${op.object.kind} ${qualified(op.object)}${op.object.table ? ` on ${op.object.table}` : ''}`;
    case 'execute':
      return `execute ${op.sql.length > 60 ? `${op.sql.slice(0, 59)}…` : op.sql}`;
    default:
      return `${op.kind} ${qualified(op.table)}`;
  }
}
