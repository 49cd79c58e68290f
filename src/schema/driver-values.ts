// What each driver returns for a column of each logical type (select) and what it accepts (insert/update): the row
// types (rows.ts) are as the driver behaves, checked against real databases in test/integration/typed-rows.test.ts.
// The drivers disagree: node-postgres returns bigint and numeric as strings (exact), PGlite returns bigint as a
// number (a BigInt past 2^53), mysql2 returns bigint as a number (rounded past 2^53) and booleans as 0/1,
// better-sqlite3 returns numbers for numeric, 0/1 for booleans and text for dates and JSON.
import type { TypeName } from './types.js';

/** The driver a query layer (Kysely, or plain queries) runs on. */
export type DriverName = 'pg' | 'pglite' | 'mysql2' | 'better-sqlite3';

/** What node-postgres returns for an interval (the postgres-interval package): only the non-zero parts are set. */
export interface PgInterval {
  years?: number;
  months?: number;
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
  milliseconds?: number;
  toPostgres(): string;
  toISO(): string;
}

/** A column's value as read, and as written. */
interface Value<S, I = S> {
  select: S;
  insert: I;
}

/**
 * Types every driver reads and writes alike. `V` is the column's declared value (json<T>, enum, custom<T>).
 * JSON is written as JSON text on every driver (JSON.stringify(value)): node-postgres turns a JS array into a
 * PostgreSQL array and mysql2 turns an object into `key = value` pairs, so text is the one form all write right.
 */
interface CommonValues<V> {
  smallint: Value<number>;
  integer: Value<number>;
  smallserial: Value<number>;
  serial: Value<number>;
  real: Value<number>;
  double: Value<number>;
  text: Value<string>;
  varchar: Value<string>;
  char: Value<string>;
  uuid: Value<string>;
  time: Value<string>;
  json: Value<V, string>;
  jsonb: Value<V, string>;
  enum: Value<V>;
  custom: Value<V>;
}

type Dates = Value<Date, Date | string>;

interface PgValues<V> extends CommonValues<V> {
  bigint: Value<string, string | number | bigint>;
  bigserial: Value<string, string | number | bigint>;
  numeric: Value<string, string | number>;
  boolean: Value<boolean>;
  date: Dates;
  timestamp: Dates;
  timestamptz: Dates;
  interval: Value<PgInterval, string>;
  bytea: Value<Buffer, Uint8Array>;
}

interface PgliteValues<V> extends CommonValues<V> {
  bigint: Value<number | bigint, number | bigint | string>;
  bigserial: Value<number | bigint, number | bigint | string>;
  numeric: Value<string, string | number>;
  boolean: Value<boolean>;
  date: Dates;
  timestamp: Dates;
  timestamptz: Dates;
  interval: Value<string>;
  bytea: Value<Uint8Array>;
}

interface Mysql2Values<V> extends CommonValues<V> {
  bigint: Value<number, number | bigint | string>;
  bigserial: Value<number, number | bigint | string>;
  numeric: Value<string, string | number>;
  /** TINYINT(1): read as 0 or 1 */
  boolean: Value<number, boolean | number>;
  date: Dates;
  timestamp: Dates;
  timestamptz: Dates;
  /** MySQL has no interval type */
  interval: Value<never, never>;
  bytea: Value<Buffer>;
}

interface BetterSqlite3Values<V> extends Omit<CommonValues<V>, 'json' | 'jsonb'> {
  bigint: Value<number, number | bigint>;
  bigserial: Value<number, number | bigint>;
  /** NUMERIC affinity stores numbers as numbers */
  numeric: Value<number, number | string>;
  /** better-sqlite3 binds no booleans and no Dates: 0/1 and ISO text */
  boolean: Value<number>;
  date: Value<string>;
  timestamp: Value<string>;
  timestamptz: Value<string>;
  interval: Value<string>;
  json: Value<string>;
  jsonb: Value<string>;
  bytea: Value<Buffer>;
}

interface Drivers<V> {
  pg: PgValues<V>;
  pglite: PgliteValues<V>;
  mysql2: Mysql2Values<V>;
  'better-sqlite3': BetterSqlite3Values<V>;
}

/** The value of a (non-null) column of type `T` as driver `D` returns it. */
export type SelectValue<T extends TypeName, V, D extends DriverName> = Drivers<V>[D][T]['select'];
/** What driver `D` accepts for a column of type `T` in an INSERT or UPDATE. */
export type InsertValue<T extends TypeName, V, D extends DriverName> = Drivers<V>[D][T]['insert'];
