import type { Command } from 'commander';
import { println } from './context.js';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('create athanor.config.ts, the migrations folder (with its template) and an example models.ts')
    .option('--dialect <dialect>', 'postgres, mysql or sqlite', 'postgres')
    .option('--migrations <dir>', 'migrations folder', 'migrations')
    .action(async (opts: { dialect: 'postgres' | 'mysql' | 'sqlite'; migrations: string }) => {
      const { init } = await import('../api/init.js');
      const { relative } = await import('node:path');
      const result = await init({ dialect: opts.dialect, migrations: opts.migrations });
      for (const file of result.created) println(`created ${relative(process.cwd(), file)}`);
      for (const file of result.updated) println(`updated ${relative(process.cwd(), file)}`);
      for (const file of result.skipped) println(`kept existing ${relative(process.cwd(), file)}`);
      const url = opts.dialect === 'mysql' ? 'set DATABASE_URL (mysql://user:password@localhost:3306/app), ' : '';
      println(`next: ${url}edit models.ts, then \`athanor migrate -m "create todos"\` and \`athanor upgrade\``);
    });
}
