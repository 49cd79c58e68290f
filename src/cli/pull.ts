import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { unmanagedLine } from '../schema/unmanaged.js';
import { configFor, println } from './context.js';
import { colors } from './io.js';

interface PullFlags {
  output?: string;
  force?: boolean;
  format?: string;
  camelCase?: boolean;
}

const FORMATS = ['athanor', 'drizzle', 'sql'] as const;
type Format = (typeof FORMATS)[number];

function formatOf(value: string | undefined): Format | undefined {
  if (value === undefined) return undefined;
  const found = FORMATS.find((f) => f === value);
  if (!found) throw new UsageError(`--format ${value}: use athanor (the DSL, default), drizzle or sql`);
  return found;
}

export function registerPull(program: Command): void {
  program
    .command('pull')
    .description('write models from the live database: the athanor DSL (default), Drizzle tables or declarative SQL (tables, keys, indexes, checks, foreign keys, enums; the DSL and SQL also views, triggers, routines, sequences)')
    .option('-o, --output <file>', "the file to write (default: the config's `models` when it fits the format, else models.ts / schema.ts / schema.sql)")
    .option('--format <format>', 'athanor (default), drizzle or sql')
    .option('--camel-case', 'Drizzle: camelCase property names over snake_case columns (the column names stay)')
    .option('--force', 'replace the file when it exists and differs')
    .action(async (opts: PullFlags, command: Command) => {
      const format = formatOf(opts.format);
      const config = await configFor(command);
      const { pull } = await import('../api/pull.js');
      const { displayPath } = await import('../loader/display-path.js');
      const result = await pull(config, {
        ...(opts.output ? { output: opts.output } : {}),
        ...(opts.force ? { force: true } : {}),
        ...(format ? { format } : {}),
        ...(opts.camelCase ? { camelCase: true } : {}),
      });
      const unmanaged = unmanagedLine(result.unmanaged);
      if (unmanaged !== undefined) println(colors().yellow(`${unmanaged} (listed in the file's header)`));
      if (result.otherToolsTables.length > 0) println(`left in the database, out of the models (other migration tools' history): ${result.otherToolsTables.join(', ')}`);
      if (result.notRepresentable.length > 0) {
        println(colors().yellow(`not representable in this format (listed in the file's header, ignored by check): ${result.notRepresentable.join('; ')}`));
      }
      const what = `${result.tables} table(s)${result.enums > 0 ? `, ${result.enums} enum(s)` : ''}`;
      if (result.unchanged) println(`${displayPath(result.file)} is unchanged: it already holds the database's models (${what})`);
      else println(`wrote ${displayPath(result.file)}: ${what}; \`athanor check\` compares it with the database`);
    });
}
