// Which statements the SQLite drivers run with exec() instead of a prepared statement. A prepared statement
// lives until it is garbage-collected, and every schema change walks all live ones to expire them: over 1000
// migrations, preparing each CREATE costs twice what SQLite spends running it. Statements that change the
// schema or the transaction return no rows and count no changes, so nothing is lost by not preparing them
// (DML keeps its prepared path: its change count and RETURNING rows are results).

const SCHEMA_OR_TRANSACTION = /^\s*(?:create|drop|alter|begin|commit|end|rollback|savepoint|release)\b/i;

/** A statement without parameters that returns no rows and no change count: run it with exec(). */
export function runsWithoutResult(sql: string, params: readonly unknown[] | undefined): boolean {
  return (params === undefined || params.length === 0) && SCHEMA_OR_TRANSACTION.test(sql);
}
