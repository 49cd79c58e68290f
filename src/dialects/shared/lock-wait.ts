// Waiting for the migration lock, out loud: a runner that finds the lock taken says, after a moment, who holds
// it, instead of hanging in silence. Each dialect supplies the three moves; the timing is the same everywhere.

/** What a caller wants to hear while the lock is held by someone else. */
export interface LockWait {
  /** say nothing if the lock comes within this many ms */
  afterMs: number;
  /** told once, with who holds the lock: "pid 812 (athanor from 10.0.0.5, since 10:31:02 UTC, 12 s ago)" */
  report?(holder: string): void;
  /** Ctrl-C: a dialect that polls stops polling (the others' waiting query ends when the session closes) */
  signal?: AbortSignal;
}

export interface LockMoves {
  /** take the lock if it is free; false when another session holds it */
  tryTake(): Promise<boolean>;
  /** who holds it, as one phrase; may run on the waiting connection, before block() */
  describeHolder(): Promise<string | null>;
  /** wait until the lock is ours */
  block(): Promise<void>;
}

/** Takes the lock; when it is held, reports the holder after `wait.afterMs` unless it came before. */
export async function takeLockReporting(moves: LockMoves, wait: LockWait | undefined): Promise<void> {
  if (await moves.tryTake()) return;
  const report = wait?.report;
  if (!wait || !report) return moves.block();
  const holder = (await moves.describeHolder().catch(() => null)) ?? 'another session';
  const timer = setTimeout(() => report(holder), wait.afterMs);
  try {
    await moves.block();
  } finally {
    clearTimeout(timer);
  }
}

/** `10:31:02 UTC, 12 s ago` for a moment in the past. */
export function sinceText(moment: Date, now: Date = new Date()): string {
  const ago = Math.max(0, Math.round((now.getTime() - moment.getTime()) / 1000));
  return `${moment.toISOString().slice(11, 19)} UTC, ${ago} s ago`;
}

/** A statement shortened to one line of a message. */
export function shortStatement(sql: string, max = 80): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
