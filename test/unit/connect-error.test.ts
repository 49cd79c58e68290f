// A driver that cannot connect or load is reported on one line (the CLI prints an error's first line only), with
// all of the driver's reason: better-sqlite3 built for another Node.js says what to do on its later lines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectError } from '../../src/drivers/open.js';

// better-sqlite3's error on Node 22 when it was compiled for Node 20, as Node words it
const ABI_MISMATCH = `The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node'
was compiled against a different Node.js version using
NODE_MODULE_VERSION 115. This version of Node.js requires
NODE_MODULE_VERSION 127. Please try re-compiling or re-installing
the module (for instance, using \`npm rebuild\` or \`npm install\`).`;

test('a native module built for another Node.js: one line that still says to rebuild it', () => {
  const error = connectError('sqlite:./dev.db', Object.assign(new Error(ABI_MISMATCH), { code: 'ERR_DLOPEN_FAILED' }));
  assert.ok(!error.message.includes('\n'), error.message);
  assert.match(error.message, /^cannot connect to sqlite:\.\/dev\.db: The module '.*' was compiled against a different Node\.js version/);
  assert.match(error.message, /NODE_MODULE_VERSION 127\. Please try re-compiling .* `npm rebuild`/);
});

test('the password stays masked in a driver reason of several lines', () => {
  const error = connectError('mysql://app:Hunter22@db:3306/app', new Error('cannot reach\nmysql://app:Hunter22@db:3306/app\n'));
  assert.equal(error.message, 'cannot connect to mysql://app:***@db:3306/app: cannot reach mysql://app:***@db:3306/app');
});
