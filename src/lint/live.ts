// Lint of an upgrade as it runs (issue 14.8): each call a migration issues is checked before it reaches the
// database, with the same rules and the same run-wide memory (run-state.ts) as the offline lint, so migration
// code runs once. The caller decides what to refuse; this only says what each call would be found to do.
import { readFileSync } from 'node:fs';
import { sqlSyntaxOf } from '../dialects/sql-syntax.js';
import type { DialectName } from '../drivers/connection.js';
import type { SqlSyntax } from '../dialects/shared/sql-lexer.js';
import { FileMatcher, type Position } from '../loader/positions.js';
import type { RevisionHeader } from '../revisions/header.js';
import type { ColumnType } from '../schema/types.js';
import type { Action, TableKey } from './actions.js';
import { MigrationAnalysis } from './analyze.js';
import { actionsOf, callPositions, suppressionProblems, unsuppressed, type Finding } from './lint-migration.js';
import type { RecordedCall } from './record.js';
import { RunState } from './run-state.js';
import { parseSuppressions, type Suppressions } from './suppressions.js';

export interface LiveLintOptions {
  dialect: DialectName;
  /** the schema a table named without one lives in (Dialect.defaultSchema) */
  defaultSchema: string;
  runnerSetsLockTimeout: boolean;
  /**
   * The type a column has in the database (an alterColumn without existingType on a table the run did not
   * create): what the offline lint learns by replaying earlier migrations, read from the database instead.
   */
  columnType?: (table: TableKey, column: string) => Promise<ColumnType | undefined>;
}

/** The lint of one upgrade run: open each migration as it starts, in run order. */
export class LiveLint {
  private readonly state = new RunState();
  /** a verdict used the database's column types: it holds for this database only (not for the lint cache) */
  consultedDatabase = false;

  constructor(private readonly options: LiveLintOptions) {}

  /**
   * A migration of the run. `report` false: it was judged before the run (a .sql file), so its calls only
   * advance what the run remembers.
   */
  migration(header: RevisionHeader, transactional: boolean, report: boolean): LiveMigration {
    const options = { ...this.options, ...(this.options.columnType ? { columnType: this.lookup(this.options.columnType) } : {}) };
    return new LiveMigration(header, transactional, report, this.state, options);
  }

  private lookup(columnType: NonNullable<LiveLintOptions['columnType']>): LiveLintOptions['columnType'] {
    return (table, column) => {
      this.consultedDatabase = true;
      return columnType(table, column);
    };
  }
}

export class LiveMigration {
  private readonly analysis: MigrationAnalysis;
  private readonly text: string;
  private readonly suppressions: Suppressions;
  private readonly calls: RecordedCall[] = [];
  private statementPositions: Array<Position | undefined> | undefined;
  private matcher: FileMatcher | undefined;

  constructor(
    readonly header: RevisionHeader,
    transactional: boolean,
    readonly report: boolean,
    private readonly state: RunState,
    private readonly options: LiveLintOptions,
  ) {
    this.analysis = new MigrationAnalysis({
      dialect: options.dialect,
      transactional,
      direction: 'upgrade',
      runnerSetsLockTimeout: options.runnerSetsLockTimeout,
      state,
      runScoped: true,
    });
    this.text = report ? readFileSync(header.file, 'utf8') : '';
    this.suppressions = parseSuppressions(this.text);
  }

  /** Call sites are needed to place findings (and their suppression comments) in a TS/JS file. */
  get wantsCallSites(): boolean {
    return this.report && this.header.format !== 'sql';
  }

  /** The findings of the next call, before it runs (suppressed ones left out); the run's memory moves on. */
  async check(call: RecordedCall): Promise<Finding[]> {
    const syntax = sqlSyntaxOf(this.options.dialect);
    const actions = await this.withKnownTypes(actionsOf(call, this.calls.at(-1), this.state, syntax, this.options.defaultSchema));
    const index = this.calls.push(call) - 1;
    const before = this.analysis.findings.length;
    const position = (): Position | undefined => this.positionOf(call, index, syntax);
    this.analysis.call({
      actions,
      source: 'sql' in call ? 'sql' : 'op',
      get position() {
        return position();
      },
    });
    if (!this.report) return [];
    return unsuppressed(this.analysis.findings.slice(before), this.suppressions, this.header);
  }

  /** Where a call is in the file: its call site (TS/JS), or its statement (.sql). */
  private positionOf(call: RecordedCall, index: number, syntax: SqlSyntax): Position | undefined {
    if (this.header.format === 'sql') {
      this.statementPositions ??= callPositions(this.header, this.text, 'upgrade', [], syntax);
      return this.statementPositions[index];
    }
    this.matcher ??= new FileMatcher(this.header.file);
    return call.site ? this.matcher.positionInStack(call.site.stack) : undefined;
  }

  /** Suppression comments that name no rule (warnings), once the migration has run. */
  problems(): Finding[] {
    return this.report ? suppressionProblems(this.suppressions, this.header) : [];
  }

  /** A type change that does not say what it changes from: the database says (the run did not touch the column). */
  private async withKnownTypes(actions: Action[]): Promise<Action[]> {
    const lookup = this.options.columnType;
    if (!this.report || !lookup) return actions;
    const known: Action[] = [];
    for (const action of actions) {
      const unknown = action.kind === 'alterType' && action.from === undefined && this.state.knownType(action.table, action.column) === undefined && !this.state.createdThisRun(action.table);
      const from = unknown ? await lookup(action.table, action.column) : undefined;
      known.push(from && action.kind === 'alterType' ? { ...action, from } : action);
    }
    return known;
  }
}
