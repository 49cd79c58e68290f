// Progress lines for upgrade/downgrade: one line per migration; a counter on a terminal.
import type { MoveResult } from '../api/upgrade.js';
import type { StepEvent } from '../runner/execute.js';
import type { Step } from '../revisions/version-rows.js';
import { colors, colorsFor, stderr, stdout } from './io.js';

type Hooks = {
  onStart: (step: Step, index: number, total: number) => void;
  onStep: (event: StepEvent) => void;
  onLockWait: (holder: string) => void;
  signal: AbortSignal;
};

/**
 * Ctrl-C during `work`: the first stops the run (the migration in progress is rolled back, or recorded where DDL
 * cannot be; the error that ends the run says which), a second quits at once.
 */
async function interruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = (): void => {
    if (!controller.signal.aborted) {
      stderr().write('interrupting: stopping the migration in progress (Ctrl-C again to quit without waiting)\n');
      controller.abort();
      return;
    }
    stderr().write('interrupted again: quitting at once; the database rolls back what was not committed\n');
    process.exit(130);
  };
  process.on('SIGINT', onSigint);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** The line a run prints while another run holds the migration lock. */
export function printLockWait(holder: string): void {
  stderr().write(`${colorsFor(stderr()).yellow(`waiting for the migration lock held by ${holder}`)}\n`);
}

export async function printMove(verb: 'upgrade' | 'downgrade', run: (hooks: Hooks) => Promise<MoveResult>, dryRun = false): Promise<void> {
  const tty = stderr().isTTY === true;
  const hooks: Omit<Hooks, 'signal'> = {
    onLockWait: printLockWait,
    onStart: (step, index, total) => {
      if (tty) stderr().write(colorsFor(stderr()).dim(`[${index + 1}/${total}] ${verb} ${step.revision} …\r`));
    },
    onStep: ({ step, message, durationMs, index, total }) => {
      if (dryRun) return;
      if (tty) stderr().write('\x1b[2K');
      const counter = tty ? colors().dim(`[${index + 1}/${total}] `) : '';
      stdout().write(`${counter}${verb === 'upgrade' ? 'applied' : 'reverted'} ${colors().bold(step.revision)}${message ? ` ${message}` : ''} ${colors().dim(`(${Math.round(durationMs)} ms)`)}\n`);
    },
  };
  const result = await interruptible((signal) => run({ ...hooks, signal }));
  if (result.note) stderr().write(`${colorsFor(stderr()).yellow(result.note)}\n`);
  if (result.reports) {
    for (const report of result.reports) {
      stdout().write(`${colors().bold(report.step.revision)} (${report.step.direction}) ${colors().dim(`${Math.round(report.durationMs)} ms`)}\n`);
      for (const s of report.statements) {
        const flat = s.sql.replace(/\s+/g, ' ');
        stdout().write(`  ${flat.length > 120 ? `${flat.slice(0, 119)}…` : flat}  ${colors().dim(`-- ${s.rowCount} row(s), ${s.ms.toFixed(1)} ms`)}\n`);
      }
    }
    stdout().write(`dry run: ${result.reports.length} revision(s) tried and rolled back; the database is unchanged at ${result.heads.join(', ') || 'base'}\n`);
    return;
  }
  if (result.sql !== undefined) {
    stdout().write(result.sql.endsWith('\n') ? result.sql : `${result.sql}\n`);
    return;
  }
  if (result.steps.length === 0) {
    stdout().write(`nothing to ${verb}: the database is at ${result.heads.join(', ') || 'base'}\n`);
  } else {
    stdout().write(`${verb === 'upgrade' ? 'upgraded' : 'downgraded'} ${result.steps.length} revision(s); now at ${result.heads.join(', ') || 'base'}\n`);
  }
}
