// TLS settings in a MySQL/MariaDB URL, in the spellings users copy from the mysql client, Prisma and mysql2: read by
// athanor and taken out of the URL (mysql2 would refuse ssl=true and silently ignore ssl-mode).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mysql2Ssl, takeMysqlTls } from '../../src/drivers/mysql-tls.js';
import { parseDatabaseUrl } from '../../src/drivers/url.js';
import { UsageError } from '../../src/errors.js';

const BASE = 'mysql://app:pw@db:3306/app';

test('each spelling of "encrypt and check the certificate" asks mysql2 to verify', () => {
  for (const query of ['ssl=true', 'ssl=1', 'ssl-mode=VERIFY_IDENTITY', 'sslmode=verify_ca', 'ssl_mode=verify-identity', 'sslaccept=strict']) {
    const { url, tls } = takeMysqlTls(`${BASE}?${query}`, 'shown');
    assert.equal(url, BASE, query);
    assert.deepEqual(mysql2Ssl(tls), { rejectUnauthorized: true }, query);
  }
});

test('REQUIRED encrypts without checking the certificate; DISABLED and ssl=false connect without TLS', () => {
  assert.deepEqual(mysql2Ssl(takeMysqlTls(`${BASE}?ssl-mode=REQUIRED`, 's').tls), { rejectUnauthorized: false });
  assert.deepEqual(mysql2Ssl(takeMysqlTls(`${BASE}?sslaccept=accept_invalid_certs`, 's').tls), { rejectUnauthorized: false });
  assert.equal(mysql2Ssl(takeMysqlTls(`${BASE}?ssl-mode=DISABLED`, 's').tls), undefined);
  assert.equal(mysql2Ssl(takeMysqlTls(`${BASE}?ssl=false`, 's').tls), undefined);
});

test("mysql2's own JSON profile is passed on as an object", () => {
  const { tls } = takeMysqlTls(`${BASE}?ssl=${encodeURIComponent('{"rejectUnauthorized":false,"minVersion":"TLSv1.2"}')}`, 's');
  assert.deepEqual(mysql2Ssl(tls), { rejectUnauthorized: false, minVersion: 'TLSv1.2' });
});

test('other parameters stay in the URL; a URL without TLS settings is left as written', () => {
  assert.deepEqual(takeMysqlTls(`${BASE}?charset=utf8mb4&ssl-mode=REQUIRED&timezone=Z`, 's').url, `${BASE}?charset=utf8mb4&timezone=Z`);
  assert.deepEqual(takeMysqlTls(`${BASE}?charset=utf8mb4`, 's'), { url: `${BASE}?charset=utf8mb4` });
});

test('an unknown TLS value is bad input naming the accepted ones, with the password masked', () => {
  const refused = (query: string) => {
    try {
      parseDatabaseUrl(`mysql://app:Secret99@db:3306/app?${query}`);
    } catch (error) {
      assert.ok(error instanceof UsageError);
      assert.ok(!error.message.includes('Secret99'), error.message);
      return error.message;
    }
    assert.fail(`${query} was accepted`);
  };
  assert.match(refused('ssl-mode=ON'), /ssl-mode=ON is not a TLS setting athanor knows \(use ssl-mode=DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY\)/);
  assert.match(refused('ssl=yes'), /ssl=yes is not .* \(use ssl=true, ssl=false or a JSON object/);
  assert.match(refused('sslaccept=maybe'), /use sslaccept=strict or sslaccept=accept_invalid_certs/);
});
