// The rules, applied to one migration's recorded calls in order. "Existing table" = a table this migration
// did not create (createTable, or renameTable of a table it created): only those can hold rows and traffic.
import type { DialectName } from '../drivers/connection.js';
import { strongLockTables, tableLabel, type Action, type TableKey } from './actions.js';
import type { Position } from '../loader/positions.js';
import { typeChangeProblem } from './postgres-facts.js';
import { getRule, type RuleId } from './rules.js';
import type { RunState } from './run-state.js';

export interface AnalyzedCall {
  actions: Action[];
  /** 'op': a typed op.* call; 'sql': raw SQL (op.execute or a .sql file) */
  source: 'op' | 'sql';
  position?: Position;
}

export interface AnalysisContext {
  dialect: DialectName;
  transactional: boolean;
  direction: 'upgrade' | 'downgrade';
  /** true when the runner sets lock_timeout for transactional migrations (config lockTimeoutMs > 0) */
  runnerSetsLockTimeout: boolean;
  /** advanced by every action: pass a clone for a downgrade, which must not change the run's state */
  state: RunState;
  /** the migrations of the run apply together (an upgrade's pending ones): a table an earlier one created is new */
  runScoped: boolean;
}

export interface RawFinding {
  rule: RuleId;
  /** the table the finding is about (how `upgrade` asks the database whether it holds rows) */
  table?: TableKey;
  position?: Position;
  message: string;
  fix: string;
}

/** One migration's analysis; feed calls in order with `call()`, then read `findings`. */
export class MigrationAnalysis {
  readonly findings: RawFinding[] = [];
  private readonly newTables = new Set<TableKey>();
  /** indexes this migration created (raw DROP INDEX names no table: an index built here is on no busy table yet) */
  private readonly newIndexes = new Set<string>();
  /** existing tables this migration's transaction holds a blocking lock on */
  private readonly locked = new Set<TableKey>();
  /** `table|name` of constraints added NOT VALID in this migration */
  private readonly addedNotValid = new Set<string>();
  private lockTimeoutSet = false;
  private localTimeoutIgnored = false;
  private lockTimeoutReported = false;
  /** the table of the action being checked */
  private subject: TableKey | undefined;

  constructor(private readonly ctx: AnalysisContext) {}

  call(call: AnalyzedCall): void {
    for (const action of call.actions) {
      this.subject = 'table' in action ? action.table : undefined;
      this.check(action, call);
      this.track(action);
      if (this.ctx.runScoped) this.ctx.state.trackCreated(action);
      this.ctx.state.apply(action);
    }
  }

  private existing(table: TableKey | undefined): boolean {
    return table === undefined || !(this.newTables.has(table) || this.ctx.state.createdThisRun(table));
  }

  private report(rule: RuleId, call: AnalyzedCall, message: string, fix?: string): void {
    const definition = getRule(rule);
    if (!definition.dialects.includes(this.ctx.dialect)) return;
    if (this.ctx.direction === 'downgrade' && !definition.inDowngrade) return;
    const defaultFix = call.source === 'sql' ? (definition.sqlFix ?? definition.fix) : definition.fix;
    const position = call.position;
    const table = this.subject;
    this.findings.push({ rule, ...(table !== undefined ? { table } : {}), ...(position ? { position } : {}), message, fix: fix ?? defaultFix });
  }

