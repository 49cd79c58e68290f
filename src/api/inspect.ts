// Read-only views of the revision graph and the database's place in it: heads, branches, history, show, current.
import type { ResolvedConfig } from '../config/types.js';
import type { RevisionGraph } from '../revisions/graph.js';
import type { RevisionHeader } from '../revisions/header.js';
import { historyRange } from '../revisions/history-range.js';
import { labelsOf } from '../revisions/branch-labels.js';
import { folderTarget } from '../revisions/targets.js';
import { UsageError } from '../errors.js';
import { withSession } from '../runner/session.js';
import { readHeads, readUnfinishedSteps } from '../runner/version-store.js';
import { openProject } from './project.js';

export interface RevisionInfo {
  revision: string;
  downRevisions: string[];
  /** the labels it carries: declared here or spread along its branch, as Alembic shows them */
  branchLabels: string[];
  /** the labels this revision's own file declares */
  declaredBranchLabels: string[];
  dependsOn: string[];
  message: string | null;
  file: string;
  isHead: boolean;
  /** a head by downRevisions that another revision depends on (Alembic's "effective head": not one of `heads`) */
  isEffectiveHead: boolean;
  isBase: boolean;
  isBranchPoint: boolean;
  isMergePoint: boolean;
  children: string[];
}

export function revisionInfo(graph: RevisionGraph, header: RevisionHeader, heads: ReadonlySet<string>): RevisionInfo {
  const children = graph.children(header.revision);
  return {
    revision: header.revision,
    downRevisions: header.downRevisions,
    branchLabels: [...labelsOf(graph, header.revision)],
    declaredBranchLabels: header.branchLabels,
    dependsOn: header.dependsOn,
    message: header.message ?? null,
    file: header.file,
    isHead: heads.has(header.revision),
    isEffectiveHead: heads.has(header.revision) && graph.dependents(header.revision).length > 0,
    isBase: header.downRevisions.length === 0,
    isBranchPoint: children.length > 1,
    isMergePoint: header.downRevisions.length > 1,
    children,
  };
}

export async function heads(config: ResolvedConfig): Promise<RevisionInfo[]> {
  const { graph } = await openProject(config);
  const headSet = new Set(graph.heads());
  return graph.heads().map((h) => revisionInfo(graph, graph.get(h), headSet));
}

/** A branch point and the revisions it branches into. */
export interface BranchPointInfo extends RevisionInfo {
  branches: RevisionInfo[];
}

export async function branches(config: ResolvedConfig): Promise<BranchPointInfo[]> {
  const { graph } = await openProject(config);
  const headSet = new Set(graph.heads());
  return graph.branchPoints().map((b) => ({
    ...revisionInfo(graph, graph.get(b), headSet),
    branches: graph.children(b).map((child) => revisionInfo(graph, graph.get(child), headSet)),
  }));
}

export async function show(config: ResolvedConfig, target: string): Promise<RevisionInfo[]> {
  const { graph } = await openProject(config);
  const headSet = new Set(graph.heads());
  const ids = folderTarget(graph, target);
  if (ids.length === 0) throw new UsageError(`"${target}" names no revision`);
  return ids.map((id) => revisionInfo(graph, graph.get(id), headSet));
}

/** Revisions newest first; `range` is `A:B` (either side may be empty; `current` reads the database), like `alembic history -r`. */
export async function history(config: ResolvedConfig, range?: string): Promise<RevisionInfo[]> {
  const { graph } = await openProject(config);
  const headSet = new Set(graph.heads());
  if (!range) return graph.all().reverse().map((h) => revisionInfo(graph, h, headSet));
  const sides = range.split(':').map((side) => side.trim());
  const current = sides.includes('current') ? await withSession(config, ({ conn, dialect }) => readHeads(conn, dialect)) : undefined;
  return historyRange(graph, range, current).map((id) => revisionInfo(graph, graph.get(id), headSet));
}

export interface CurrentState {
  heads: RevisionInfo[];
  /** revisions in the version table that no file describes */
  unknown: string[];
  /** a fresh database: no version table or no rows */
  atBase: boolean;
  /** every head of the graph is applied */
  upToDate: boolean;
  /** non-transactional steps that failed part-way: `statementsDone` of them ran and stay in the database */
  unfinished: Array<{ revision: string; direction: 'up' | 'down'; statementsDone: number }>;
}

export async function current(config: ResolvedConfig): Promise<CurrentState> {
  const { graph: folder } = await openProject(config);
  const { dbHeads, unfinished } = await withSession(config, async ({ conn, dialect }) => ({
    dbHeads: await readHeads(conn, dialect),
    unfinished: await readUnfinishedSteps(conn, dialect),
  }));
  const graph = folder.forHeads(dbHeads);
  const headSet = new Set(graph.heads());
  const known = dbHeads.filter((h) => graph.has(h));
  const applied = graph.ancestors(known, { inclusive: true });
  return {
    heads: known.map((h) => revisionInfo(graph, graph.get(h), headSet)),
    unknown: dbHeads.filter((h) => !graph.has(h)),
    atBase: dbHeads.length === 0,
    upToDate: graph.heads().every((h) => applied.has(h)),
    unfinished,
  };
}
