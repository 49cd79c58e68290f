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

/** Marks `error` as coming from statement `index` of a batch (the first mark wins: it is the innermost). */
export function markFailedBatchIndex(error: unknown, index: number): unknown {
  if (typeof error === 'object' && error !== null && !failedIndexes.has(error)) failedIndexes.set(error, index);
  return error;
}

/** `work`, with its error marked as coming from statement `offset` + (the index the error already carries). */
async function offsetFailure<T>(offset: number, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const inner = failedBatchIndex(error);
    if (inner !== undefined) failedIndexes.set(error as object, offset + inner);
    else markFailedBatchIndex(error, offset);
    throw error;
  }
}

/** Each statement on its own, in order, stopping at the first error. */
export async function batchOneByOne(query: Query, statements: readonly BatchStatement[]): Promise<QueryResult<Row>[]> {
  const results: QueryResult<Row>[] = [];
  for (const statement of statements) results.push(await offsetFailure(results.length, () => query(statement.sql, statement.params)));
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
    if (sent.length === 1) results.push(await offsetFailure(results.length, () => query(sent[0]?.sql ?? '')));
    else if (sent.length > 1) results.push(...(await joinedRun(results.length, sent)));
  };
  const joinedRun = async (offset: number, sent: BatchStatement[]) => {
    try {
      return await joined(sent.map((s) => s.sql).join(';\n'), sent.length);
    } catch (error) {
      // a driver that cannot tell which statement failed leaves the error unmarked: no index is better than a wrong one
      const inner = failedBatchIndex(error);
      if (inner !== undefined) failedIndexes.set(error as object, offset + inner);
      throw error;
    }
  };
  for (const statement of statements) {
    if (statement.params?.length) {
      await flush();
      results.push(await offsetFailure(results.length, () => query(statement.sql, statement.params)));
    } else run.push(statement);
  }
  await flush();
  return results;
}
