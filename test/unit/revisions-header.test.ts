import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { parseHeader, parseHeaderBytes, migrationFormat } from '../../src/revisions/header.js';
import { UsageError } from '../../src/errors.js';

const FILE = '/project/migrations/abc123_add_todos.ts';

function usageError(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof UsageError, `expected UsageError, got ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  };
}

describe('parseHeader: .ts / .js files', () => {
  test('reads a generated-style header with single quotes', () => {
    const text = `import { t, type Op } from 'athanor';

export const revision = 'abc123';
export const downRevision = 'fff000';
export const message = 'add todos';

export async function upgrade(op: Op) {
  await op.createTable('todos', { id: t.serial().primaryKey() });
}
`;
    const header = parseHeader(text, FILE);
    assert.deepEqual(header, {
      revision: 'abc123',
      downRevisions: ['fff000'],
      branchLabels: [],
      dependsOn: [],
      message: 'add todos',
      transactional: true,
      file: FILE,
      shownAs: FILE,
      format: 'ts',
      checksum: createHash('sha256').update(text).digest('hex'),
    });
  });

  test('double quotes, backticks, type annotations, as const, semicolon-free lines', () => {
    const text = [
      'export const revision: string = "r1"',
      'export const downRevision: string | null = `r0` as const',
      "export const message = `it's fine`",
    ].join('\n');
    const header = parseHeader(text, FILE);
    assert.equal(header.revision, 'r1');
    assert.deepEqual(header.downRevisions, ['r0']);
    assert.equal(header.message, "it's fine");
  });

  test('null downRevision is a base; a missing message is undefined', () => {
    const header = parseHeader("export const revision = 'r0';\nexport const downRevision = null;\n", FILE);
    assert.deepEqual(header.downRevisions, []);
    assert.equal(header.message, undefined);
    assert.equal(header.transactional, true);
  });

  test('a merge lists several parents, across lines, with comments and a trailing comma', () => {
    const text = `export const revision = 'm1';
export const downRevision = [
  'a1', // the users branch
  "b2", /* the todos branch */
];
`;
    assert.deepEqual(parseHeader(text, FILE).downRevisions, ['a1', 'b2']);
  });

  test('branchLabels and dependsOn as a single string or an array', () => {
    const single = parseHeader(
      "export const revision = 'r1';\nexport const downRevision = null;\nexport const branchLabels = 'billing';\nexport const dependsOn = 'x9';\n",
      FILE,
    );
    assert.deepEqual(single.branchLabels, ['billing']);
    assert.deepEqual(single.dependsOn, ['x9']);
    const arrays = parseHeader(
      "export const revision = 'r1';\nexport const downRevision = null;\nexport const branchLabels = ['a', 'b'];\nexport const dependsOn = ['x9', 'y8'];\n",
      FILE,
    );
    assert.deepEqual(arrays.branchLabels, ['a', 'b']);
    assert.deepEqual(arrays.dependsOn, ['x9', 'y8']);
    const none = parseHeader("export const revision = 'r1';\nexport const downRevision = null;\nexport const dependsOn = null;\n", FILE);
    assert.deepEqual(none.dependsOn, []);
  });

  test('a squash lists what it replaces: `export const replaces = [...]` and `-- replaces:`', () => {
    const ts = parseHeader("export const revision = 'sq01';\nexport const downRevision = null;\nexport const replaces = ['r1', 'r2'];\n", FILE);
    assert.deepEqual(ts.replaces, ['r1', 'r2']);
    const sql = parseHeader('-- revision: sq01\n-- down-revision: null\n-- replaces: r1, r2\n-- +upgrade\n', '/project/migrations/sq01.sql');
    assert.deepEqual(sql.replaces, ['r1', 'r2']);
    assert.equal(parseHeader("export const revision = 'r1';\nexport const downRevision = null;\n", FILE).replaces, undefined);
    assert.throws(() => parseHeader("export const revision = 'sq';\nexport const downRevision = null;\nexport const replaces = ['r1', 'r1'];\n", FILE), usageError(/replaces entry 'r1' is listed twice/));
  });

  test('transactional = false is read; escapes in messages are decoded', () => {
    const text = `export const revision = 'r1';
export const downRevision = 'r0';
export const transactional = false;
export const message = 'don\\'t lock\\n"users" \\u00e9';
`;
    const header = parseHeader(text, FILE);
    assert.equal(header.transactional, false);
    assert.equal(header.message, 'don\'t lock\n"users" é');
  });

  test('commented-out or indented-in-a-string exports are ignored; the first declaration wins', () => {
    const text = `// export const revision = 'old';
export const revision = 'new1';
export const downRevision = null;
/* a note */
export async function upgrade() {}
export const revision = 'later';
`;
    assert.equal(parseHeader(text, FILE).revision, 'new1');
  });

  test('.js and .mjs files are format js; messages name the file as the loader shows it', () => {
    const text = "export const revision = 'r1';\nexport const downRevision = null;\n";
    assert.equal(parseHeader(text, '/m/r1.js').format, 'js');
    const header = parseHeader(text, '/project/migrations/r1.mjs', 'migrations/r1.mjs');
    assert.equal(header.format, 'js');
    assert.equal(header.shownAs, 'migrations/r1.mjs');
    assert.throws(() => parseHeader('export const downRevision = null;\n', '/project/migrations/r2.ts', 'migrations/r2.ts'), /^UsageError: migrations\/r2\.ts: no `export const revision`/);
  });

  test('a file without `export const revision` names the file', () => {
    assert.throws(
      () => parseHeader("export const downRevision = null;\n", FILE),
      usageError(/abc123_add_todos\.ts: no `export const revision`/),
    );
  });

  test('a file without downRevision is rejected (null marks a base)', () => {
    assert.throws(() => parseHeader("export const revision = 'r1';\n", FILE), usageError(/no `export const downRevision`.*null/));
  });

  test('values that are not literals are rejected rather than guessed', () => {
    const cases = [
      "export const revision = 'r' + suffix;\nexport const downRevision = null;",
      'export const revision = `r${n}`;\nexport const downRevision = null;',
      'export const revision = makeId();\nexport const downRevision = null;',
      "export const revision = 'r1';\nexport const downRevision = [parent];",
      "export const revision = 'r1';\nexport const downRevision = 'unterminated;",
    ];
    for (const text of cases) {
      assert.throws(() => parseHeader(text, FILE), usageError(/abc123_add_todos\.ts: `export const (revision|downRevision)` must be/), text);
    }
  });

  test('wrong kinds for revision, transactional and message are rejected', () => {
    assert.throws(() => parseHeader("export const revision = ['a'];\nexport const downRevision = null;", FILE), usageError(/revision` must be a non-empty string/));
    assert.throws(() => parseHeader("export const revision = '';\nexport const downRevision = null;", FILE), usageError(/revision` must be a non-empty string/));
    assert.throws(
      () => parseHeader("export const revision = 'r';\nexport const downRevision = null;\nexport const transactional = 'no';", FILE),
      usageError(/transactional` must be `true` or `false`/),
    );
    assert.throws(
      () => parseHeader("export const revision = 'r';\nexport const downRevision = null;\nexport const message = ['x'];", FILE),
      usageError(/message` must be a string literal/),
    );
  });

  test('ids and labels must be plain names, not reserved words, not repeated', () => {
    const base = "export const downRevision = null;\n";
    assert.throws(() => parseHeader(`export const revision = 'a b';\n${base}`, FILE), usageError(/revision id 'a b' is not valid/));
    assert.throws(() => parseHeader(`export const revision = 'head';\n${base}`, FILE), usageError(/'head' is reserved/));
    assert.throws(
      () => parseHeader(`export const revision = 'r1';\n${base}export const branchLabels = ['x@y'];`, FILE),
      usageError(/branch label 'x@y' is not valid/),
    );
    assert.throws(
      () => parseHeader("export const revision = 'm';\nexport const downRevision = ['a', 'a'];", FILE),
      usageError(/down revision 'a' is listed twice/),
    );
  });

  test('unknown extensions are refused', () => {
    assert.throws(() => parseHeader("export const revision = 'r';", '/m/r.py'), usageError(/not a migration file/));
  });
});

