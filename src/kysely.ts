// `athanor/kysely`: Kysely's database type from athanor's models. Types only: importing this entry loads nothing.
//   import type { KyselyDatabase } from 'athanor/kysely';
//   const db = new Kysely<KyselyDatabase<typeof models>>({ dialect });          // node-postgres
//   const db = new Kysely<KyselyDatabase<typeof models, 'mysql2'>>({ dialect }); // as mysql2 returns values
export type { KyselyDatabase, KyselyTable, KyselyTableName, KyselyColumn, ColumnType, Generated, GeneratedAlways } from './schema/kysely.js';
export type { DriverName } from './schema/driver-values.js';
