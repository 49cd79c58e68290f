// Per-statement progress of a step that cannot run in one transaction (MariaDB DDL, `transactional = false`):
// after each statement, the count of statements done is written to the step's partial history row, so a
// re-run after a failure or a crash skips what already ran (Atlas's Revision.Applied/Total). The partial row
// is written with the first statement, so a step whose code throws before any statement ran leaves none.
import type { Dialect } from '../dialects/dialect.js';
import { ResumeMismatch, resumesSameStatements, StatementDigest, type RecordedProgress } from './resume-check.js';
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
  /**
   * a statement the step issued, in order: skipped as done by an earlier run (the last of those checks that they
   * are the ones that ran, throwing ResumeMismatch otherwise) or run now
   */
  issued(sql: string): void;
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
    issued: () => undefined,
    after: () => [],
    recorded: () => undefined,
    finish: (entry) => historyInsertSql(dialect, entry),
  };
}

/** Progress of one non-transactional step. `recorded`: what an earlier run recorded (undefined: no partial row). */
export function statementProgress(dialect: Dialect, partial: PartialStep, recorded: RecordedProgress | undefined): StepProgress {
  let rowExists = recorded !== undefined;
  const skip = recorded?.statementsDone ?? 0;
  const digest = new StatementDigest();
  /** the statements skipped are not all that ran, or not the ones: nothing more of the step runs */
  let refused = false;
  const refuse = (): never => {
    refused = true;
    throw new ResumeMismatch(skip);
  };
  return {
    skip,
    issued: (sql) => {
      if (refused) refuse(); // the migration's code caught the refusal and went on
      digest.add(sql);
      if (recorded && digest.statements === skip && !resumesSameStatements(recorded, digest, partial.checksum)) refuse();
    },
    after: (n) => [rowExists ? partialProgressSql(dialect, partial.step, n, digest.value()) : partialInsertSql(dialect, partial, n, digest.value())],
    recorded: () => {
      rowExists = true;
    },
    finish: (entry, n) => {
      // the step issued fewer statements than the earlier run did
      if (refused || digest.statements < skip) refuse();
      return rowExists ? partialFinishSql(dialect, partial, n, entry) : historyInsertSql(dialect, { ...entry, statementsDone: n });
    },
  };
}
