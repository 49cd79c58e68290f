// Progress lines for upgrade/downgrade: one line per migration; a counter on a terminal.
import pc from 'picocolors';
import type { MoveResult } from '../api/upgrade.js';
import type { StepEvent } from '../runner/execute.js';
import type { Step } from '../revisions/targets.js';

type Hooks = { onStart: (step: Step, index: number, total: number) => void; onStep: (event: StepEvent) => void };

export async function printMove(verb: 'upgrade' | 'downgrade', run: (hooks: Hooks) => Promise<MoveResult>): Promise<void> {
  const tty = process.stderr.isTTY === true;
  const hooks: Hooks = {
    onStart: (step, index, total) => {
      if (tty) process.stderr.write(pc.dim(`[${index + 1}/${total}] ${verb} ${step.revision} …\r`));
    },
    onStep: ({ step, message, durationMs, index, total }) => {
      if (tty) process.stderr.write('\x1b[2K');
      const counter = tty ? pc.dim(`[${index + 1}/${total}] `) : '';
      process.stdout.write(`${counter}${verb === 'upgrade' ? 'applied' : 'reverted'} ${pc.bold(step.revision)}${message ? ` ${message}` : ''} ${pc.dim(`(${Math.round(durationMs)} ms)`)}\n`);
    },
  };
  const result = await run(hooks);
  if (result.sql !== undefined) {
    process.stdout.write(result.sql.endsWith('\n') ? result.sql : `${result.sql}\n`);
    return;
  }
  if (result.steps.length === 0) {
    process.stdout.write(`nothing to ${verb}: the database is at ${result.heads.join(', ') || 'base'}\n`);
  } else {
    process.stdout.write(`${verb === 'upgrade' ? 'upgraded' : 'downgraded'} ${result.steps.length} revision(s); now at ${result.heads.join(', ') || 'base'}\n`);
  }
}
