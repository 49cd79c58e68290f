// The literal op calls upgrade's gate refuses before a run (lint/literal-calls.ts): read from the source without
// running it, in every shape a migration's functions are written, never fooled by comments, strings, templates
// or regular expressions, and silent on calls whose arguments are built at run time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { refusedLiteralCalls } from '../../src/lint/literal-calls.js';

const refused = async (text: string, direction: 'upgrade' | 'downgrade' = 'upgrade') =>
  (await refusedLiteralCalls(text, direction, 'postgres')).map((c) => `${c.line}:${c.column} ${c.message}`);

test('a literal call Op refuses is found with its line and column, in the words Op refuses it', async () => {
  const text = [
    "import { t, type Op } from 'athanor';",
    'export async function upgrade(op: Op): Promise<void> {',
    "  await op.createTable('items', { id: t.integer().primaryKey() });",
    "  await op.alterColumn('items', 'name', { rename: 'title' });",
    '}',
  ].join('\n');
  assert.deepEqual(await refused(text), ["4:12 op.alterColumn('name'): unknown option 'rename' (did you mean newName?)"]);
});

test('every way of writing the function, and any parameter name', async () => {
  const call = "db.dropIndex('ix_a');";
  for (const text of [
    `export const upgrade = async (db) => {\n  await ${call}\n};`,
    `exports.upgrade = async function (db) {\n  await ${call}\n};`,
    `module.exports = { async upgrade(db) {\n  await ${call}\n} };`,
    `module.exports = { upgrade: async db => {\n  await ${call}\n} };`,
  ]) {
    assert.equal((await refused(text)).length, 1, text);
  }
});

test('only the body asked for: a downgrade refusal is not an upgrade one', async () => {
  const text = "export async function upgrade(op) {\n  await op.dropIndex('ix', 't');\n}\nexport async function downgrade(op) {\n  await op.dropIndex('ix');\n}";
  assert.deepEqual(await refused(text), []);
  assert.equal((await refused(text, 'downgrade')).length, 1);
});

test('comments, strings, templates and regular expressions are not code; built arguments are left to the run', async () => {
  const text = [
    'export async function upgrade(op) {',
    "  // await op.alterColumn('t', 'c', { rename: 'x' });",
    "  /* op.dropIndex('ix') */",
    "  const s = \"op.dropIndex('ix')\";",
    "  const tpl = `op.dropIndex('ix') ${op.dialect} }`;",
    "  const re = /op.dropIndex\\('ix'\\)[}{]/g;",
    "  const name = 'rename';",
    "  await op.alterColumn('t', 'c', { [name]: 'x' });",
    "  await op.alterColumn('t', 'c', { ...extra });",
    "  await op.alterColumn('t', 'c', { newName: `x` });",
    "  await op.alterColumn('t', 'c', { nullable: false, default: -1 });",
    "  await op.createIndex('ix', 't', ['a'], { concurrently: true, where: 'a > 0' });",
    '}',
  ].join('\n');
  assert.deepEqual(await refused(text), []);
});

test("athanor's column builders with literal arguments count as literals", async () => {
  const body = (imports: string, name: string) =>
    [
      `${imports}`,
      'export async function upgrade(op) {',
      `  await op.createTable('items', { id: ${name}.integer().primaryKey(), name: ${name}.varchar(40).notNull() });`,
      `  await op.alterColumn('items', 'name', { type: ${name}.varchar(100), rename: 'title' });`,
      `  await op.addColumn('items', 'n', ${name}.integer().default(other));`,
      '}',
    ].join('\n');
  const expected = ["4:12 op.alterColumn('name'): unknown option 'rename' (did you mean newName?)"];
  assert.deepEqual(await refused(body("import { t, type Op } from 'athanor';", 't')), expected);
  assert.deepEqual(await refused(body("import { t as col } from 'athanor';", 'col')), expected);
  assert.deepEqual(await refused(body("const { t } = require('athanor');", 't')), expected);
  // a `t` that is not athanor's is not read
  assert.deepEqual(await refused(body("import { t } from './my-builders';", 't')), []);
});
