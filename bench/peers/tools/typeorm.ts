import { installed, peerBin, write } from '../paths.js';
import { createTableSql, migrationMillis } from '../schema.js';
import type { Tool } from '../tool.js';

const DATA_SOURCE = `const { DataSource } = require('typeorm');
const d = process.env.BENCH_DIALECT;
const common = { migrations: [__dirname + '/migrations/*.cjs'], logging: false };
module.exports = new DataSource(
  d === 'sqlite'
    ? { type: 'better-sqlite3', database: process.env.BENCH_DB, ...common }
    : {
        type: d === 'postgres' ? 'postgres' : 'mariadb',
        host: process.env.BENCH_HOST,
        port: Number(process.env.BENCH_PORT),
        username: d === 'postgres' ? 'postgres' : 'root',
        database: process.env.BENCH_DB,
        ...common,
      },
);
`;

/** A migration as `typeorm migration:generate` writes them: a class whose up/down run SQL through the query runner. */
function migration(dialect: Parameters<typeof createTableSql>[0], i: number): string {
  const name = `T${i}${migrationMillis(i)}`;
  const body = createTableSql(dialect, i).map((s) => `    await queryRunner.query(${JSON.stringify(s)});`).join('\n');
  return `module.exports = class ${name} {
  name = '${name}';
  async up(queryRunner) {
${body}
  }
  async down(queryRunner) {
    await queryRunner.query('DROP TABLE t${i}');
  }
};
`;
}

const cli = (dir: string, env: Record<string, string>, command: string) => ({ command: peerBin('typeorm'), args: [command, '-d', `${dir}/data-source.cjs`], cwd: dir, env });

export const typeorm: Tool = {
  name: 'typeorm',
  dialects: ['postgres', 'mysql', 'sqlite'],
  unavailable: () => (installed('typeorm') ? null : 'not installed'),
  write(dir, dialect, count) {
    write(`${dir}/data-source.cjs`, DATA_SOURCE);
    for (let i = 1; i <= count; i++) write(`${dir}/migrations/${migrationMillis(i)}-t${i}.cjs`, migration(dialect, i));
  },
  upgrade: (dir, db) => cli(dir, db.env, 'migration:run'),
  startup: { history: (dir, db) => cli(dir, db.env, 'migration:show') },
};
