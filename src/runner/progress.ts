// Per-statement progress of a step that cannot run in one transaction (MariaDB DDL, `transactional = false`):
// after each statement, the count of statements done is written to the step's partial history row, so a
// re-run after a failure or a crash skips what already ran (Atlas's Revision.Applied/Total). The partial row
// is written with the first statement, so a step whose code throws before any statement ran leaves none.
import type { Dialect } from '../dialects/dialect.js';
import {
  historyInsertSql,
  partialFinishSql,
  partialInsertSql,
  partialProgressSql,
  type HistoryEntry,
  type PartialStep,
} from './version-store.js';

export interface StepProgress {
  /** statements an earlier run already did: skipped */
  readonly skip: number;
  /** the statements recording that statement `done` (1-based) ran; [] when nothing is recorded per statement */
  after(done: number): string[];
  /** the statements above ran */
  recorded(done: number): void;
  /** the history statement recording the finished step */
  finish(entry: HistoryEntry, done: number): string;
}

/** A step inside a transaction (or written as a script): only the finished step is recorded. */
export function noProgress(dialect: Dialect): StepProgress {
  return {
    skip: 0,
    after: () => [],
    recorded: () => undefined,
    finish: (entry) => historyInsertSql(dialect, entry),
  };
}

/** Progress of one non-transactional step. `done`: statements recorded by an earlier run (undefined: none). */
export function statementProgress(dialect: Dialect, partial: PartialStep, done: number | undefined): StepProgress {
  let rowExists = done !== undefined;
  return {
    skip: done ?? 0,
    after: (n) => [rowExists ? partialProgressSql(dialect, partial.step, n) : partialInsertSql(dialect, partial, n)],
    recorded: () => {
      rowExists = true;
    },
    finish: (entry, n) => (rowExists ? partialFinishSql(dialect, partial, n, entry.durationMs) : historyInsertSql(dialect, { ...entry, statementsDone: n })),
  };
}
