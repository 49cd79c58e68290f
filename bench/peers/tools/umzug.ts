import { installed, write } from '../paths.js';
import { createTableSql, padded } from '../schema.js';
import type { Tool } from '../tool.js';
import { CONNECT_MODULE } from './connect.js';

// umzug runs what it is given: SQL through the driver, executed names kept in a table (a custom storage, as
// its docs show for databases without Sequelize)
const RUN = `import { Umzug } from 'umzug';
import { connect } from './connect.js';

const db = await connect();
const storage = {
  async executed() {
    await db.exec('CREATE TABLE IF NOT EXISTS umzug_meta (name varchar(255) NOT NULL PRIMARY KEY)');
    return (await db.rows('SELECT name FROM umzug_meta')).map((r) => r.name);
  },
  async logMigration({ name }) {
    await db.exec("INSERT INTO umzug_meta (name) VALUES ('" + name + "')");
  },
  async unlogMigration({ name }) {
    await db.exec("DELETE FROM umzug_meta WHERE name = '" + name + "'");
  },
};
const umzug = new Umzug({ migrations: { glob: 'migrations/*.js' }, context: db, storage, logger: undefined });
try {
  await umzug.up();
} finally {
  await db.close();
}
`;

export const umzug: Tool = {
  name: 'umzug',
  dialects: ['postgres', 'mysql', 'sqlite'],
  unavailable: () => (installed('umzug') ? null : 'not installed'),
  write(dir, dialect, count) {
    write(`${dir}/package.json`, '{ "type": "module" }\n');
    write(`${dir}/connect.js`, CONNECT_MODULE);
    write(`${dir}/run.js`, RUN);
    for (let i = 1; i <= count; i++) {
      const body = createTableSql(dialect, i).map((s) => `  await db.exec(${JSON.stringify(s)});`).join('\n');
      write(`${dir}/migrations/${padded(i)}_t${i}.js`, `export const up = async ({ context: db }) => {\n${body}\n};\nexport const down = async ({ context: db }) => {\n  await db.exec('DROP TABLE t${i}');\n};\n`);
    }
  },
  upgrade: (dir, db) => ({ command: process.execPath, args: ['run.js'], cwd: dir, env: db.env }),
};
