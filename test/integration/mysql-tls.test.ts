// TLS asked for in a MariaDB URL, on this machine's server, which has TLS off: a URL asking for TLS must not connect
// unencrypted (mysql2 alone ignores ssl-mode with a warning and refuses ssl=true with a message about "profiles").
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createProject, type TestProject } from '../support/project.js';
import { queryRows } from '../support/db.js';
import { MYSQL_ADMIN_URL } from '../support/targets.js';

const withQuery = (query: string) => `${MYSQL_ADMIN_URL}${MYSQL_ADMIN_URL.includes('?') ? '&' : '?'}${query}`;

describe('TLS settings in a MariaDB URL', async () => {
  const haveSsl = (await queryRows<{ Value: string }>(MYSQL_ADMIN_URL, "SHOW VARIABLES LIKE 'have_ssl'"))[0]?.Value;
  const serverWithoutTls = haveSsl !== 'YES';
  let project: TestProject;
  before(() => {
    project = createProject(MYSQL_ADMIN_URL, 'mysql');
  });
  after(() => project.remove());

  test('a URL asking for TLS is refused by a server without it, with the way out', { skip: serverWithoutTls ? false : 'this server has TLS on' }, async () => {
    for (const query of ['ssl-mode=REQUIRED', 'ssl=true', 'sslaccept=strict']) {
      const result = await project.cli(['current'], { url: withQuery(query) });
      assert.equal(result.code, 2, `${query}: ${result.stdout}${result.stderr}`);
      assert.match(result.stderr, /the server does not support secure connections, and the URL asks for TLS: enable TLS on the server, or use ssl-mode=PREFERRED/, query);
    }
  });

  test('PREFERRED falls back to an unencrypted connection as the mysql client does; DISABLED and ssl=false connect', async () => {
    for (const query of ['ssl-mode=PREFERRED', 'ssl-mode=DISABLED', 'ssl=false']) {
      const result = await project.cli(['current'], { url: withQuery(query) });
      assert.equal(result.code, 0, `${query}: ${result.stderr}`);
    }
  });

  test('a TLS value athanor does not know is bad input before connecting', async () => {
    const result = await project.cli(['current'], { url: withQuery('ssl-mode=ON') });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /ssl-mode=ON is not a TLS setting athanor knows/);
  });
});
