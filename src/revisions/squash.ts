// Squashes (`replaces: [ids]`, Django's rule): a squash and the linear range it replaces are alternatives.
// The squash stands in for its range under the range's last id, so version rows, children and targets that name
// that id keep working, and a database moved through the squash has exactly the rows the originals would give.
// A database whose head is strictly inside a range needs the originals (it upgrades through the rest of them):
// `originals` is the folder read without the squash files, chosen per database by RevisionGraph.forHeads.
import { UsageError } from '../errors.js';
import type { RevisionHeader } from './header.js';

export interface SquashRange {
  /** the squash file's own id */
  id: string;
  replaces: string[];
  /** ids of the range a database can stand at only through the originals (all but the last) */
  inner: string[];
  /** the replaced files are still in the folder */
  originalsPresent: boolean;
}

export interface ResolvedSquashes {
  /** the headers with every squash in place of its range */
  effective: RevisionHeader[];
  /** the headers with the originals where they exist (a squash whose originals are gone still stands in) */
  originals: RevisionHeader[];
  ranges: SquashRange[];
}

const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** The range must be a chain: each replaced revision's only parent is the one before (the first's is the squash's). */
function checkLinear(squash: RevisionHeader, replaced: RevisionHeader[], headers: readonly RevisionHeader[]): void {
  const where = `${squash.shownAs} (squash ${squash.revision})`;
  replaced.forEach((header, i) => {
    const expected = i === 0 ? squash.downRevisions : [replaced[i - 1]?.revision ?? ''];
    if (!same(header.downRevisions, expected)) {
      throw new UsageError(`${where}: replaces must list a linear range oldest first, but ${header.revision}'s downRevision is ${header.downRevisions.join(', ') || 'null'}, not ${expected.join(', ') || 'null'}`);
    }
  });
  const inner = new Set(replaced.slice(0, -1).map((h) => h.revision));
  const replacedIds = new Set(replaced.map((h) => h.revision));
  for (const header of headers) {
    if (header === squash || replacedIds.has(header.revision)) continue;
    const onInner = [...header.downRevisions, ...header.dependsOn].find((id) => inner.has(id));
    if (onInner !== undefined) {
      throw new UsageError(`${where}: ${header.revision} (${header.shownAs}) builds on ${onInner}, inside the squashed range; only the range's last revision may have children`);
    }
  }
}

/** The node a squash becomes: its own file and body under the last replaced id, with the range's labels. */
function standIn(squash: RevisionHeader, replaces: string[], replaced: RevisionHeader[]): RevisionHeader {
  const last = replaces[replaces.length - 1] as string;
  const inRange = new Set(replaces);
  const labels = [...new Set([...squash.branchLabels, ...replaced.flatMap((h) => h.branchLabels)])];
  const dependsOn = [...new Set([...squash.dependsOn, ...replaced.flatMap((h) => h.dependsOn)])].filter((id) => !inRange.has(id));
  const lastChecksum = replaced[replaced.length - 1]?.checksum;
  return {
    ...squash,
    revision: last,
    branchLabels: labels,
    dependsOn,
    squash: { id: squash.revision, replaces, ...(lastChecksum !== undefined ? { replacedChecksum: lastChecksum } : {}) },
  };
}

/** undefined when the folder has no squash (the common case costs one scan). */
export function resolveSquashes(headers: readonly RevisionHeader[]): ResolvedSquashes | undefined {
  const squashes = headers.filter((h) => h.replaces !== undefined && h.replaces.length > 0);
  if (squashes.length === 0) return undefined;
  const byId = new Map(headers.map((h) => [h.revision, h]));
  const removed = new Set<RevisionHeader>();
  const standIns = new Map<RevisionHeader, RevisionHeader>();
  const ranges: SquashRange[] = [];
  const kept = new Set<RevisionHeader>();
  for (const squash of squashes) {
    const replaces = squash.replaces as string[];
    if (replaces.length < 2) throw new UsageError(`${squash.shownAs}: a squash replaces at least two revisions (replaces: ${replaces.join(', ')})`);
    if (replaces.includes(squash.revision)) throw new UsageError(`${squash.shownAs}: a squash cannot replace itself (${squash.revision})`);
    const present = replaces.map((id) => byId.get(id)).filter((h): h is RevisionHeader => h !== undefined);
    if (present.length > 0 && present.length < replaces.length) {
      const missing = replaces.filter((id) => !byId.has(id));
      throw new UsageError(`${squash.shownAs}: squash ${squash.revision} replaces ${replaces.join(', ')} but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing from the folder: restore the deleted file(s), or delete the rest of the range too`);
    }
    const originalsPresent = present.length === replaces.length;
    if (originalsPresent) {
      checkLinear(squash, present, headers);
      for (const h of present) removed.add(h);
    } else {
      kept.add(squash);
    }
    standIns.set(squash, standIn(squash, replaces, present));
    ranges.push({ id: squash.revision, replaces, inner: replaces.slice(0, -1), originalsPresent });
  }
  const effective = headers.filter((h) => !removed.has(h)).map((h) => standIns.get(h) ?? h);
  const originals = headers.filter((h) => !standIns.has(h) || kept.has(h)).map((h) => (kept.has(h) ? (standIns.get(h) ?? h) : h));
  return { effective, originals, ranges };
}
