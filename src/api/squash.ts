// squash FROM:TO: one migration in place of a linear range. Its upgrade is the range's operations concatenated,
// as each original records them offline (not a schema diff: an `execute` that moves data, a rename, a backfill
// keep their place and their exact text, and nothing depends on a database); its downgrade is the originals'
// downgrades, newest first. The file declares `replaces: [ids]`; the graph (revisions/squash.ts) makes the squash
// and its originals alternatives, so a database inside the range keeps upgrading through the originals.
// A range of .sql files gives a .sql squash instead (api/squash-sql.ts): their SQL as written, no TypeScript.
import { unlink } from 'node:fs/promises';
import type { ResolvedConfig } from '../config/types.js';
import type { DialectName } from '../dialect-name.js';
import { UsageError } from '../errors.js';
import { contextFor, printOperationLines } from '../codegen/print.js';
import { quoteString } from '../codegen/literal.js';
import { loadMigrationModule, type MigrationFn } from '../loader/migration-module.js';
import { displayPath } from '../loader/display-path.js';
import { Op, type OperationSink } from '../operations/op.js';
import type { Operation } from '../operations/types.js';
import type { RevisionGraph } from '../revisions/graph.js';
import type { RevisionHeader } from '../revisions/header.js';
import { resolveTarget } from '../revisions/targets.js';
import { withSession } from '../runner/session.js';
import { readHeads } from '../runner/version-store.js';
import type { EnumSpec } from '../schema/types.js';
import { openProject } from './project.js';
import { createRevision, type CreatedRevision } from './revision.js';
import { isSqlRange, sqlSquash } from './squash-sql.js';

export interface SquashOptions {
  /** FROM:TO — FROM (a revision or `base`) stays, the revisions after it up to TO are replaced */
  range: string;
  message: string;
  revId?: string;
  /** delete the replaced files afterwards (refused while the configured database is inside the range) */
  deleteReplaced?: boolean;
}

export interface SquashResult {
  created: CreatedRevision;
  replaces: string[];
  /** `execute` calls kept verbatim (upgrade and downgrade) */
  executes: number;
  /** files deleted by --delete-replaced */
  deleted: string[];
  /** the range's squash was already written (a re-run with --delete-replaced): nothing was created */
  existing?: boolean;
}

/** Records every op call of a migration offline; `op.execute` becomes an execute operation with its params. */
class SquashSink implements OperationSink {
  readonly operations: Operation[] = [];
  constructor(readonly dialect: DialectName) {}
  async run(operation: Operation): Promise<void> {
    this.operations.push(operation);
  }
  async query(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]> {
    this.operations.push(params && params.length > 0 ? { kind: 'execute', sql, params } : { kind: 'execute', sql });
    return [];
  }
}

async function record(fn: MigrationFn, header: RevisionHeader, what: 'upgrade' | 'downgrade', dialect: DialectName): Promise<Operation[]> {
  const sink = new SquashSink(dialect);
  const op = new Op(sink);
  try {
    await fn(op);
    await op.settle();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const read = sink.operations.some((o) => o.kind === 'execute')
      ? ' (offline, op.execute returns no rows: code that uses what a query returns cannot be squashed as it is — let it handle an empty result, or end the range before it)'
      : '';
    throw new UsageError(`cannot squash ${header.revision} (${displayPath(header.file)}): its ${what}() failed when run offline: ${reason}${read}`, { cause: error });
  }
  return sink.operations;
}

