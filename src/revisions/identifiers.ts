// What a revision identifier names, as Alembic's RevisionMap reads it: `head`, `heads`, `base`, an id, a unique
// prefix, a branch label, each optionally after `BRANCH@` where BRANCH is a label or a revision id. "On a
// branch" means sharing its lineage: being its ancestor or descendant through downRevisions.
import { UsageError } from '../errors.js';
import type { RevisionGraph } from './graph.js';

/** Splits `BRANCH@REST` at the first `@`; a text without `@` has no branch. */
export function splitBranch(text: string): { branch?: string; rest: string } {
  const at = text.indexOf('@');
  if (at === -1) return { rest: text };
  return { branch: text.slice(0, at), rest: text.slice(at + 1) };
}

/** The revision a `BRANCH@` prefix stands for: the revision declaring the label, or a revision named by id. */
export function branchRevision(graph: RevisionGraph, branch: string): string {
  const labelled = graph.labelRevision(branch);
  if (labelled !== undefined) return labelled;
  if (graph.has(branch)) return branch;
  const matches = branch.length >= 4 ? graph.prefixMatches(branch) : [];
  if (matches.length === 1) return matches[0] as string;
  if (matches.length > 1) throw new UsageError(`branch '${branch}' is ambiguous: the revisions ${matches.slice(0, 10).join(', ')} start with it (name one, or a branch label)`);
  throw new UsageError(`unknown branch '${branch}': no branch label or revision has that name (see \`athanor branches\`, \`athanor history\`)`);
}

/** The revisions among ids that share a lineage with one of anchors (no anchors: all of them). */
export function onLineage(graph: RevisionGraph, ids: readonly string[], anchors: readonly string[], dependencies = false): string[] {
  if (anchors.length === 0) return [...ids];
  const lineages = anchors.map((anchor) => graph.lineage(anchor, { dependencies }));
  return ids.filter((id) => lineages.some((lineage) => lineage.has(id)));
}

/** A full id, a label, or a unique prefix (≥ 4 characters); after `BRANCH@`, prefixes count only on that branch. */
export function revisionNamed(graph: RevisionGraph, name: string, branch?: string): string {
  const anchor = branch === undefined ? undefined : branchRevision(graph, branch);
  let id = graph.has(name) ? name : graph.labelRevision(name);
  if (id === undefined) id = uniquePrefix(graph, name, anchor);
  if (anchor !== undefined && !graph.lineage(anchor).has(id)) {
    throw new UsageError(`revision ${id} is not on branch '${branch}' (it is neither an ancestor nor a descendant of ${anchor})`);
  }
  return id;
}

function uniquePrefix(graph: RevisionGraph, prefix: string, anchor: string | undefined): string {
  if (prefix === '') throw new UsageError('empty revision id');
  let matches = graph.prefixMatches(prefix);
  if (matches.length === 0) {
    const short = prefix.length < 4 ? '; a prefix needs at least 4 characters' : '';
    throw new UsageError(`unknown revision '${prefix}' (see \`athanor history\`${short})`);
  }
  if (prefix.length < 4) throw new UsageError(`revision '${prefix}' is too short to look up: give at least 4 characters of the id`);
  if (anchor !== undefined && matches.length > 1) {
    const lineage = graph.lineage(anchor);
    matches = matches.filter((id) => lineage.has(id));
    if (matches.length === 0) throw new UsageError(`no revision starting with '${prefix}' is on the branch of ${anchor}`);
  }
  if (matches.length > 1) {
    const shown = matches.slice(0, 10).join(', ');
    const more = matches.length > 10 ? `, … (${matches.length} in all)` : '';
    throw new UsageError(`revision prefix '${prefix}' is ambiguous: ${shown}${more}`);
  }
  return matches[0] as string;
}

/** The heads (by downRevisions) on a branch, or all of them. */
export function headsOn(graph: RevisionGraph, branch?: string): string[] {
  if (branch === undefined) return graph.heads();
  return onLineage(graph, graph.heads(), [branchRevision(graph, branch)]);
}

/** `head` / `BRANCH@head`: the single head, [] for an empty graph; several heads are refused. */
export function singleHead(graph: RevisionGraph, branch?: string): string[] {
  const heads = headsOn(graph, branch);
  if (heads.length > 1) {
    if (branch !== undefined) throw new UsageError(`branch '${branch}' has several heads (${heads.join(', ')}): name one`);
    throw new UsageError(
      `multiple heads (${heads.join(', ')}): name one, use \`heads\` or \`LABEL@head\` (see \`athanor heads\`), or join them with \`athanor merge heads -m "merge branches"\``,
    );
  }
  return heads;
}

/**
 * An absolute identifier (no `+N`/`-N`) → the revisions it names; `base` → []. `heads` names the heads
 * nothing depends on; `BRANCH@heads` the heads on that branch.
 */
export function revisionsNamed(graph: RevisionGraph, text: string): string[] {
  const { branch, rest } = splitBranch(text);
  if (rest === 'heads') return branch === undefined ? graph.realHeads() : headsOn(graph, branch);
  if (rest === 'head') return singleHead(graph, branch);
  if (rest === 'base') {
    if (branch !== undefined) branchRevision(graph, branch);
    return [];
  }
  return [revisionNamed(graph, rest, branch)];
}
