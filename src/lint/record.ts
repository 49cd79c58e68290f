// Runs a migration's upgrade/downgrade offline against a sink that only records what it is asked to do,
// with the call site of every op call (the Op captures a stack per call when the sink wants one).
import type { DialectName } from '../drivers/connection.js';
import { Op, type CallSite, type OperationSink } from '../operations/op.js';
import type { Operation } from '../operations/types.js';
import type { MigrationFn } from '../loader/migration-module.js';

export type RecordedCall = { operation: Operation; site?: CallSite } | { sql: string; site?: CallSite };

export class RecordingSink implements OperationSink {
  readonly wantsCallSites = true;
  readonly calls: RecordedCall[] = [];

  constructor(readonly dialect: DialectName) {}

  async run(operation: Operation, site?: CallSite): Promise<void> {
    this.calls.push(site ? { operation, site } : { operation });
  }

  /** Offline there are no rows: a migration that reads some gets []. */
  async query(sql: string, _params?: readonly unknown[], site?: CallSite): Promise<Record<string, unknown>[]> {
    this.calls.push(site ? { sql, site } : { sql });
    return [];
  }
}

export interface Recording {
  calls: RecordedCall[];
  /** what the migration threw (or a timeout), if it did not finish */
  error?: unknown;
}

export class RecordingTimeout extends Error {
  constructor(ms: number) {
    super(`did not finish within ${ms / 1000} s offline (is it waiting on something?)`);
  }
}

export async function recordMigration(fn: MigrationFn, dialect: DialectName, timeoutMs: number): Promise<Recording> {
  const sink = new RecordingSink(dialect);
  const op = new Op(sink);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new RecordingTimeout(timeoutMs)), timeoutMs);
  });
  try {
    await Promise.race([
      (async () => {
        await fn(op);
        await op.settle();
      })(),
      timeout,
    ]);
    return { calls: sink.calls };
  } catch (error) {
    // calls made before the throw but not awaited are still queued: let them reach the sink
    await Promise.race([op.settle().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 100))]);
    return { calls: [...sink.calls], error };
  } finally {
    clearTimeout(timer);
  }
}
