import type { Command } from 'commander';
import { collect, configFor, printJson, println } from './context.js';

export function registerLint(program: Command): void {
  program
    .command('lint')
    .description('check migrations for long locks, table rewrites and data loss (exit 1 on errors); `upgrade` runs it on pending migrations first')
    .option('-r, --revision <rev>', 'only this revision (repeatable); default all', collect)
    .option('--downgrade', 'also check downgrade()')
    .option('--list', 'list the rules')
    .option('--json', 'machine-readable output')
    .action(async (opts: { revision?: string[]; downgrade?: boolean; list?: boolean; json?: boolean }, command: Command) => {
      const { RULES, formatFindings, formatSummary, lintProject } = await import('../lint/index.js');
      if (opts.list) {
        if (opts.json) return printJson(RULES);
        for (const rule of RULES) println(`${rule.id.padEnd(38)} ${rule.severity.padEnd(8)} ${rule.description}`);
        return;
      }
      const config = await configFor(command);
      const report = await lintProject({
        migrationsDir: config.migrationsDir,
        dialect: config.dialect,
        lockTimeoutMs: config.lockTimeoutMs,
        ...(opts.revision ? { revisions: opts.revision } : {}),
        ...(opts.downgrade ? { includeDowngrade: true } : {}),
      });
      if (opts.json) printJson(report);
      else {
        const text = formatFindings(report);
        if (text) println(text);
        println(formatSummary(report));
      }
      if (report.errors > 0) process.exitCode = 1;
    });
}
