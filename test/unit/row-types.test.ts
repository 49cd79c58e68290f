// Row types from the models (Selectable / Insertable / Updateable). Compile-time checks: every `@ts-expect-error`
// below must be an error, or `tsc --noEmit` (in npm test) fails with "Unused '@ts-expect-error' directive".
// The run-time tests tie the types to the DSL: the nullability and insert-optionality the types claim are the
// ones tableSpecOf() gives the database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, enumType, primaryKey, t, table, tableSpecOf } from '../../src/schema/dsl.js';
import type { Insertable, Selectable, Updateable } from '../../src/index.js';

type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
function expectType<A, B>(proof: Equal<A, B>): void {
  assert.equal(proof, true);
}

const mood = enumType('mood', ['happy', 'sad', 'meh']);
interface Settings {
  theme: 'light' | 'dark';
  tags: string[];
}

const users = table('users', {
  id: t.serial().primaryKey(),
  email: t.varchar(200).notNull().unique(),
  name: t.text(),
  mood: t.enum(mood).notNull().default('meh'),
  altMood: t.enum(mood),
  settings: t.jsonb<Settings>().notNull(),
  extra: t.json(),
  karma: t.bigint().notNull().default(0),
  balance: t.numeric(12, 2),
  active: t.boolean().notNull().defaultSql('true'),
  createdAt: t.timestamptz().notNull().defaultSql('now()'),
  birthday: t.date(),
  avatar: t.bytea(),
  citext: t.custom<string>('citext'),
  upperEmail: t.text().generated('upper(email)'),
  ticket: t.integer().identity('always'),
  seq: t.bigint().identity(),
});

const memberships = table(
  'memberships',
  { userId: t.integer(), groupId: t.integer(), role: t.text().notNull().default('member') },
  (c) => [primaryKey().on(c.userId, c.groupId), check('ck_role', "role <> ''")],
  { schema: 'app' },
);

type User = Selectable<typeof users>;

test('Selectable: nullability, enums as literal unions, typed JSON, values as node-postgres returns them', () => {
  expectType<
    User,
    {
      id: number;
      email: string;
      name: string | null;
      mood: 'happy' | 'sad' | 'meh';
      altMood: 'happy' | 'sad' | 'meh' | null;
      settings: Settings;
      extra: import('../../src/index.js').JsonValue | null;
      karma: string;
      balance: string | null;
      active: boolean;
      createdAt: Date;
      birthday: Date | null;
      avatar: Buffer | null;
      citext: string | null;
      upperEmail: string | null;
      ticket: number;
      seq: string;
    }
  >(true);
  // primaryKey() in the extras makes its columns NOT NULL, as PostgreSQL does
  expectType<Selectable<typeof memberships>, { userId: number; groupId: number; role: string }>(true);
});

test('Insertable: required columns, optional ones (defaults, serials, identities, nullable), generated ones left out', () => {
  expectType<
    Insertable<typeof users>,
    {
      email: string;
      settings: string;
      id?: number;
      name?: string | null;
      mood?: 'happy' | 'sad' | 'meh';
      altMood?: 'happy' | 'sad' | 'meh' | null;
      extra?: string | null;
      karma?: string | number | bigint;
      balance?: string | number | null;
      active?: boolean;
      createdAt?: Date | string;
      birthday?: Date | string | null;
      avatar?: Uint8Array | null;
      citext?: string | null;
      seq?: string | number | bigint;
    }
  >(true);

  const ok: Insertable<typeof users> = { email: 'a@example.com', settings: JSON.stringify({ theme: 'dark', tags: [] }) };
  // @ts-expect-error a required column (email) is missing
  const missing: Insertable<typeof users> = { settings: '{}' };
  // @ts-expect-error 'angry' is not a value of the mood enum
  const wrongEnum: Insertable<typeof users> = { email: 'b@example.com', settings: '{}', mood: 'angry' };
  // @ts-expect-error a generated column cannot be written
  const generated: Insertable<typeof users> = { email: 'c@example.com', settings: '{}', upperEmail: 'C' };
  // @ts-expect-error a GENERATED ALWAYS identity cannot be written
  const identity: Insertable<typeof users> = { email: 'd@example.com', settings: '{}', ticket: 1 };
  // @ts-expect-error NULL into a NOT NULL column
  const nullIntoNotNull: Insertable<typeof users> = { email: null, settings: '{}' };
  // @ts-expect-error the extras' primary key columns are required
  const noKey: Insertable<typeof memberships> = { userId: 1 };
  assert.deepEqual([ok, missing, wrongEnum, generated, identity, nullIntoNotNull, noKey].length, 7);
});