/** The range after FROM up to TO, oldest first; refused unless it is one line nothing else hangs from. */
export function squashRange(graph: RevisionGraph, range: string): { from: string | null; revisions: RevisionHeader[] } {
  const at = range.indexOf(':');
  if (at <= 0 || at === range.length - 1) throw new UsageError(`squash needs a range FROM:TO (e.g. \`athanor squash base:head -m "…"\`), not "${range}"`);
  const single = (target: string): string | null => {
    const ids = resolveTarget(graph, target, []);
    if (ids.length > 1) throw new UsageError(`"${target}" names several revisions (${ids.join(', ')}): name one`);
    return ids[0] ?? null;
  };
  const from = single(range.slice(0, at));
  const to = single(range.slice(at + 1));
  if (to === null) throw new UsageError(`the range ${range} ends at base: there is nothing to squash`);
  const revisions: RevisionHeader[] = [];
  for (let id: string | null = to; id !== from; ) {
    if (id === null) throw new UsageError(`${range}: ${from} is not an ancestor of ${to}`);
    const header = graph.get(id);
    if (header.squash) throw new UsageError(`${range}: ${id} is already a squash (of ${header.squash.replaces.join(', ')}): squash ranges that do not contain one (to delete its originals: squash ${range} --delete-replaced)`);
    if (header.downRevisions.length > 1) throw new UsageError(`${range}: ${id} is a merge; a squash replaces a linear range`);
    if (header.dependsOn.length > 0) throw new UsageError(`${range}: ${id} has dependsOn (${header.dependsOn.join(', ')}); a squash replaces a linear range`);
    if (id !== to) {
      const others = [...new Set([...graph.children(id), ...graph.dependents(id)])].filter((c) => c !== revisions[0]?.revision);
      if (others.length > 0) throw new UsageError(`${range}: ${others.join(', ')} build(s) on ${id}, inside the range; squash up to a revision only the range's end leads past`);
    }
    revisions.unshift(header);
    id = header.downRevisions[0] ?? null;
  }
  if (revisions.length < 2) throw new UsageError(`${range} holds ${revisions.length} revision(s): a squash replaces at least two`);
  return { from, revisions };
}

const DATA_STATEMENT = /^\s*(?:with\b[\s\S]*?\)\s*)?(insert|update|delete|merge|copy|replace|upsert)\b/i;

interface Bodies {
  upgrade: string[];
  downgrade: string[];
  imports: Set<string>;
  executes: number;
}

/** Each revision's operations under a comment naming it; every `execute` flagged, data-moving ones called so. */
function printSections(sections: Array<{ header: RevisionHeader; operations: Operation[] }>, ctx: ReturnType<typeof contextFor>): { lines: string[]; executes: number } {
  const lines: string[] = [];
  let executes = 0;
  for (const { header, operations } of sections) {
    if (lines.length > 0) lines.push('');
    lines.push(`// ── ${header.revision}${header.message ? `: ${header.message.replace(/[\r\n\u2028\u2029]+/g, ' ')}` : ''}`);
    if (operations.length === 0) lines.push('// (no operations)');
    for (const operation of operations) {
      if (operation.kind === 'execute') {
        executes++;
        const data = DATA_STATEMENT.test(operation.sql);
        lines.push(data ? `// DATA: kept verbatim from ${header.revision} (moves rows; it runs where the original ran)` : `// kept verbatim from ${header.revision}`);
      }
      lines.push(...printOperationLines(operation, ctx));
    }
  }
  return { lines, executes };
}

async function squashBodies(config: ResolvedConfig, revisions: RevisionHeader[]): Promise<Bodies & { transactional: boolean }> {
  const ups: Array<{ header: RevisionHeader; operations: Operation[] }> = [];
  const downs: Array<{ header: RevisionHeader; operations: Operation[] }> = [];
  const missingDowngrade: string[] = [];
  let transactional = true;
  for (const header of revisions) {
    const module = await loadMigrationModule(header, config.dialect);
    transactional &&= module.transactional;
    ups.push({ header, operations: await record(module.upgrade, header, 'upgrade', config.dialect) });
    if (module.downgrade === null) missingDowngrade.push(header.revision);
    else downs.unshift({ header, operations: await record(module.downgrade, header, 'downgrade', config.dialect) });
  }
  const enums: EnumSpec[] = [];
  for (const { operations } of [...ups, ...downs]) for (const o of operations) if (o.kind === 'createEnum') enums.push(o.enum);
  const imports = new Set<string>();
  const ctx = contextFor(enums, imports);
  const up = printSections(ups, ctx);
  const down = printSections(downs, ctx);
  const downgrade = missingDowngrade.length > 0
    ? [`throw new Error(${quoteString(`cannot downgrade: ${missingDowngrade.join(', ')} had no downgrade()`)});`]
    : down.lines;
  return { upgrade: up.lines, downgrade, imports, executes: up.executes + down.executes, transactional };
}

