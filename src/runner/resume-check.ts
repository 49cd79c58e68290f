// Resuming a half-run non-transactional step skips the statements an earlier run did, by count. That is right
// only while the migration still issues those same statements first: the partial history row records a digest
// of the statements that ran (in its checksum column, while the step is unfinished), and the resumed run
// compares it with the statements it skips before it runs anything of the step. An edit below the statement
// that failed (the usual fix) keeps the digest; an edit above it would skip other statements than the ones that
// ran, and is refused. A row written before the digest existed holds the file's checksum: only the unchanged
// file resumes then.
import { createHash, type Hash } from 'node:crypto';
import { UsageError } from '../errors.js';
import { displayPath } from '../loader/display-path.js';
import type { RevisionGraph } from '../revisions/graph.js';
import type { Step } from '../revisions/version-rows.js';

/** A partial row's checksum that is a digest of the statements that ran (the column holds 64 characters). */
const DIGEST_PREFIX = 'ran:';

/** The running digest of a step's statements, in order. */
export class StatementDigest {
  private readonly hash: Hash = createHash('sha256');
  private count = 0;

  add(sql: string): void {
    this.hash.update(sql).update('\0');
    this.count++;
  }

  get statements(): number {
    return this.count;
  }

  /** the digest of the statements added so far, as the partial row records it */
  value(): string {
    return DIGEST_PREFIX + this.hash.copy().digest('hex').slice(0, 64 - DIGEST_PREFIX.length);
  }
}

/** What an earlier run of the step recorded: statements done, and the digest of them (or, older, the file's checksum). */
export interface RecordedProgress {
  statementsDone: number;
  checksum: string | null;
}

/** The statements the resumed step skips are not the ones that ran: nothing of the step ran now. */
export class ResumeMismatch extends Error {
  constructor(readonly statementsDone: number) {
    super('internal: a resume mismatch outside a step');
    this.name = 'ResumeMismatch';
  }
}

/** Whether the statements skipped now (their digest) are the ones the earlier run recorded; `fileChecksum` for old rows. */
export function resumesSameStatements(recorded: RecordedProgress, skipped: StatementDigest, fileChecksum: string): boolean {
  if (skipped.statements !== recorded.statementsDone) return false;
  if (recorded.checksum?.startsWith(DIGEST_PREFIX)) return recorded.checksum === skipped.value();
  return recorded.checksum === fileChecksum;
}

/** The one line refusing the resume, with both ways out. */
export function resumeRefusal(graph: RevisionGraph, step: Step, file: string, statementsDone: number): UsageError {
  const up = step.direction === 'up';
  const verb = up ? 'upgrade' : 'downgrade';
  const parents = graph.has(step.revision) ? graph.get(step.revision).downRevisions : [];
  const before = up ? parents.join(' ') || 'base' : step.revision;
  const after = up ? step.revision : parents.join(' ') || 'base';
  return new UsageError(
    `${verb} ${step.revision} (${displayPath(file)}) cannot resume: its ${verb} stopped after ${statementsDone} statement(s), and the file ` +
      `was edited since so that its first ${statementsDone} statement(s) are no longer the ones that ran (resuming would skip the wrong ones; ` +
      `nothing ran now). Restore those statements in the file to resume after them (an edit below them is fine), or finish the ${verb} by hand ` +
      `and \`athanor stamp ${after}\`, or undo the ${statementsDone} statement(s) by hand and \`athanor stamp ${before}\`; --accept-changed cannot ` +
      `help: it records a file's checksum and cannot tell which statements ran`,
  );
}
