// Batches for drivers that send statements one at a time, and the grouping shared by those that can join them.
import type { BatchStatement, QueryResult } from './connection.js';

type Row = Record<string, unknown>;
type Query = (sql: string, params?: readonly unknown[]) => Promise<QueryResult<Row>>;

/** For a batch's error: how many of its statements completed before the one that failed (its index). */
const failedIndexes = new WeakMap<object, number>();

/** The index of the batch statement an error came from, where the driver could tell. */
export function failedBatchIndex(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null ? failedIndexes.get(error) : undefined;
}

/** Marks `error` as coming from statement `index` of a batch. */
export function markFailedBatchIndex(error: unknown, index: number): unknown {
  if (typeof error === 'object' && error !== null) failedIndexes.set(error, index);
  return error;
}

/**
 * `work`, which sends the batch's statements from `offset` on; its error is marked with the failed statement's
 * place in the whole batch. A single statement's error is its own; several statements' error stays unmarked when
 * the driver could not tell which failed (no index is better than a wrong one).
 */
async function failureFrom<T>(offset: number, single: boolean, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const inner = failedBatchIndex(error) ?? (single ? 0 : undefined);
    if (inner !== undefined) markFailedBatchIndex(error, offset + inner);
    throw error;
  }
}

/** Each statement on its own, in order, stopping at the first error. */
export async function batchOneByOne(query: Query, statements: readonly BatchStatement[]): Promise<QueryResult<Row>[]> {
  const results: QueryResult<Row>[] = [];
  for (const statement of statements) results.push(await failureFrom(results.length, true, () => query(statement.sql, statement.params)));
  return results;
}

/**
 * Runs of statements without parameters go together through `joined` (one round trip, one result per
 * statement); a statement with parameters goes alone through `query`. An error is marked with the index of the
 * statement it came from when `joined` marks which of its statements failed (markFailedBatchIndex).
 */
export async function batchJoined(
  query: Query,
  joined: (sql: string, count: number) => Promise<QueryResult<Row>[]>,
  statements: readonly BatchStatement[],
): Promise<QueryResult<Row>[]> {
  const results: QueryResult<Row>[] = [];
  let run: BatchStatement[] = [];
  const flush = async () => {
    const sent = run;
    run = [];
    if (sent.length === 1) results.push(await failureFrom(results.length, true, () => query(sent[0]?.sql ?? '')));
    else if (sent.length > 1) results.push(...(await failureFrom(results.length, false, () => joined(sent.map((s) => s.sql).join(';\n'), sent.length))));
  };
  for (const statement of statements) {
    if (statement.params?.length) {
      await flush();
      results.push(await failureFrom(results.length, true, () => query(statement.sql, statement.params)));
    } else run.push(statement);
  }
  await flush();
  return results;
}
