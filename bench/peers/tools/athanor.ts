import { ATHANOR_BIN, write } from '../paths.js';
import { padded, revisionId } from '../schema.js';
import type { Tool } from '../tool.js';

function migration(i: number): string {
  const fk = i > 1 ? `.references('t${i - 1}.id')` : '';
  return `import { t, index, type Op } from 'athanor';

export const revision = '${revisionId(i)}';
export const downRevision = ${i === 1 ? 'null' : `'${revisionId(i - 1)}'`};
export const message = 'table ${i}';

export async function upgrade(op: Op): Promise<void> {
  await op.createTable('t${i}', {
    id: t.serial().primaryKey(),
    name: t.varchar(100).notNull(),
    score: t.integer().default(0),
    created_at: t.timestamp().notNull().defaultSql('CURRENT_TIMESTAMP'),
    parent_id: t.integer()${fk},
  }, (c) => [index('ix_t${i}_name').on(c.name)]);
}

export async function downgrade(op: Op): Promise<void> {
  await op.dropTable('t${i}');
}
`;
}

export function writeAthanorProject(dir: string, dialect: string, count: number): void {
  write(`${dir}/athanor.config.json`, JSON.stringify({ dialect, migrations: 'migrations' }));
  for (let i = 1; i <= count; i++) write(`${dir}/migrations/20260101_${padded(i)}_${revisionId(i)}_table_${i}.ts`, migration(i));
}

/** athanor from a checkout's bin/athanor.js: this repository's, or another build to compare with (--baseline). */
export function athanorTool(name: string, bin: string): Tool {
  const cli = (dir: string, args: string[], env: Record<string, string> = {}) => ({ command: process.execPath, args: [bin, ...args], cwd: dir, env });
  return {
    name,
    dialects: ['postgres', 'mysql', 'sqlite'],
    unavailable: () => null,
    write: writeAthanorProject,
    upgrade: (dir, db) => cli(dir, ['upgrade', 'head'], { DATABASE_URL: db.url }),
    startup: {
      heads: (dir) => cli(dir, ['heads']),
      history: (dir) => cli(dir, ['history']),
      current: (dir, db) => cli(dir, ['current'], { DATABASE_URL: db.url }),
    },
    stamp: (dir, db) => cli(dir, ['stamp', 'head'], { DATABASE_URL: db.url }),
  };
}

export const athanor: Tool = athanorTool('athanor', ATHANOR_BIN);
