// A URL naming a database the server does not have: one line, the driver's reason, and the fix (athanor creates
// tables, not databases), on PostgreSQL and MariaDB; nothing is created.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createProject, type TestProject } from '../support/project.js';
import { queryRows } from '../support/db.js';
import { MYSQL_ADMIN_URL, PG_ADMIN_URL, uniqueName } from '../support/targets.js';

function withDatabase(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

for (const [dialect, adminUrl, exists] of [
  ['postgres', PG_ADMIN_URL, 'SELECT count(*)::int AS n FROM pg_database WHERE datname = $1'],
  ['mysql', MYSQL_ADMIN_URL, 'SELECT count(*) AS n FROM information_schema.schemata WHERE schema_name = ?'],
] as const) {
  describe(`a URL naming a database ${dialect} does not have`, () => {
    let project: TestProject;
    const name = uniqueName('nodb');
    before(() => {
      project = createProject(withDatabase(adminUrl, name), dialect);
    });
    after(() => project.remove());

    test('upgrade and current exit 2 with the fix, and create nothing', async () => {
      for (const args of [['upgrade'], ['current']]) {
        const result = await project.cli(args);
        assert.equal(result.code, 2, result.stdout);
        assert.match(result.stderr, new RegExp(`^athanor: error: cannot connect to .*${name}.* \\(create it first: CREATE DATABASE ${name}; athanor creates the tables, not the database\\)\\n`));
      }
      const rows = await queryRows<{ n: number | string }>(adminUrl, exists, [name]);
      assert.equal(Number(rows[0]?.n), 0);
    });
  });
}
