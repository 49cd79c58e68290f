// KyselyDatabase<typeof models> (`athanor/kysely`) against Kysely's own types. Compile-time checks: every
// `@ts-expect-error` below must be an error, or `tsc --noEmit` (in npm test) fails. The queries are compiled, not
// run, here (test/integration/kysely-queries.test.ts runs them on every database); the run-time test compiles
// them to SQL with Kysely's query compilers, no database needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type ColumnType as KColumnType,
  type Generated as KGenerated,
  type GeneratedAlways as KGeneratedAlways,
  type Insertable,
  type Selectable,
} from 'kysely';
import type { ColumnType, Generated, GeneratedAlways, KyselyDatabase } from 'athanor/kysely';
import { enumType, primaryKey, t, table } from '../../src/schema/dsl.js';

type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
function expectType<A, B>(proof: Equal<A, B>): void {
  assert.equal(proof, true);
}

// the models module, as `import * as models from './models.js'` would see it
const status = enumType('post_status', ['draft', 'published'], { schema: 'app' });
const models = {
  status,
  authors: table('authors', { id: t.serial().primaryKey(), name: t.text().notNull(), bio: t.text() }),
  posts: table('posts', {
    id: t.bigserial().primaryKey(),
    authorId: t.integer().notNull().references('authors.id'),
    title: t.varchar(200).notNull(),
    status: t.enum(status).notNull().default('draft'),
    tags: t.jsonb<string[]>().notNull().defaultSql("'[]'"),
    slug: t.text().generated("lower(title)"),
    publishedAt: t.timestamptz(),
  }),
  events: table(
    'events',
    { postId: t.bigint(), at: t.timestamptz(), kind: t.text().notNull() },
    (c) => [primaryKey().on(c.postId, c.at)],
    { schema: 'app' },
  ),
  notATable: 42,
};

type DB = KyselyDatabase<typeof models>;

test('the shapes are the ones Kysely declares (so Kysely unwraps them)', () => {
  expectType<ColumnType<string, number, boolean>, KColumnType<string, number, boolean>>(true);
  expectType<Generated<string>, KGenerated<string>>(true);
  expectType<GeneratedAlways<string>, KGeneratedAlways<string>>(true);
});

test('tables by SQL name, "schema.table" outside the default schema; other exports left out', () => {
  expectType<keyof DB, 'authors' | 'posts' | 'app.events'>(true);
  expectType<DB['authors'], { id: KGenerated<number>; name: string; bio: string | null }>(true);
  expectType<
    DB['posts'],
    {
      id: KColumnType<string, string | number | bigint | undefined, string | number | bigint>;
      authorId: number;
      title: string;
      status: KGenerated<'draft' | 'published'>;
      tags: KColumnType<string[], string | undefined, string>;
      slug: KGeneratedAlways<string | null>;
      publishedAt: KColumnType<Date | null, Date | string | null, Date | string | null>;
    }
  >(true);
  expectType<Selectable<DB['app.events']>, { postId: string; at: Date; kind: string }>(true);
  expectType<Insertable<DB['posts']>['status'], 'draft' | 'published' | undefined>(true);
});

const db = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

test('queries type-check against the models', async () => {
  const published = db
    .selectFrom('posts')
    .innerJoin('authors', 'authors.id', 'posts.authorId')
    .select(['posts.id', 'posts.title', 'authors.bio', 'posts.publishedAt'])
    .where('posts.status', '=', 'published');
  type Row = Awaited<ReturnType<typeof published.executeTakeFirstOrThrow>>;
  expectType<Row, { id: string; title: string; bio: string | null; publishedAt: Date | null }>(true);
  assert.equal(
    published.compile().sql,
    'select "posts"."id", "posts"."title", "authors"."bio", "posts"."publishedAt" from "posts" inner join "authors" on "authors"."id" = "posts"."authorId" where "posts"."status" = $1',
  );

  const insert = db.insertInto('posts').values({ authorId: 1, title: 'Hello' });
  assert.match(insert.compile().sql, /^insert into "posts" \("authorId", "title"\) values \(\$1, \$2\)$/);
  assert.match(db.selectFrom('app.events').selectAll().compile().sql, /from "app"\."events"/);

  // @ts-expect-error a required column (title) is missing
  db.insertInto('posts').values({ authorId: 1 });
  // @ts-expect-error 'archived' is not a value of the post_status enum
  db.insertInto('posts').values({ authorId: 1, title: 'x', status: 'archived' });
  // @ts-expect-error 'archived' is not a value of the post_status enum
  db.selectFrom('posts').selectAll().where('status', '=', 'archived');
  // @ts-expect-error a generated column cannot be written
  db.insertInto('posts').values({ authorId: 1, title: 'x', slug: 'x' });
  // @ts-expect-error no such table
  db.selectFrom('events');

  const author = await Promise.resolve({ id: 1, name: 'Ann', bio: null } as Selectable<DB['authors']>);
  // @ts-expect-error bio is nullable
  const bio: string = author.bio;
  assert.equal(bio ?? 'none', 'none');
});

test('another driver, other value types', () => {
  type LiteDB = KyselyDatabase<typeof models, 'better-sqlite3'>;
  expectType<Selectable<LiteDB['posts']>['publishedAt'], string | null>(true);
  expectType<Selectable<LiteDB['posts']>['tags'], string>(true);
  type MyDB = KyselyDatabase<typeof models, 'mysql2'>;
  expectType<Selectable<MyDB['posts']>['id'], number>(true);
});
