// What lint remembers across the migrations of one run (in upgrade order): column types (for alterColumn
// without existingType) and check constraints `col IS NOT NULL` that are valid (so a later SET NOT NULL
// can skip its scan on PostgreSQL 12+), and the tables created by the migrations of the run being judged (an
// upgrade's pending migrations run on the database in one go: a table one of them creates holds no rows or
// traffic when a later one indexes it).
import type { ColumnType } from '../schema/types.js';
import type { Action, TableKey } from './actions.js';

export class RunState {
  private readonly types = new Map<TableKey, Map<string, ColumnType>>();
  /** `table|constraint` → the column its `col IS NOT NULL` check covers (undefined: another check) */
  private readonly checks = new Map<string, string | undefined>();
  /** `table|column` with a valid not-null check */
  private readonly validNotNull = new Set<string>();
  /** tables created by a reported migration of this run (only with a run-scoped lint) */
  private readonly createdInRun = new Set<TableKey>();

  clone(): RunState {
    const copy = new RunState();
    for (const table of this.createdInRun) copy.createdInRun.add(table);
    for (const [table, columns] of this.types) copy.types.set(table, new Map(columns));
    for (const [key, column] of this.checks) copy.checks.set(key, column);
    for (const key of this.validNotNull) copy.validNotNull.add(key);
    return copy;
  }

  createdThisRun(table: TableKey): boolean {
    return this.createdInRun.has(table);
  }

  /** Bookkeeping of a run-scoped lint: what the judged migrations create, rename and drop. */
  trackCreated(action: Action): void {
    if (action.kind === 'createTable') this.createdInRun.add(action.table);
    else if (action.kind === 'dropTable') this.createdInRun.delete(action.table);
    else if (action.kind === 'renameTable' && this.createdInRun.delete(action.table)) this.createdInRun.add(action.newTable);
  }

  knownType(table: TableKey, column: string): ColumnType | undefined {
    return this.types.get(table)?.get(column);
  }

  hasValidNotNullCheck(table: TableKey, column: string): boolean {
    return this.validNotNull.has(`${table}|${column}`);
  }

  /** The column a named check constraint covers with `IS NOT NULL`, if lint saw it being added. */
  notNullCheckColumn(table: TableKey, name: string): string | undefined {
    return this.checks.get(`${table}|${name}`);
  }

  apply(action: Action): void {
    switch (action.kind) {
      case 'createTable':
        this.types.set(action.table, new Map((action.columns ?? []).map((c) => [c.name, c.type])));
        break;
      case 'dropTable':
        this.types.delete(action.table);
        this.dropByPrefix(action.table);
        break;
      case 'renameTable':
        this.renameTable(action.table, action.newTable);
        break;
      case 'addColumn':
        if (action.type) this.columns(action.table).set(action.column, action.type);
        break;
      case 'dropColumn':
        this.types.get(action.table)?.delete(action.column);
        this.validNotNull.delete(`${action.table}|${action.column}`);
        break;
      case 'renameColumn': {
        const columns = this.types.get(action.table);
        const type = columns?.get(action.column);
        columns?.delete(action.column);
        if (type) columns?.set(action.newName, type);
        break;
      }
      case 'alterType':
        this.columns(action.table).set(action.column, action.to);
        break;
      case 'addConstraint':
        if (action.type === 'check' && action.name !== undefined) {
          this.checks.set(`${action.table}|${action.name}`, action.notNullColumn);
          if (action.notNullColumn !== undefined && !action.notValid) this.validNotNull.add(`${action.table}|${action.notNullColumn}`);
        }
        break;
      case 'validateConstraint': {
        const column = this.checks.get(`${action.table}|${action.name}`);
        if (column !== undefined) this.validNotNull.add(`${action.table}|${column}`);
        break;
      }
      case 'dropConstraint': {
        const key = `${action.table}|${action.name}`;
        const column = this.checks.get(key);
        this.checks.delete(key);
        if (column !== undefined) this.validNotNull.delete(`${action.table}|${column}`);
        break;
      }
      default:
        break;
    }
  }

  private columns(table: TableKey): Map<string, ColumnType> {
    let columns = this.types.get(table);
    if (!columns) {
      columns = new Map();
      this.types.set(table, columns);
    }
    return columns;
  }

  private dropByPrefix(table: TableKey): void {
    const prefix = `${table}|`;
    for (const key of [...this.checks.keys()]) if (key.startsWith(prefix)) this.checks.delete(key);
    for (const key of [...this.validNotNull]) if (key.startsWith(prefix)) this.validNotNull.delete(key);
  }

  private renameTable(from: TableKey, to: TableKey): void {
    const columns = this.types.get(from);
    this.types.delete(from);
    if (columns) this.types.set(to, columns);
    const prefix = `${from}|`;
    for (const [key, column] of [...this.checks]) {
      if (!key.startsWith(prefix)) continue;
      this.checks.delete(key);
      this.checks.set(`${to}|${key.slice(prefix.length)}`, column);
    }
    for (const key of [...this.validNotNull]) {
      if (!key.startsWith(prefix)) continue;
      this.validNotNull.delete(key);
      this.validNotNull.add(`${to}|${key.slice(prefix.length)}`);
    }
  }
}
