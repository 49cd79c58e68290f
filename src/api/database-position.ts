// Where the database stands against the migrations folder, in words that name the way out: a revision the
// folder lacks (a branch switch), several heads to merge, or pending revisions to apply.
import type { ResolvedConfig } from '../config/types.js';
import { UsageError } from '../errors.js';
import { displayPath } from '../loader/display-path.js';
import type { RevisionGraph } from '../revisions/graph.js';

/** The database's version table names revisions no file in the folder describes. */
export function notInFolderError(unknown: readonly string[], graph: RevisionGraph, config: ResolvedConfig): UsageError {
  const folder = `${displayPath(config.migrationsDir)}/`;
  const what = unknown.length === 1 ? `revision ${unknown[0] ?? ''}, which is` : `revisions ${unknown.join(', ')}, which are`;
  const heads = graph.heads();
  const shared = heads.length ? ` (this folder's head: ${heads.join(', ')})` : '';
  return new UsageError(
    `the database is at ${what} not in ${folder} (applied from another branch, or the file was deleted): ` +
      `check out the branch that has it and \`athanor downgrade\` to a revision both share${shared}, or restore the file`,
  );
}

/** The command to join the heads of a folder that has several. */
export const MERGE_HEADS = 'athanor merge heads -m "merge branches"';

/** migrate and check compare with a database at the head, the one head, of the folder. */
export function requireAtHead(dbHeads: readonly string[], graph: RevisionGraph, config: ResolvedConfig): void {
  const unknown = dbHeads.filter((h) => !graph.has(h));
  if (unknown.length) throw notInFolderError(unknown, graph, config);
  const graphHeads = graph.heads();
  if (graphHeads.every((h) => dbHeads.includes(h)) && dbHeads.length === graphHeads.length) return;
  // a database at every head of a branched folder can be compared; one short of them needs the branches joined
  if (graphHeads.length > 1) {
    throw new UsageError(`the migrations folder has ${graphHeads.length} heads (${graphHeads.join(', ')}): join them with \`${MERGE_HEADS}\`, then \`athanor upgrade\``);
  }
  throw new UsageError(
    `the database is not at head (it is at ${dbHeads.join(', ') || 'base'}; head is ${graphHeads.join(', ') || 'base'}): run \`athanor upgrade\` first`,
  );
}