describe('parseHeader: .sql files', () => {
  const SQL_FILE = '/project/migrations/r2_users.sql';

  test('reads every header line, comma-separated merges and flags', () => {
    const text = `-- A hand-written migration
-- revision: r2
-- down-revision: a1, b2
-- branch-labels: billing
-- depends-on: x9,y8
-- message: add users (by hand)
-- transactional: false

-- +upgrade
CREATE TABLE users (id int);
-- +downgrade
DROP TABLE users;
`;
    const header = parseHeader(text, SQL_FILE);
    assert.deepEqual(
      { ...header, checksum: undefined },
      {
        revision: 'r2',
        downRevisions: ['a1', 'b2'],
        branchLabels: ['billing'],
        dependsOn: ['x9', 'y8'],
        message: 'add users (by hand)',
        transactional: false,
        file: SQL_FILE,
        shownAs: SQL_FILE,
        format: 'sql',
        checksum: undefined,
      },
    );
    assert.equal(header.checksum, createHash('sha256').update(text).digest('hex'));
  });

  test('an empty or null down-revision is a base; CRLF and key spellings are tolerated', () => {
    assert.deepEqual(parseHeader('-- revision: r0\n-- down-revision:\n-- +upgrade\nSELECT 1;', SQL_FILE).downRevisions, []);
    const crlf = parseHeader('-- Revision: r0\r\n-- down_revision: null\r\n-- +upgrade\r\nSELECT 1;\r\n', SQL_FILE);
    assert.equal(crlf.revision, 'r0');
    assert.deepEqual(crlf.downRevisions, []);
    assert.equal(crlf.transactional, true);
    assert.equal(crlf.message, undefined);
  });

  test('header lines after the first statement or the +upgrade marker are not read', () => {
    assert.throws(
      () => parseHeader('-- +upgrade\n-- revision: r0\n-- down-revision:\nSELECT 1;', SQL_FILE),
      usageError(/r2_users\.sql: no `-- revision:` header line/),
    );
    assert.throws(
      () => parseHeader('-- revision: r0\nSELECT 1;\n-- down-revision:\n', SQL_FILE),
      usageError(/no `-- down-revision:` header line/),
    );
  });

  test('malformed headers are rejected', () => {
    assert.throws(() => parseHeader('-- revision: a b\n-- down-revision:\n', SQL_FILE), usageError(/single id/));
    assert.throws(() => parseHeader('-- revision: r\n-- revision: s\n-- down-revision:\n', SQL_FILE), usageError(/`-- revision:` appears twice/));
    assert.throws(
      () => parseHeader('-- revision: r\n-- down-revision:\n-- transactional: maybe\n', SQL_FILE),
      usageError(/transactional:` must be true or false/),
    );
  });
});

test('migrationFormat picks migration files out of a folder listing', () => {
  assert.equal(migrationFormat('a_x.ts'), 'ts');
  assert.equal(migrationFormat('a_x.d.ts'), undefined);
  assert.equal(migrationFormat('a_x.mts'), 'ts');
  assert.equal(migrationFormat('a_x.cts'), 'ts');
  assert.equal(migrationFormat('a_x.d.mts'), undefined);
  assert.equal(migrationFormat('a_x.d.cts'), undefined);
  assert.equal(migrationFormat('a_x.js'), 'js');
  assert.equal(migrationFormat('a_x.mjs'), 'js');
  assert.equal(migrationFormat('a_x.cjs'), 'js');
  assert.equal(migrationFormat('a_x.sql'), 'sql');
  assert.equal(migrationFormat('README.md'), undefined);
  assert.equal(migrationFormat('.a_x.ts'), undefined);
});

describe('parseHeaderBytes (the loader path) agrees with parseHeader', () => {
  const outcome = (fn: () => unknown) => {
    try {
      return fn();
    } catch (error) {
      return error instanceof UsageError ? `UsageError: ${error.message}` : error;
    }
  };
  const header = "export const revision = 'r1';\nexport const downRevision = null;\n";
  const padding = `export async function upgrade() {\n${'  // filler line\n'.repeat(300)}}\n`;
  const cases: Record<string, string> = {
    plain: header,
    crlf: header.replaceAll('\n', '\r\n'),
    bom: `\ufeff${header}`,
    indented: `  export const revision = "r1"\n\texport const downRevision = ['a', 'b']\n`,
    'multibyte message': `${header}export const message = 'café ✓ 数据库';\n`,
    'message longer than the read window': `${header}export const message = '${'é'.repeat(5000)}';\n`,
    'array longer than the read window': `export const revision = 'm1';\nexport const downRevision = [${Array.from({ length: 400 }, (_, i) => `'p${i}'`).join(', ')}];\n`,
    'declaration after a long body': `${header}${padding}export const transactional = false;\n`,
    'export in the middle of a line is ignored': `${header}const x = 1; export const message = 'no';\n`,
    'no revision': 'export const downRevision = null;\n',
    'not a literal': "export const revision = makeId();\nexport const downRevision = null;\n",
    sql: '-- revision: s1\n-- down-revision: r1\n-- +upgrade\nSELECT 1;\n',
    commonjs: "exports.revision = 'c1';\nexports.downRevision = null;\nexports.message = 'cjs';\nexports.upgrade = async () => {};\n",
    'commonjs module.exports': "module.exports.revision = 'c2';\n  module.exports.downRevision = ['a', 'b'];\nmodule.exports.transactional = false;\n",
    'commonjs after a long body': `exports.revision = 'c3';\nexports.downRevision = null;\n${padding}exports.message = 'late';\n`,
    'commonjs comparison is not a declaration': "exports.revision = 'c4';\nexports.downRevision = null;\nif (exports.message == 'x') {}\n",
    'commonjs in the middle of a line is ignored': "exports.revision = 'c5';\nexports.downRevision = null;\nfoo.exports.message = 'no';\nx; module.exports.message = 'no';\n",
  };
  for (const [name, text] of Object.entries(cases)) {
    test(name, () => {
      const file = name === 'sql' ? '/m/s1.sql' : FILE;
      assert.deepEqual(outcome(() => parseHeaderBytes(Buffer.from(text, 'utf8'), file)), outcome(() => parseHeader(text, file)));
    });
  }

  test('CommonJS headers are read', () => {
    const cjs = parseHeaderBytes(Buffer.from(cases['commonjs']!), '/m/c1.cjs');
    assert.deepEqual([cjs.revision, cjs.downRevisions, cjs.message, cjs.format], ['c1', [], 'cjs', 'js']);
    const moduleExports = parseHeaderBytes(Buffer.from(cases['commonjs module.exports']!), FILE);
    assert.deepEqual([moduleExports.revision, moduleExports.downRevisions, moduleExports.transactional], ['c2', ['a', 'b'], false]);
    assert.equal(parseHeaderBytes(Buffer.from(cases['commonjs after a long body']!), FILE).message, 'late');
    assert.equal(parseHeaderBytes(Buffer.from(cases['commonjs in the middle of a line is ignored']!), FILE).message, undefined);
  });

  test('the long cases really are read', () => {
    assert.equal(parseHeaderBytes(Buffer.from(cases['message longer than the read window']!), FILE).message, 'é'.repeat(5000));
    assert.equal(parseHeaderBytes(Buffer.from(cases['array longer than the read window']!), FILE).downRevisions.length, 400);
    assert.equal(parseHeaderBytes(Buffer.from(cases['declaration after a long body']!), FILE).transactional, false);
  });

  test('a value of any length is read whole, and anything after it is seen', () => {
    // every length around the loader's read windows (256 bytes, then 4 KiB)
    const lengths = [...Array.from({ length: 500 }, (_, i) => i), ...Array.from({ length: 500 }, (_, i) => 3800 + i)];
    for (const length of lengths) {
      const value = 'x'.repeat(length);
      const ok = `${header}export const message = '${value}';\n${padding}`;
      assert.equal(parseHeaderBytes(Buffer.from(ok), FILE).message, value, `length ${length}`);
      const bad = `${header}export const message = '${value}' + more;\n${padding}`;
      assert.throws(() => parseHeaderBytes(Buffer.from(bad), FILE), UsageError, `length ${length}`);
    }
  });
});
