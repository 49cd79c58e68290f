// The lint gate of `upgrade`: lint errors in the pending migrations stop the run before the database is
// touched. The pending migrations are judged together and against the database as it is before the run:
// a table created earlier in the run, or one with no rows, serves no traffic, so lock hazards on it are
// not refused; on embedded PGlite no other session exists to block at all.
import type { ResolvedConfig } from '../config/types.js';
import type { Dialect } from '../dialects/dialect.js';
import type { Connection } from '../drivers/connection.js';
import { parseDatabaseUrl } from '../drivers/url.js';
import { UsageError } from '../errors.js';
import type { Finding } from '../lint/index.js';
import type { Step } from '../revisions/version-rows.js';

export async function refuseOnLintErrors(config: ResolvedConfig, steps: readonly Step[], conn: Connection, dialect: Dialect): Promise<void> {
  const { lintProject, formatFindings, RULES } = await import('../lint/index.js');
  const report = await lintProject({
    migrationsDir: config.migrationsDir,
    dialect: config.dialect,
    lockTimeoutMs: config.lockTimeoutMs,
    revisions: steps.map((s) => s.revision),
    pendingRun: true,
    lockHazards: config.safe ? 'error' : 'warning',
  });
  if (report.errors === 0) return;
  const lockHazard = new Set<string>(RULES.filter((r) => r.lockHazard).map((r) => r.id));
  // a NOT NULL column without a default fails only when the table has rows
  const rowRule = (f: Finding) => lockHazard.has(f.rule) || f.rule === 'add-column-not-null-without-default';
  const embedded = config.url !== null && parseDatabaseUrl(config.url).driver === 'pglite';
  const errors: Finding[] = [];
  const empty = new Map<string, boolean>();
  for (const f of report.findings) {
    if (f.severity !== 'error') continue;
    if (embedded && lockHazard.has(f.rule)) continue;
    if (rowRule(f) && f.table !== undefined) {
      if (!empty.has(f.table)) empty.set(f.table, await tableIsEmpty(conn, dialect, f.table));
      if (empty.get(f.table)) continue;
    }
    errors.push(f);
  }
  if (errors.length === 0) return;
  const first = formatFindings({ ...report, findings: errors.slice(0, 1) }).split('\n')[0] ?? '';
  throw new UsageError(
    `lint found ${errors.length} error(s) in the pending migrations (run \`athanor lint\`): ${first.replace(/\s+/g, ' ')}; fix it, suppress it with \`// athanor-lint-disable-next-line <rule>\`, or pass --no-lint`,
  );
}

/** True when the table has no rows, or does not exist yet (it is created by an earlier step of the run). */
async function tableIsEmpty(conn: Connection, dialect: Dialect, table: string): Promise<boolean> {
  const dot = table.indexOf('.');
  const schema = table.slice(0, dot);
  const name = table.slice(dot + 1);
  const qualified = schema ? `${dialect.quoteIdent(schema)}.${dialect.quoteIdent(name)}` : dialect.quoteIdent(name);
  try {
    const result = await conn.query(`SELECT 1 AS one FROM ${qualified} LIMIT 1`);
    return result.rows.length === 0;
  } catch {
    // PostgreSQL aborts nothing here (no transaction is open); a table that does not exist holds no rows
    return true;
  }
}
