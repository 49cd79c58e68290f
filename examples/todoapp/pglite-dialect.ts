// Kysely on PGlite: Kysely's own PostgreSQL dialect over a pool-shaped wrapper of one PGlite instance.
// PGlite is one session, so the wrapper lends it to one Kysely connection at a time (a transaction never
// interleaves with another query).
import type { PGlite } from '@electric-sql/pglite';
import { PostgresDialect, type PostgresCursor, type PostgresPoolClient, type PostgresQueryResult } from 'kysely';

type Command = PostgresQueryResult<unknown>['command'];
const COMMANDS: ReadonlySet<string> = new Set<Command>(['UPDATE', 'DELETE', 'INSERT', 'SELECT', 'MERGE', 'COMMIT', 'ROLLBACK']);

class PgliteClient implements PostgresPoolClient {
  constructor(
    private readonly db: PGlite,
    readonly release: () => void,
  ) {}

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(sql: string | PostgresCursor<R>, parameters?: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sql !== 'string') throw new Error('PGlite: streaming queries are not supported');
    return this.db.query<R>(sql, parameters ? [...parameters] : []).then((result) => {
      // Kysely reads the number of affected rows only for INSERT/UPDATE/DELETE/MERGE
      const word = sql.trimStart().split(/\s/, 1)[0]?.toUpperCase() ?? '';
      const command = (COMMANDS.has(word) ? word : 'SELECT') as Command;
      return { command, rowCount: result.affectedRows ?? result.rows.length, rows: result.rows };
    });
  }
}

export function pgliteDialect(db: PGlite): PostgresDialect {
  let turn: Promise<void> = Promise.resolve();
  return new PostgresDialect({
    pool: {
      async connect() {
        const previous = turn;
        let release = (): void => undefined;
        turn = new Promise<void>((resolve) => (release = resolve));
        await previous;
        return new PgliteClient(db, release);
      },
      async end() {},
    },
  });
}
