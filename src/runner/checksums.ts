// Refuse to build on applied migrations whose files were edited afterwards.
import { UsageError } from '../errors.js';
import type { RevisionGraph } from '../revisions/graph.js';
import { displayPath } from '../loader/display-path.js';
import type { HistoryRow } from './version-store.js';

export interface ChangedMigration {
  revision: string;
  file: string;
  recorded: string;
  current: string;
}

/** Applied revisions (ancestors of the current heads) whose file checksum differs from the last one recorded. */
export function findChangedMigrations(graph: RevisionGraph, heads: string[], history: HistoryRow[]): ChangedMigration[] {
  const recorded = new Map<string, string>();
  for (const row of history) {
    if ((row.direction === 'up' || row.direction === 'accept' || row.direction === 'stamp') && row.checksum) recorded.set(row.revision, row.checksum);
  }
  const applied = graph.ancestors(heads.filter((h) => graph.has(h)), { inclusive: true });
  const changed: ChangedMigration[] = [];
  for (const revision of graph.topological(applied)) {
    const header = graph.get(revision);
    const last = recorded.get(revision);
    // a squash's node also accepts what the database recorded running the originals (unknown once they are deleted)
    if (header.squash !== undefined && (last === header.squash.replacedChecksum || header.squash.replacedChecksum === undefined)) continue;
    if (last && last !== header.checksum) changed.push({ revision, file: header.file, recorded: last, current: header.checksum });
  }
  return changed;
}

export function changedMigrationsError(changed: ChangedMigration[]): UsageError {
  const first = changed[0];
  const names = changed.map((c) => displayPath(c.file)).join(', ');
  return new UsageError(
    `${changed.length === 1 ? 'an applied migration was' : `${changed.length} applied migrations were`} edited after being applied: ${names}` +
      ` (revision ${first?.revision ?? '?'}); restore the file, or pass --accept-changed to record the new checksum`,
  );
}
