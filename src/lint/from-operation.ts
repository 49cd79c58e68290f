// Typed operations → actions. Exact: every field lint needs is in the Operation itself.
import type { SqlSyntax } from '../dialects/shared/sql-lexer.js';
import type { Operation } from '../operations/types.js';
import type { ColumnType, TypeName } from '../schema/types.js';
import { inDefaultSchema, tableKey, type Action } from './actions.js';
import { actionsOfSql } from './from-sql.js';
import { notNullCheckColumn, volatileCall } from './postgres-facts.js';

const SERIAL_TYPES = new Set<TypeName>(['smallserial', 'serial', 'bigserial']);

export interface OperationContext {
  /** the type of a column as the run so far knows it (for alterColumn without existingType) */
  knownType(table: string, column: string): ColumnType | undefined;
  /** how the dialect spells SQL (op.execute text) */
  syntax: SqlSyntax;
  /** the schema a table without one lives in (Dialect.defaultSchema) */
  defaultSchema: string;
}

export function actionsOfOperation(op: Operation, context: OperationContext): Action[] {
  return inDefaultSchema(actionsAsWritten(op, context), context.defaultSchema);
}

function actionsAsWritten(op: Operation, context: OperationContext): Action[] {
  switch (op.kind) {
    case 'createTable':
      return [
        {
          kind: 'createTable',
          table: tableKey(op.table),
          refTables: op.table.foreignKeys.map((fk) => tableKey({ schema: fk.refSchema ?? op.table.schema, name: fk.refTable })),
          columns: op.table.columns.map((column) => ({ name: column.name, type: column.type })),
        },
      ];
    case 'dropTable':
      return [{ kind: 'dropTable', table: tableKey(op.table) }];
    case 'renameTable':
      return [{ kind: 'renameTable', table: tableKey(op.table), newTable: tableKey({ schema: op.table.schema, name: op.newName }) }];
    case 'addColumn': {
      const { column } = op;
      const sql = column.default?.kind === 'sql' ? column.default.sql : undefined;
      const volatileDefault = sql === undefined ? undefined : volatileCall(sql);
      const sequence = SERIAL_TYPES.has(column.type.name) ? 'serial' : column.identity ? 'identity' : undefined;
      return [
        {
          kind: 'addColumn',
          table: tableKey(op.table),
          column: column.name,
          notNull: !column.nullable,
          hasDefault: column.default !== undefined,
          ...(volatileDefault ? { volatileDefault } : {}),
          ...(sequence ? { sequence } : {}),
          storedGenerated: column.generated !== undefined,
          type: column.type,
        },
      ];
    }
    case 'dropColumn':
      return [{ kind: 'dropColumn', table: tableKey(op.table), column: op.column }];
    case 'alterColumn': {
      const table = tableKey(op.table);
      const { changes } = op;
      const actions: Action[] = [];
      if (changes.type !== undefined) {
        const from = op.existing?.type ?? context.knownType(table, op.column);
        actions.push({
          kind: 'alterType',
          table,
          column: op.column,
          ...(from ? { from } : {}),
          to: changes.type,
          ...(changes.using !== undefined ? { using: changes.using } : {}),
        });
      }
      if (changes.nullable === false) actions.push({ kind: 'setNotNull', table, column: op.column });
      if (changes.nullable === true || changes.default !== undefined) actions.push({ kind: 'alterColumnOther', table, column: op.column });
      if (changes.name !== undefined && changes.name !== op.column) actions.push({ kind: 'renameColumn', table, column: op.column, newName: changes.name });
      return actions;
    }
    case 'createIndex':
      return [{ kind: 'createIndex', table: tableKey(op.table), name: op.index.name, concurrently: op.concurrently === true, unique: op.index.unique === true }];
    case 'dropIndex':
      return [{ kind: 'dropIndex', table: tableKey(op.table), name: op.name, concurrently: op.concurrently === true }];
    case 'createPrimaryKey':
      return [constraint(op.table, 'primaryKey', op.constraint.name, false)];
    case 'createUniqueConstraint':
      return [constraint(op.table, 'unique', op.constraint.name, false)];
    case 'createForeignKey': {
      const refTable = tableKey({ schema: op.constraint.refSchema ?? op.table.schema, name: op.constraint.refTable });
      return [{ ...constraint(op.table, 'foreignKey', op.constraint.name, op.notValid === true), refTable }];
    }
    case 'createCheckConstraint': {
      const column = notNullCheckColumn(op.constraint.expression);
      return [{ ...constraint(op.table, 'check', op.constraint.name, op.notValid === true), ...(column !== undefined ? { notNullColumn: column } : {}) }];
    }
    case 'createExclusionConstraint':
      // like a unique constraint, it builds its index under the table's lock
      return [constraint(op.table, 'unique', op.constraint.name, false)];
    case 'validateConstraint':
      return [{ kind: 'validateConstraint', table: tableKey(op.table), name: op.name }];
    case 'dropConstraint':
      return [{ kind: 'dropConstraint', table: tableKey(op.table), name: op.name }];
    case 'execute':
      return actionsOfSql(op.sql, context.syntax, context.defaultSchema);
    case 'createEnum':
    case 'addEnumValue':
    case 'dropEnumValue':
    case 'dropEnum':
    case 'setTableComment':
    case 'setColumnComment':
    case 'setTableOptions':
    case 'bulkInsert':
    case 'createObject':
    case 'dropObject':
      return [];
  }
}

function constraint(
  table: { schema?: string; name: string },
  type: 'primaryKey' | 'unique' | 'foreignKey' | 'check',
  name: string | undefined,
  notValid: boolean,
): Extract<Action, { kind: 'addConstraint' }> {
  return { kind: 'addConstraint', table: tableKey(table), type, ...(name !== undefined ? { name } : {}), notValid, usingIndex: false };
}
