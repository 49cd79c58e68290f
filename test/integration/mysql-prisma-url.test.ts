// A DATABASE_URL copied from a Prisma project on MySQL/MariaDB: its pool parameters reach mysql2 as warnings
// that say they will become errors, and its `socket` parameter names a Unix socket mysql2 calls socketPath.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { createProject, type TestProject } from '../support/project.js';
import { queryRows } from '../support/db.js';
import { MYSQL_ADMIN_URL } from '../support/targets.js';

const withQuery = (url: string, query: string) => `${url}${url.includes('?') ? '&' : '?'}${query}`;

describe("Prisma's MySQL URL parameters", async () => {
  const socket = (await queryRows<{ socket: string | null }>(MYSQL_ADMIN_URL, 'SELECT @@socket AS socket'))[0]?.socket ?? null;
  let project: TestProject;
  before(() => {
    project = createProject(MYSQL_ADMIN_URL, 'mysql');
  });
  after(() => project.remove());

  test('connection_limit, pool_timeout and socket_timeout connect without mysql2 warnings', async () => {
    const result = await project.spawnCli(['current'], { url: withQuery(MYSQL_ADMIN_URL, 'connection_limit=5&pool_timeout=10&socket_timeout=5') });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
  });

  test('socket= connects through that Unix socket, whatever the host says', { skip: socket && existsSync(socket) ? false : 'the server has no Unix socket here' }, async () => {
    const url = new URL(MYSQL_ADMIN_URL);
    url.hostname = 'no-such-host.invalid';
    const result = await project.spawnCli(['current'], { url: withQuery(url.toString(), `socket=${encodeURIComponent(socket ?? '')}`) });
    assert.equal(result.code, 0, result.stderr);
  });
});
