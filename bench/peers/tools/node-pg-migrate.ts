import { installed, peerBin, write } from '../paths.js';
import { migrationMillis } from '../schema.js';
import type { Tool } from '../tool.js';

function migration(i: number): string {
  const fk = i > 1 ? `, references: 't${i - 1}', referencesConstraintName: 't${i}_parent_id_fkey'` : '';
  return `export const up = (pgm) => {
  pgm.createTable('t${i}', {
    id: 'id',
    name: { type: 'varchar(100)', notNull: true },
    score: { type: 'integer', default: 0 },
    created_at: { type: 'timestamp', notNull: true, default: pgm.func('current_timestamp') },
    parent_id: { type: 'integer'${fk} },
  });
  pgm.createIndex('t${i}', 'name', { name: 'ix_t${i}_name' });
};
export const down = (pgm) => pgm.dropTable('t${i}');
`;
}

export const nodePgMigrate: Tool = {
  name: 'node-pg-migrate',
  dialects: ['postgres'],
  unavailable: () => (installed('node-pg-migrate') ? null : 'not installed'),
  write(dir, _dialect, count) {
    write(`${dir}/package.json`, '{ "type": "module" }\n');
    for (let i = 1; i <= count; i++) write(`${dir}/migrations/${migrationMillis(i)}_t${i}.js`, migration(i));
  },
  upgrade: (dir, db) => ({ command: peerBin('node-pg-migrate'), args: ['up', '-m', 'migrations'], cwd: dir, env: { DATABASE_URL: db.url } }),
};
