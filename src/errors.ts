// Errors the CLI turns into one line on stderr and an exit code.

/** Bad input: unknown revision, malformed file, bad URL or config. Exit code 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/** The database refused (a statement failed, a lock timed out). Exit code 1. */
export class DatabaseError extends Error {
  readonly exitCode = 1;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseError';
  }
}

/** Ctrl-C stopped the run (exit code 130, as a shell reports SIGINT). */
export class InterruptedError extends Error {
  readonly exitCode = 130;
  constructor(message = 'interrupted') {
    super(message);
    this.name = 'InterruptedError';
  }
}

/** The exit code an error carries (UsageError 2, DatabaseError 1, interrupted 130, a failed step any), else 1. */
export function exitCodeOf(error: unknown): number {
  const code = error instanceof Error ? (error as { exitCode?: unknown }).exitCode : undefined;
  return code === 2 || code === 130 ? code : 1;
}
