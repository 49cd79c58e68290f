// A check of every op call of a run before it reaches the database (upgrade's lint gate, issue 14.8): the
// guard sees each call as the migration issues it and refuses it by throwing, so a refused call never runs
// and the step fails like any other (rolled back, or recorded where DDL cannot be rolled back).
import type { MigrationModule } from '../loader/migration-module.js';
import type { CallSite, OperationSink } from '../operations/op.js';
import type { Operation } from '../operations/types.js';
import type { Step } from '../revisions/version-rows.js';

export type GuardedCall = { operation: Operation; site?: CallSite } | { sql: string; site?: CallSite };

export interface StepGuard {
  /** the guard places calls in the migration's file (costs a stack trace per call) */
  readonly wantsCallSites: boolean;
  /** throws to refuse the call */
  check(call: GuardedCall): Promise<void>;
  /** the step's code returned and everything it issued ran */
  done(): void;
}

export interface CallGuard {
  openStep(step: Step, module: MigrationModule, transactional: boolean): StepGuard;
}

/** `sink`, with every call checked by `guard` first. */
export function guardedSink(sink: OperationSink, guard: StepGuard): OperationSink {
  return {
    dialect: sink.dialect,
    wantsCallSites: guard.wantsCallSites,
    async run(operation: Operation, site?: CallSite): Promise<void> {
      await guard.check(site ? { operation, site } : { operation });
      await sink.run(operation, site);
    },
    async query(sql: string, params?: readonly unknown[], site?: CallSite, wantsRows?: boolean): Promise<Record<string, unknown>[]> {
      await guard.check(site ? { sql, site } : { sql });
      return sink.query(sql, params, site, wantsRows);
    },
  };
}
