import { installed, peerBin, write } from '../paths.js';
import { padded } from '../schema.js';
import type { Tool } from '../tool.js';

const KNEXFILE = `const d = process.env.BENCH_DIALECT;
const migrations = { directory: __dirname + '/migrations', loadExtensions: ['.cjs'] };
module.exports = d === 'sqlite'
  ? { client: 'better-sqlite3', connection: { filename: process.env.BENCH_DB }, useNullAsDefault: true, migrations }
  : {
      client: d === 'postgres' ? 'pg' : 'mysql2',
      connection: { host: process.env.BENCH_HOST, port: Number(process.env.BENCH_PORT), user: d === 'postgres' ? 'postgres' : 'root', database: process.env.BENCH_DB },
      pool: { min: 0, max: 1 },
      migrations,
    };
`;

function migration(i: number): string {
  const fk = i > 1 ? `\n    t.integer('parent_id').unsigned().references('id').inTable('t${i - 1}').withKeyName('t${i}_parent_id_fkey');` : `\n    t.integer('parent_id').unsigned();`;
  return `exports.up = (knex) => knex.schema.createTable('t${i}', (t) => {
    t.increments('id');
    t.string('name', 100).notNullable();
    t.integer('score').defaultTo(0);
    t.timestamp('created_at').notNullable().defaultTo(knex.fn.now());${fk}
    t.index(['name'], 'ix_t${i}_name');
  });
exports.down = (knex) => knex.schema.dropTable('t${i}');
`;
}

const cli = (dir: string, env: Record<string, string>, ...args: string[]) => ({ command: peerBin('knex'), args: [...args, '--knexfile', `${dir}/knexfile.cjs`], cwd: dir, env });

export const knex: Tool = {
  name: 'knex',
  dialects: ['postgres', 'mysql', 'sqlite'],
  unavailable: () => (installed('knex') ? null : 'not installed'),
  write(dir, _dialect, count) {
    write(`${dir}/knexfile.cjs`, KNEXFILE);
    for (let i = 1; i <= count; i++) write(`${dir}/migrations/2026010100${padded(i)}_t${i}.cjs`, migration(i));
  },
  upgrade: (dir, db) => cli(dir, db.env, 'migrate:latest'),
  startup: {
    current: (dir, db) => cli(dir, db.env, 'migrate:currentVersion'),
    history: (dir, db) => cli(dir, db.env, 'migrate:list'),
  },
};
