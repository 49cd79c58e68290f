import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../src/errors.js';
import { Op, type AlterColumnOptions, type OperationSink } from '../../src/operations/op.js';
import type { Operation } from '../../src/operations/types.js';

function recordingSink(): OperationSink & { ops: Operation[] } {
  const ops: Operation[] = [];
  return {
    dialect: 'postgres',
    ops,
    async run(op: Operation) {
      ops.push(op);
    },
    async query() {
      return [];
    },
  };
}

// migrations are not type-checked: these are what a JavaScript file (or a cast) can pass
const untyped = <T>(value: unknown): T => value as T;

test("alterColumn refuses an option it does not take, naming the one meant, instead of changing nothing", () => {
  const sink = recordingSink();
  const op = new Op(sink);
  assert.throws(
    () => op.alterColumn('posts', 'title', untyped<AlterColumnOptions>({ rename: 'headline' })),
    (e: unknown) => e instanceof UsageError && /op\.alterColumn\('title'\): unknown option 'rename' \(did you mean newName\?\)/.test(e.message),
  );
  assert.throws(() => op.alterColumn('posts', 'title', untyped<AlterColumnOptions>({ nulable: true })), /unknown option 'nulable' \(did you mean nullable\?\)/);
  assert.throws(() => op.alterColumn('posts', 'title', {}), /op\.alterColumn\('title'\): nothing to change/);
  assert.deepEqual(sink.ops, []);
});

test('alterColumn with the options it takes records the change', async () => {
  const sink = recordingSink();
  await new Op(sink).alterColumn('posts', 'title', { newName: 'headline', existingNullable: true });
  assert.deepEqual(sink.ops, [{ kind: 'alterColumn', table: { name: 'posts' }, column: 'title', changes: { name: 'headline' }, existing: { nullable: true } }]);
});

test('createIndex, createForeignKey and dropIndex refuse unknown options; dropIndex without its table is named', () => {
  const op = new Op(recordingSink());
  assert.throws(() => op.createIndex('ix', 'posts', ['title'], untyped({ uniqe: true })), /op\.createIndex\('ix'\): unknown option 'uniqe' \(did you mean unique\?\)/);
  assert.throws(() => op.createForeignKey('fk', 'posts', 'users', ['user_id'], ['id'], untyped({ ondelete: 'cascade' })), /unknown option 'ondelete' \(did you mean onDelete\?\)/);
  assert.throws(() => untyped<(name: string) => Promise<void>>(op.dropIndex.bind(op))('ix_posts_title'), /op\.dropIndex\('ix_posts_title', table\): the table is missing/);
});