  private check(action: Action, call: AnalyzedCall): void {
    this.checkLockTimeout(action, call);
    const { transactional } = this.ctx;
    switch (action.kind) {
      case 'dropTable':
        if (this.existing(action.table)) this.report('drop-table', call, `drops table ${tableLabel(action.table)} and its data`);
        break;
      case 'renameTable':
        if (this.existing(action.table)) {
          this.report('rename-table', call, `renames table ${tableLabel(action.table)} to ${tableLabel(action.newTable)}: running code still uses the old name`);
        }
        break;
      case 'addColumn':
        if (this.existing(action.table)) this.checkAddColumn(action, call);
        break;
      case 'dropColumn':
        if (this.existing(action.table)) this.report('drop-column', call, `drops column ${tableLabel(action.table)}.${action.column} and its data`);
        break;
      case 'renameColumn':
        if (this.existing(action.table)) {
          this.report('rename-column', call, `renames column ${tableLabel(action.table)}.${action.column} to ${action.newName}: running code still uses the old name`);
        }
        break;
      case 'alterType': {
        if (!this.existing(action.table)) break;
        const from = action.from ?? this.ctx.state.knownType(action.table, action.column);
        const problem = typeChangeProblem(action.column, from, action.to, action.using);
        if (problem) this.report('type-change-rewrite', call, `${tableLabel(action.table)}: ${problem}`);
        break;
      }
      case 'setNotNull':
        if (this.existing(action.table) && !this.ctx.state.hasValidNotNullCheck(action.table, action.column)) {
          this.report(
            'set-not-null-without-check',
            call,
            `sets ${tableLabel(action.table)}.${action.column} NOT NULL without a validated CHECK (${action.column} IS NOT NULL): a full scan under ACCESS EXCLUSIVE`,
          );
        }
        break;
      case 'createIndex':
        if (action.concurrently && transactional) {
          const name = action.name ? `index ${action.name}` : 'an index';
          this.report('concurrently-in-transaction', call, `creates ${name} CONCURRENTLY in a transactional migration: PostgreSQL refuses it`);
        } else if (!action.concurrently && this.existing(action.table)) {
          const name = action.name ? `index ${action.name}` : 'an index';
          this.report(
            'create-index-non-concurrently',
            call,
            `builds ${name} on existing table ${tableLabel(action.table)} without CONCURRENTLY: writes to ${tableLabel(action.table)} wait until it is built`,
            transactional ? undefined : call.source === 'sql' ? 'use CREATE INDEX CONCURRENTLY (the migration is already non-transactional)' : 'pass { concurrently: true } (the migration is already non-transactional)',
          );
        }
        break;
      case 'dropIndex':
        if (action.concurrently && transactional) {
          this.report('concurrently-in-transaction', call, `drops index ${action.name} CONCURRENTLY in a transactional migration: PostgreSQL refuses it`);
        } else if (!action.concurrently && !this.newIndexes.has(action.name) && (action.table === undefined || this.existing(action.table))) {
          this.report('drop-index-non-concurrently', call, `drops index ${action.name} without CONCURRENTLY: the ACCESS EXCLUSIVE lock on its table blocks reads and writes while it waits`);
        }
        break;
      case 'noTransaction':
        if (transactional) this.report('concurrently-in-transaction', call, `${action.statement} in a transactional migration: PostgreSQL refuses it in a transaction block`);
        break;
      case 'addConstraint':
        this.checkAddConstraint(action, call);
        break;
      case 'validateConstraint':
        if (transactional && this.addedNotValid.has(`${action.table}|${action.name}`)) {
          this.report(
            'constraint-without-not-valid',
            call,
            `validates ${action.name} in the same transaction that added it NOT VALID: the lock taken by ADD CONSTRAINT is held for the whole validation scan`,
            'validate it in a later migration',
          );
        }
        break;
      case 'dml':
        if (transactional && this.locked.has(action.table)) {
          this.report(
            'backfill-in-ddl-transaction',
            call,
            `${action.verb} of ${tableLabel(action.table)} runs while this transaction holds the lock an earlier change to ${tableLabel(action.table)} took: reads and writes wait until the migration commits`,
          );
        }
        break;
      case 'transactionControl':
        if (transactional) {
          this.report('transaction-control', call, `${action.statement} inside a transactional migration: the runner's transaction (and the version update in it) is ended or broken`);
        }
        break;
      default:
        break;
    }
  }

  private checkAddColumn(action: Extract<Action, { kind: 'addColumn' }>, call: AnalyzedCall): void {
    const column = `${tableLabel(action.table)}.${action.column}`;
    if (action.notNull && !action.hasDefault && !action.sequence && !action.storedGenerated) {
      this.report('add-column-not-null-without-default', call, `adds NOT NULL column ${column} without a default: fails if ${tableLabel(action.table)} has rows`);
    }
    if (action.volatileDefault) {
      this.report('volatile-default', call, `adds ${column} with volatile default ${action.volatileDefault}: every row gets its own value, so the table is rewritten`);
    } else if (action.sequence) {
      this.report(
        'volatile-default',
        call,
        `adds ${action.sequence === 'serial' ? 'serial' : 'identity'} column ${column}: filling existing rows from a sequence rewrites the table`,
        'add a plain integer column, attach a sequence default, then backfill existing rows in batches',
      );
    }
    if (action.storedGenerated) this.report('add-stored-generated-column', call, `adds stored generated column ${column}: computing it for every row rewrites the table`);
  }

