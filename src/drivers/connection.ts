// The one interface the runner and introspection use to talk to any database.

import type { DialectName } from '../dialect-name.js';

export type { DialectName };

export interface QueryResult<Row> {
  rows: Row[];
  /** rows affected (DML) or returned */
  rowCount: number;
}

export interface Connection {
  readonly dialect: DialectName;
  /** One statement, with positional parameters in the dialect's placeholder style ($1 or ?). */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  /** Several statements separated by semicolons, no parameters, no result. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}
