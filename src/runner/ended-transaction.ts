// A transactional migration whose own SQL ends the transaction athanor opened for it (COMMIT, END, ROLLBACK,
// ABORT: lint's transaction-control error, overridden with --no-lint): a failure after that statement cannot
// roll back what ran before it, so the failure must not say "rolled back".
import type { Dialect } from '../dialects/dialect.js';
import { actionsOfSql } from '../lint/from-sql.js';

export interface EndedTransaction {
  /** the migration's statement that ended the transaction, as its first words say (COMMIT, END, ROLLBACK…) */
  statement: string;
  /** it committed (COMMIT, END) rather than rolled back what ran before it */
  committed: boolean;
  /** the last statement that ran before it, if any: what it committed ends there */
  before: string | undefined;
}

const ENDS = /^(COMMIT|END|ROLLBACK|ABORT)\b/;

/** The last statement among those that ran up to the failure (`failed`, or all) that ended the transaction. */
export function endedTransaction(dialect: Dialect, ran: readonly string[], failed: string | null): EndedTransaction | undefined {
  const upTo = failed === null ? ran.length : ran.lastIndexOf(failed);
  for (let i = (upTo === -1 ? ran.length : upTo) - 1; i >= 0; i--) {
    const head = actionsOfSql(ran[i] ?? '', dialect.sqlSyntax, dialect.defaultSchema).find((a) => a.kind === 'transactionControl' && ENDS.test(a.statement));
    if (head?.kind !== 'transactionControl') continue;
    return { statement: head.statement, committed: /^(COMMIT|END)/.test(head.statement), before: ran[i - 1] };
  }
  return undefined;
}
