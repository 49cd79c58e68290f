import type { Command } from 'commander';
import { describeUnmanaged, notDefined, unmanagedLine } from '../schema/unmanaged.js';
import { announceTarget, collect, configFor, println } from './context.js';
import { colors } from './io.js';

interface BaselineFlags {
  message: string;
  head?: string;
  branchLabel?: string[];
  revId?: string;
}

export function registerBaseline(program: Command): void {
  program
    .command('baseline')
    .description('adopt an existing database: write a first migration that creates its current schema and stamp the database at it (nothing else in it changes)')
    .requiredOption('-m, --message <message>', 'what the baseline is, e.g. "schema as in production"')
    .option('--head <base>', 'with migrations already in the folder: `base` starts the baseline as a separate root branch')
    .option('--branch-label <label>', 'label the baseline revision (repeatable)', collect)
    .option('--rev-id <id>', 'use this revision id instead of a random one')
    .action(async (opts: BaselineFlags, command: Command) => {
      const config = await configFor(command);
      await announceTarget(config);
      const { baseline } = await import('../api/baseline.js');
      const { relative } = await import('node:path');
      const result = await baseline(config, {
        message: opts.message,
        ...(opts.head ? { head: opts.head } : {}),
        ...(opts.branchLabel ? { branchLabels: opts.branchLabel } : {}),
        ...(opts.revId ? { revId: opts.revId } : {}),
      });
      const first = result.defined.filter((d) => !d.afterTables).map((d) => describeUnmanaged(d.object));
      const last = result.defined.filter((d) => d.afterTables).map((d) => describeUnmanaged(d.object));
      if (first.length > 0) println(`created first, as the database has them (not managed by athanor): ${first.join(', ')}`);
      if (last.length > 0) println(`set after the tables, as the database has them (not managed by athanor): ${last.join(', ')}`);
      const unmanaged = unmanagedLine(notDefined(result.unmanaged, result.defined));
      if (unmanaged !== undefined) println(colors().yellow(`${unmanaged} (not in the baseline: see the NOTE in the file)`));
      if (result.otherToolsTables.length > 0) println(`left in the database, out of the baseline (other migration tools' history): ${result.otherToolsTables.join(', ')}`);
      const what = `${result.tables} table(s)${result.enums > 0 ? `, ${result.enums} enum(s)` : ''}`;
      println(`created ${relative(process.cwd(), result.created.file)} (revision ${result.created.revision}): its upgrade creates ${what}, its downgrade drops them`);
      println(`stamped: ${result.before.join(', ') || 'base'} -> ${result.after.join(', ') || 'base'} (only the version table was written)`);
    });
}
