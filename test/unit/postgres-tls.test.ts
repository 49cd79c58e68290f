// libpq's sslmode in a PostgreSQL URL means what psql makes of it: node-postgres alone treats require as
// verify-full (refusing self-signed servers psql reaches) and fails prefer on a server without TLS.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'pg-connection-string';
import { takePostgresTls } from '../../src/drivers/postgres-tls.js';
import { parseDatabaseUrl } from '../../src/drivers/url.js';
import { UsageError } from '../../src/errors.js';

const BASE = 'postgres://app:pw@db:5432/app';
const sslOf = (url: string) => parse(url).ssl;

test('sslmode=require encrypts without checking the certificate, as libpq does', () => {
  const { url, withoutTls } = takePostgresTls(`${BASE}?sslmode=require`, 's');
  assert.deepEqual(sslOf(url), { rejectUnauthorized: false });
  assert.equal(withoutTls, undefined);
});

test('verify-full checks the certificate; disable connects without TLS', () => {
  assert.deepEqual(sslOf(takePostgresTls(`${BASE}?sslmode=verify-full`, 's').url), {});
  assert.equal(sslOf(takePostgresTls(`${BASE}?sslmode=disable`, 's').url), false);
});

test('prefer and allow try TLS first and keep a URL without it for a server that has none', () => {
  for (const mode of ['prefer', 'allow']) {
    const { url, withoutTls } = takePostgresTls(`${BASE}?application_name=x&sslmode=${mode}`, 's');
    assert.deepEqual(sslOf(url), { rejectUnauthorized: false }, mode);
    assert.ok(withoutTls !== undefined, mode);
    assert.equal(sslOf(withoutTls), false, mode);
    assert.match(url, /application_name=x/);
  }
});

test('a URL without sslmode, or with node-postgres\'s own no-verify, is left as written', () => {
  assert.deepEqual(takePostgresTls(`${BASE}?application_name=x`, 's'), { url: `${BASE}?application_name=x` });
  assert.deepEqual(takePostgresTls(`${BASE}?sslmode=no-verify`, 's'), { url: `${BASE}?sslmode=no-verify` });
});

test('an sslmode libpq does not know is bad input, the password masked', () => {
  assert.throws(
    () => parseDatabaseUrl('postgres://app:Secret99@db:5432/app?sslmode=required'),
    (error: unknown) =>
      error instanceof UsageError && /sslmode=required is not an SSL mode \(use disable, allow, prefer, require, verify-ca, verify-full/.test(error.message) && !error.message.includes('Secret99'),
  );
});
