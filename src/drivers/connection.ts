// The one interface the runner and introspection use to talk to any database.

import type { DialectName } from '../dialect-name.js';

export type { DialectName };

export interface QueryResult<Row> {
  rows: Row[];
  /** rows affected (DML) or returned */
  rowCount: number;
}

/** One statement of a batch, with positional parameters in the dialect's placeholder style. */
export interface BatchStatement {
  sql: string;
  params?: readonly unknown[];
}

export interface Connection {
  readonly dialect: DialectName;
  /** One statement, with positional parameters in the dialect's placeholder style ($1 or ?). */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  /** Several statements separated by semicolons, no parameters, no result. */
  exec(sql: string): Promise<void>;
  /**
   * Statements run in order, stopping at the first error, in one round trip where the driver can send them
   * together (MySQL, with parameters written in by the driver; PostgreSQL when none has parameters); the
   * result of each. Each statement's text is one statement without a trailing `;`.
   */
  batch(statements: readonly BatchStatement[]): Promise<QueryResult<Record<string, unknown>>[]>;
  /**
   * batch() sends statements without parameters in one round trip and marks a failure with the index of the
   * statement that failed (failedBatchIndex): a step's statements can wait and travel with its COMMIT.
   */
  readonly joinsBatches?: boolean;
  close(): Promise<void>;
  /**
   * Stops the statement in flight from another session (Ctrl-C), where that cannot split a statement from the
   * record of its progress: PostgreSQL only (its transaction rolls back as a whole). Absent: the statement ends.
   */
  cancel?(): Promise<void>;
}
