// The next migration's code, run while the migration before it commits. A step of its own transaction on
// PostgreSQL sends everything it issued with its COMMIT, in one round trip; between two such steps the server
// works while the client waits, then the client works (runs the next migration's code, renders its statements)
// while the server waits. Running the next step's code during the COMMIT overlaps the two.
// Nothing the step ahead issues is sent before the step is entered for real, after the COMMIT before it
// succeeded (a read its code makes waits until then, and runs inside the step's own transaction, as it
// would have). When that COMMIT fails the step is never entered and what its code issued is dropped: its code
// ran without the step being applied, as a step's code runs again when a lock timeout retries it.
import type { MigrationFn, MigrationModule } from '../loader/migration-module.js';
import { Op } from '../operations/op.js';
import type { Step } from '../revisions/version-rows.js';
import { guardedSink, type CallGuard, type StepGuard } from './call-guard.js';
import type { RunOutput, StepSink } from './output.js';

/** A step whose code started before its turn. */
export interface StepAhead {
  readonly step: Step;
  readonly sink: StepSink;
  readonly guard: StepGuard | undefined;
  /** the code: settles when it returned and everything it issued was handed to the sink */
  readonly code: Promise<void>;
  /** the step is entered: what its code issues may be sent */
  adopt(): void;
  /** the step will not be entered: a send its code waits on fails, and nothing is sent */
  discard(): void;
}

/** Runs a migration's code against `sink`, each call checked by `guard` first when there is one. */
export async function runMigrationCode(fn: MigrationFn, sink: StepSink, guard: StepGuard | undefined): Promise<void> {
  const op = new Op(guard ? guardedSink(sink, guard) : sink);
  await fn(op);
  await op.settle();
}

/** Starts `step`'s code ahead of its turn, or undefined where the output would not hold its statements back. */
export function runAhead(output: RunOutput, step: Step, module: MigrationModule, fn: MigrationFn, guard: CallGuard | undefined): StepAhead | undefined {
  let open: () => void = () => undefined;
  let refuse: (error: Error) => void = () => undefined;
  const gate = new Promise<void>((resolve, reject) => {
    open = resolve;
    refuse = reject;
  });
  gate.catch(() => undefined); // refused only when nothing will wait on it any more
  const sink = output.openStepAhead?.({ step, module, transactional: true, ownTransaction: true }, gate);
  if (!sink) return undefined;
  const stepGuard = guard?.openStep(step, module, true);
  const code = runMigrationCode(fn, sink, stepGuard);
  code.catch(() => undefined); // its failure is the step's, reported when it is entered (or dropped with it)
  return {
    step,
    sink,
    guard: stepGuard,
    code,
    adopt: open,
    discard: () => refuse(new Error(`internal: ${step.revision} was run ahead and dropped`)),
  };
}