test('Updateable: every writable column, optional', () => {
  const patch: Updateable<typeof users> = { name: null, mood: 'happy' };
  // @ts-expect-error 'angry' is not a value of the mood enum
  const wrongEnum: Updateable<typeof users> = { mood: 'angry' };
  // @ts-expect-error a NOT NULL column cannot be set to NULL
  const nullEmail: Updateable<typeof users> = { email: null };
  // @ts-expect-error a generated column cannot be written
  const generated: Updateable<typeof users> = { upperEmail: 'X' };
  assert.equal([patch, wrongEnum, nullEmail, generated].length, 4);
});

test('a nullable column read as non-null is an error', () => {
  const row = { name: null } as Pick<User, 'name'>;
  // @ts-expect-error name is nullable
  const name: string = row.name;
  const safe: string = row.name ?? 'anonymous';
  assert.equal(name ?? safe, 'anonymous');
});

test('the driver decides the value types', () => {
  type MyUser = Selectable<typeof users, 'mysql2'>;
  expectType<Pick<MyUser, 'karma' | 'active' | 'balance' | 'createdAt'>, { karma: number; active: number; balance: string | null; createdAt: Date }>(true);
  type LiteUser = Selectable<typeof users, 'better-sqlite3'>;
  expectType<
    Pick<LiteUser, 'karma' | 'active' | 'balance' | 'createdAt' | 'settings'>,
    { karma: number; active: number; balance: number | null; createdAt: string; settings: string }
  >(true);
  type PgliteUser = Selectable<typeof users, 'pglite'>;
  expectType<Pick<PgliteUser, 'karma' | 'avatar'>, { karma: number | bigint; avatar: Uint8Array | null }>(true);
  // better-sqlite3 binds no booleans
  // @ts-expect-error a boolean for better-sqlite3
  const liteInsert: Insertable<typeof users, 'better-sqlite3'> = { email: 'e@example.com', settings: '{}', active: true };
  assert.ok(liteInsert);
});

/** What the types say per column, in a form the run-time spec can be compared with. */
type NullableByType<T> = { [K in keyof T]-?: null extends T[K] ? true : false };
type OptionalOnInsert<T> = { [K in keyof T]-?: object extends Pick<T, K> ? true : false };

test('the types agree with the schema the DSL gives the database', () => {
  // each literal below is checked against the types by tsc, and against tableSpecOf() here
  const nullable: NullableByType<User> = {
    id: false, email: false, name: true, mood: false, altMood: true, settings: false, extra: true, karma: false,
    balance: true, active: false, createdAt: false, birthday: true, avatar: true, citext: true, upperEmail: true,
    ticket: false, seq: false,
  };
  const spec = tableSpecOf(users);
  assert.deepEqual(Object.fromEntries(spec.columns.map((c) => [c.name, c.nullable])), nullable);

  const optional: OptionalOnInsert<Insertable<typeof users>> = {
    email: false, settings: false, id: true, name: true, mood: true, altMood: true, extra: true, karma: true, balance: true,
    active: true, createdAt: true, birthday: true, avatar: true, citext: true, seq: true,
  };
  const writable = spec.columns.filter((c) => c.generated === undefined && c.identity !== 'always');
  const filled = (c: (typeof writable)[number]) => c.nullable || c.default !== undefined || c.identity !== undefined || c.type.name === 'serial';
  assert.deepEqual(Object.fromEntries(writable.map((c) => [c.name, filled(c)])), optional);

  const pk = tableSpecOf(memberships);
  const pkNullable: NullableByType<Selectable<typeof memberships>> = { userId: false, groupId: false, role: false };
  assert.deepEqual(Object.fromEntries(pk.columns.map((c) => [c.name, c.nullable])), pkNullable);
});
