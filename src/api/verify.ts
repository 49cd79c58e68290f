// verify: the stairway test. On a scratch database, for each revision in order: upgrade one step, put a few
// sample rows in every table, downgrade it, check the schema is what it was before, upgrade again. Reports
// the first revision whose downgrade does not undo its upgrade (or fails on tables that hold rows).
import type { ResolvedConfig } from '../config/types.js';
import { maskUrl } from '../drivers/url.js';
import { UsageError } from '../errors.js';
import type { Connection } from '../drivers/connection.js';
import { openConnection } from '../drivers/open.js';
import { pgliteProjectOf } from '../drivers/pglite-extensions.js';
import type { Dialect } from '../dialects/dialect.js';
import { loadDialect } from '../dialects/index.js';
import { schemaDifferences } from '../diff/index.js';
import { runPlan } from '../runner/execute.js';
import { StepFailedError } from '../runner/failure.js';
import { ensureVersionTables, versionTableExists } from '../runner/version-store.js';
import { openProject } from './project.js';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database.js';
import { SampleRows } from './sample-rows.js';
import { loadModules } from '../loader/migration-module.js';

export interface VerifyOptions {
  /** use this database as the scratch one instead of a temporary database next to the configured one */
  scratchUrl?: string;
  /** accept a scratch URL whose database is not empty */
  force?: boolean;
  onRevision?: (revision: string, index: number, total: number) => void;
}

export interface VerifyFailure {
  revision: string;
  file: string;
  /** what the downgrade left different, e.g. "table posts: column slug: missing" */
  differences: string[];
  /** the downgrade failed with sample rows in the tables (differences is then empty) */
  downgradeError?: string;
}

export interface VerifyResult {
  ok: boolean;
  /** tables that refused the sample rows (their downgrades ran on empty tables) */
  notes: string[];
  checked: number;
  scratch: string;
  failure?: VerifyFailure;
}

async function refuseNonScratch(conn: Connection, dialect: Dialect, url: string): Promise<void> {
  const schema = await dialect.introspect(conn);
  if (schema.tables.length > 0 || (await versionTableExists(conn, dialect))) {
    throw new UsageError(`${maskUrl(url)} is not empty (${schema.tables.length} table(s)): verify upgrades and downgrades every revision on it; pass --force if it really is a scratch database`);
  }
}

export async function verify(config: ResolvedConfig, options: VerifyOptions = {}): Promise<VerifyResult> {
  const { graph } = await openProject(config, { loadsMigrations: true });
  const revisions = graph.all();
  const dialect = await loadDialect(config.dialect);
  const modules = await loadModules(graph, revisions.flatMap((h) => [{ revision: h.revision, direction: 'up' as const }]), config.dialect);
  for (const h of revisions) {
    const module = modules.get(h.revision);
    if (module?.downgrade) continue;
    const why = module?.irreversible ? ` (not reversible: ${module.irreversible})` : '';
    throw new UsageError(
      `${h.shownAs}: revision ${h.revision} has no downgrade${why}, so the stairway cannot step back over it: write one (\`-- +downgrade\` in a .sql file) to verify this history`,
    );
  }
  const scratch: ScratchDatabase = options.scratchUrl ? { url: options.scratchUrl, cleanup: async () => undefined } : await createScratchDatabase(config, 'verify');
  try {
    const conn = await openConnection(scratch.url, { connectTimeoutMs: config.connectTimeoutMs, pglite: pgliteProjectOf(config) });
    const session = { conn, dialect, close: () => conn.close() };
    try {
      if (options.scratchUrl && !options.force) await refuseNonScratch(conn, dialect, scratch.url);
      await ensureVersionTables(conn, dialect);
      const introspect = async () =>
        dialect.normalize(await dialect.introspect(conn, config.schemas ? { schemas: config.schemas } : {}));
      const run = { transactionPerMigration: true, lockTimeoutMs: config.lockTimeoutMs };
      let heads: string[] = [];
      const samples = new SampleRows(conn, dialect);
      const notes = new Set<string>();
      for (const [index, header] of revisions.entries()) {
        options.onRevision?.(header.revision, index, revisions.length);
        const before = await introspect();
        const up = [{ revision: header.revision, direction: 'up' as const }];
        // made-up rows may break a constraint the real data keeps (a new CHECK): such a step is retried on empty tables
        const upgradeStep = async (from: string[]) => {
          try {
            return await runPlan(session, graph, from, up, modules, run);
          } catch (error) {
            if (!(error instanceof StepFailedError)) throw error;
            notes.add(`${header.revision}: its upgrade refuses the sample rows, so it was checked on empty tables (${error.cause instanceof Error ? (error.cause.message.split('\n')[0] ?? '') : String(error.cause)})`);
            await samples.clear(await introspect());
            return runPlan(session, graph, from, up, modules, run);
          }
        };
        const applied = await upgradeStep(heads);
        for (const note of await samples.fill(await introspect(), { before })) notes.add(note);
        let down;
        try {
          down = await runPlan(session, graph, applied.heads, [{ revision: header.revision, direction: 'down' }], modules, run);
        } catch (error) {
          if (!(error instanceof StepFailedError)) throw error;
          const failure = { revision: header.revision, file: header.file, differences: [], downgradeError: error.summary };
          return { ok: false, notes: [...notes], checked: index, scratch: maskUrl(scratch.url), failure };
        }
        const back = await introspect();
        const differences = schemaDifferences(before, back);
        if (differences.length) {
          return { ok: false, notes: [...notes], checked: index, scratch: maskUrl(scratch.url), failure: { revision: header.revision, file: header.file, differences } };
        }
        heads = (await upgradeStep(down.heads)).heads;
      }
      return { ok: true, notes: [...notes], checked: revisions.length, scratch: maskUrl(scratch.url) };
    } finally {
      await conn.close();
    }
  } finally {
    await scratch.cleanup();
  }
}