  private checkAddConstraint(action: Extract<Action, { kind: 'addConstraint' }>, call: AnalyzedCall): void {
    if (action.notValid && action.name !== undefined) this.addedNotValid.add(`${action.table}|${action.name}`);
    if (!this.existing(action.table)) return;
    const table = tableLabel(action.table);
    const name = action.name ? `${action.name} ` : '';
    const viaColumn = call.source === 'op' ? action.viaColumn : undefined;
    if ((action.type === 'foreignKey' || action.type === 'check') && !action.notValid) {
      const what = action.type === 'foreignKey' ? 'foreign key' : 'check';
      this.report(
        'constraint-without-not-valid',
        call,
        `adds ${what} ${name}to existing table ${table} without NOT VALID: every row is checked while writes are blocked`,
        viaColumn !== undefined && action.type === 'foreignKey'
          ? `add ${action.viaColumn} without .references(), then op.createForeignKey(…, { notValid: true }) and op.validateConstraint in a later migration`
          : undefined,
      );
    }
    if (action.type === 'unique' && !action.usingIndex) {
      this.report(
        'add-unique-constraint',
        call,
        `adds unique constraint ${name}to existing table ${table}: its index is built while reads and writes are blocked`,
        viaColumn !== undefined ? `add ${viaColumn} without .unique(), then createIndex(…, { unique: true, concurrently: true }) in a non-transactional migration` : undefined,
      );
    }
    if (action.type === 'primaryKey' && !action.usingIndex) {
      this.report('add-primary-key', call, `adds primary key ${name}to existing table ${table}: its index is built while reads and writes are blocked`);
    }
  }

  /** missing-lock-timeout: the first blocking lock on an existing table with no lock_timeout in force. */
  private checkLockTimeout(action: Action, call: AnalyzedCall): void {
    if (action.kind === 'lockTimeout') {
      if (!action.local || this.ctx.transactional) this.lockTimeoutSet = true;
      else this.localTimeoutIgnored = true;
      return;
    }
    // the runner sets lock_timeout for every migration (SET LOCAL in a transaction, the session's before a
    // non-transactional one) unless lockTimeoutMs is 0
    const covered = this.ctx.runnerSetsLockTimeout;
    if (covered || this.lockTimeoutSet || this.lockTimeoutReported) return;
    const blocking = strongLockTables(action).filter((table) => this.existing(table));
    if (blocking.length === 0) return;
    this.lockTimeoutReported = true;
    const where = blocking[0] === undefined ? 'a table' : tableLabel(blocking[0]);
    const why = 'the runner sets no lock_timeout: lockTimeoutMs is 0';
    const local = this.localTimeoutIgnored ? '; SET LOCAL lock_timeout has no effect outside a transaction' : '';
    this.report('missing-lock-timeout', call, `locks ${where} with no lock_timeout (${why}${local}): queued behind a long query it stalls all traffic to it`);
  }

  /** Bookkeeping after the checks: new tables, locks held. */
  private track(action: Action): void {
    if (action.kind === 'createTable') this.newTables.add(action.table);
    if (action.kind === 'createIndex' && action.name !== undefined) this.newIndexes.add(action.name);
    if (action.kind === 'renameTable' && this.newTables.has(action.table)) {
      this.newTables.delete(action.table);
      this.newTables.add(action.newTable);
    }
    if (action.kind === 'dropTable') this.newTables.delete(action.table);
    if (!this.ctx.transactional) return;
    for (const table of strongLockTables(action)) {
      if (table !== undefined && this.existing(table)) this.locked.add(table);
    }
    if (action.kind === 'renameTable' && this.locked.has(action.table)) this.locked.add(action.newTable);
  }
}
