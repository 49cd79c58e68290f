// Compile-time checks: every `@ts-expect-error` below must be an error, or `tsc --noEmit` fails
// ("Unused '@ts-expect-error' directive"). The runtime test only confirms the valid parts build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  t,
  table,
  index,
  uniqueIndex,
  unique,
  check,
  primaryKey,
  foreignKey,
  enumType,
  tableSpecOf,
  type ColumnRef,
  type Table,
  type TableExtra,
  type EnumType,
  type ColumnBuilder,
} from '../../src/schema/dsl.js';

const mood: EnumType<'happy' | 'sad'> = enumType('mood', ['happy', 'sad']);

// Self-references compile without a type annotation.
const categories = table('categories', {
  id: t.serial().primaryKey(),
  parentId: t.integer().references(() => categories.id),
});

const todos = table(
  'todos',
  {
    id: t.serial().primaryKey(),
    description: t.text().notNull(),
    mood: t.enum(mood),
    categoryId: t.integer().references(() => categories.id, { onDelete: 'cascade' }),
  },
  (c) => [
    index('ix_desc').on(c.description),
    uniqueIndex('ux').on(c.id, 'lower(description)').where('true'),
    unique('uq').on(c.id),
    check('ck', 'length(description) > 0'),
    foreignKey('fk').on(c.categoryId).references(() => [categories.id]).onDelete('set null'),
  ],
);

// Table objects expose exactly the declared columns.
const ref: ColumnRef = todos.description;
// @ts-expect-error no such column
void todos.descripton;
const asTable: Table = todos;

// Invalid uses: never called (they would throw at run time), only type-checked.
function compileOnly(): void {
  table('typo', { description: t.text() }, (c) => [
    // @ts-expect-error typo in a column name inside extras
    index('ix_typo').on(c.descripton),
  ]);
  // @ts-expect-error modifier typo
  t.text().notNul();
  // @ts-expect-error varchar takes a length, not a string
  t.varchar('x');
  // @ts-expect-error numeric precision is a number
  t.numeric('10');
  // @ts-expect-error no such type
  t.strng();
  // @ts-expect-error enum needs an enumType object
  t.enum('mood');
  // @ts-expect-error default values are literals; objects need defaultSql
  t.jsonb().default({ a: 1 });
  // @ts-expect-error unknown referential action
  t.integer().references('users.id', { onDelete: 'explode' });
  // @ts-expect-error identity kind is 'always' | 'byDefault'
  t.integer().identity('sometimes');

  // @ts-expect-error an index needs a name
  index();
  // @ts-expect-error a check needs a name and an expression
  check('ck_only_name');
  // @ts-expect-error an index needs at least one part
  index('ix_empty').on();
  // @ts-expect-error a unique constraint takes columns, not SQL strings
  unique('uq').on('lower(x)');

  // @ts-expect-error an unfinished index (no .on) is not an extra
  table('bad', { a: t.integer() }, () => [index('ix_unfinished')]);
  // @ts-expect-error a foreign key without .references() is not an extra
  table('bad', { a: t.integer() }, (c) => [foreignKey().on(c.a)]);
  // @ts-expect-error a primary key without .on() is not an extra
  table('bad', { a: t.integer() }, () => [primaryKey()]);

  // @ts-expect-error columns must be builders
  table('bad2', { a: 'integer' });
}
void compileOnly;

const extras: TableExtra[] = [check('ck2', 'true')];
const builder: ColumnBuilder = t.text();

test('the valid declarations above build specs', () => {
  assert.equal(ref.name, 'description');
  assert.equal(tableSpecOf(asTable).name, 'todos');
  assert.deepEqual(tableSpecOf(categories).foreignKeys[0]?.refTable, 'categories');
  assert.equal(extras.length, 1);
  assert.equal(builder instanceof Object, true);
});