/** --delete-replaced: only when the configured database is not inside the range (it would need the originals). */
async function assertNoDatabaseInside(config: ResolvedConfig, revisions: RevisionHeader[]): Promise<void> {
  const inner = revisions.slice(0, -1).map((h) => h.revision);
  let heads: string[];
  try {
    heads = await withSession(config, ({ conn, dialect }) => readHeads(conn, dialect), 'empty');
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`--delete-replaced: cannot read the configured database's revision (${reason}); nothing was written: run it where the database is reachable, or squash without --delete-replaced`, { cause: error });
  }
  const inside = heads.filter((h) => inner.includes(h));
  if (inside.length > 0) {
    throw new UsageError(`--delete-replaced: the configured database is at ${inside.join(', ')}, inside the range, and needs the replaced files to upgrade; nothing was written: upgrade it past ${revisions[revisions.length - 1]?.revision ?? 'the range'} first, or squash without --delete-replaced`);
  }
}

/** The squash already written for exactly this range (its FROM and TO), when there is one. */
function existingSquash(graph: RevisionGraph, range: string): RevisionHeader | undefined {
  const at = range.indexOf(':');
  if (at <= 0 || at === range.length - 1) return undefined;
  const one = (target: string): string | null | undefined => {
    const ids = resolveTarget(graph, target, []);
    return ids.length > 1 ? undefined : (ids[0] ?? null);
  };
  const to = one(range.slice(at + 1));
  if (!to) return undefined;
  const header = graph.get(to);
  return header.squash && one(range.slice(0, at)) === (header.downRevisions[0] ?? null) ? header : undefined;
}

/** `squash FROM:TO --delete-replaced` run again once the squash exists (as the first run advises): delete its originals. */
async function deleteSquashedOriginals(config: ResolvedConfig, graph: RevisionGraph, standIn: RevisionHeader): Promise<SquashResult> {
  const squash = standIn.squash;
  const range = graph.squashRanges().find((r) => r.id === squash?.id);
  if (!squash || !range) throw new UsageError(`${standIn.revision} is not a squash`);
  if (!range.originalsPresent) throw new UsageError(`the files squash ${squash.id} replaces (${squash.replaces.join(', ')}) are already deleted`);
  const originals = graph.forHeads([range.inner[0] ?? '']);
  const revisions = squash.replaces.map((id) => originals.get(id));
  await assertNoDatabaseInside(config, revisions);
  const deleted: string[] = [];
  for (const header of revisions) {
    await unlink(header.file);
    deleted.push(header.file);
  }
  return { created: { revision: squash.id, downRevisions: standIn.downRevisions, file: standIn.file }, replaces: squash.replaces, executes: 0, deleted, existing: true };
}

export async function squash(config: ResolvedConfig, options: SquashOptions): Promise<SquashResult> {
  const { graph } = await openProject(config, { loadsMigrations: true });
  const standIn = options.deleteReplaced ? existingSquash(graph, options.range) : undefined;
  if (standIn) return deleteSquashedOriginals(config, graph, standIn);
  const { from, revisions } = squashRange(graph, options.range);
  if (options.deleteReplaced) await assertNoDatabaseInside(config, revisions);
  const replaces = revisions.map((h) => h.revision);
  const place = {
    message: options.message,
    head: from ?? 'base',
    splice: true, // FROM has the range's first revision as a child: the squash stands beside it
    ...(options.revId !== undefined ? { revId: options.revId } : {}),
    replaces,
  };
  let created: CreatedRevision;
  let executes = 0;
  if (isSqlRange(revisions)) {
    // a range of .sql files gives a .sql squash: their SQL as written, no TypeScript
    const sql = await sqlSquash(revisions, config.dialect);
    created = await createRevision(config, { ...place, format: 'sql', sqlBody: sql.body, ...(sql.transactional ? {} : { transactional: false }) });
  } else {
    const bodies = await squashBodies(config, revisions);
    executes = bodies.executes;
    created = await createRevision(config, {
      ...place,
      format: config.migrationFormat === 'js' ? 'js' : 'ts',
      upgrade: bodies.upgrade,
      downgrade: bodies.downgrade,
      imports: bodies.imports,
      ...(bodies.transactional ? {} : { transactional: false }),
    });
  }
  const deleted: string[] = [];
  if (options.deleteReplaced) {
    for (const header of revisions) {
      await unlink(header.file);
      deleted.push(header.file);
    }
  }
  return { created, replaces, executes, deleted };
}
