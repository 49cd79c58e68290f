// Batches for drivers that send statements one at a time, and the grouping shared by those that can join them.
import type { BatchStatement, QueryResult } from './connection.js';

type Row = Record<string, unknown>;
type Query = (sql: string, params?: readonly unknown[]) => Promise<QueryResult<Row>>;

/** Each statement on its own, in order, stopping at the first error. */
export async function batchOneByOne(query: Query, statements: readonly BatchStatement[]): Promise<QueryResult<Row>[]> {
  const results: QueryResult<Row>[] = [];
  for (const statement of statements) results.push(await query(statement.sql, statement.params));
  return results;
}

/**
 * Runs of statements without parameters go together through `joined` (one round trip, one result per
 * statement); a statement with parameters goes alone through `query`.
 */
export async function batchJoined(
  query: Query,
  joined: (sql: string, count: number) => Promise<QueryResult<Row>[]>,
  statements: readonly BatchStatement[],
): Promise<QueryResult<Row>[]> {
  const results: QueryResult<Row>[] = [];
  let run: BatchStatement[] = [];
  const flush = async () => {
    if (run.length === 1) results.push(await query(run[0]?.sql ?? ''));
    else if (run.length > 1) results.push(...(await joined(run.map((s) => s.sql).join(';\n'), run.length)));
    run = [];
  };
  for (const statement of statements) {
    if (statement.params?.length) {
      await flush();
      results.push(await query(statement.sql, statement.params));
    } else run.push(statement);
  }
  await flush();
  return results;
}
