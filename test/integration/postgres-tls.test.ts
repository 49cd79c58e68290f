// libpq's sslmode on this machine's PostgreSQL, which has SSL off: prefer (libpq's default) connects as psql does,
// a mode that requires TLS is refused with the way out, and node-postgres's ten-line warning does not reach the user.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createProject, type TestProject } from '../support/project.js';
import { queryRows } from '../support/db.js';
import { PG_ADMIN_URL } from '../support/targets.js';

const withQuery = (query: string) => `${PG_ADMIN_URL}${PG_ADMIN_URL.includes('?') ? '&' : '?'}${query}`;

describe('sslmode in a PostgreSQL URL', async () => {
  const ssl = (await queryRows<{ ssl: string }>(PG_ADMIN_URL, 'SHOW ssl'))[0]?.ssl;
  const serverWithoutTls = ssl !== 'on';
  let project: TestProject;
  before(() => {
    project = createProject(PG_ADMIN_URL, 'postgres');
  });
  after(() => project.remove());

  test('prefer and allow connect to a server without SSL, as psql does', { skip: serverWithoutTls ? false : 'this server has SSL on' }, async () => {
    for (const query of ['sslmode=prefer', 'sslmode=allow', 'sslmode=disable']) {
      const result = await project.spawnCli(['current'], { url: withQuery(query) });
      assert.equal(result.code, 0, `${query}: ${result.stderr}`);
      assert.doesNotMatch(result.stderr, /SECURITY WARNING/, query);
    }
  });

  test('require and verify-full are refused by a server without SSL, with the way out', { skip: serverWithoutTls ? false : 'this server has SSL on' }, async () => {
    for (const query of ['sslmode=require', 'sslmode=verify-full']) {
      const result = await project.spawnCli(['current'], { url: withQuery(query) });
      assert.equal(result.code, 2, `${query}: ${result.stdout}`);
      assert.match(result.stderr, /the server does not support SSL connections, and the URL asks for them: enable SSL on the server, or use sslmode=prefer/, query);
      assert.doesNotMatch(result.stderr, /SECURITY WARNING/, query);
    }
  });
});
