// The databases the integration suite runs against. Each test gets its own database (unique name), dropped after.
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DialectName } from '../../src/drivers/connection.js';

export type TargetName = 'postgres' | 'pglite' | 'mysql' | 'sqlite';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export interface TestTarget {
  name: TargetName;
  dialect: DialectName;
  /** several processes can use it at once (server databases) */
  concurrent: boolean;
  create(purpose: string): Promise<TestDatabase>;
}

export const PG_ADMIN_URL = process.env['ATHANOR_TEST_PG'] ?? 'postgres://postgres@127.0.0.1:5432/test';
export const MYSQL_ADMIN_URL = process.env['ATHANOR_TEST_MYSQL'] ?? 'mysql://root@127.0.0.1:3306/test';

export function uniqueName(purpose: string): string {
  return `ath_${purpose.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 20)}_${randomBytes(4).toString('hex')}`;
}

function withDatabase(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export const postgresTarget: TestTarget = {
  name: 'postgres',
  dialect: 'postgres',
  concurrent: true,
  async create(purpose) {
    const { default: pg } = await import('pg');
    const name = uniqueName(purpose);
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    return {
      url: withDatabase(PG_ADMIN_URL, name),
      async drop() {
        const client = new pg.Client({ connectionString: PG_ADMIN_URL });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.end();
      },
    };
  },
};

/**
 * A freshly initialised PGlite data directory, made once per PGlite version and machine: initdb costs many
 * seconds (tens on a loaded machine) where copying its result costs a fraction.
 */
async function pgliteTemplate(): Promise<string> {
  const manifest = new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url);
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  const template = join(tmpdir(), `athanor-test-pglite-${version}`);
  if (existsSync(join(template, 'PG_VERSION'))) return template;
  const building = mkdtempSync(join(tmpdir(), 'ath-pglite-template-'));
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(building);
  await db.close();
  try {
    renameSync(building, template);
  } catch {
    // another test process made it first
    rmSync(building, { recursive: true, force: true });
  }
  return template;
}

export const pgliteTarget: TestTarget = {
  name: 'pglite',
  dialect: 'postgres',
  concurrent: false,
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'ath-pglite-'));
    cpSync(await pgliteTemplate(), join(dir, 'pgdata'), { recursive: true });
    return { url: `pglite:${join(dir, 'pgdata')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  },
};

export const mysqlTarget: TestTarget = {
  name: 'mysql',
  dialect: 'mysql',
  concurrent: true,
  async create(purpose) {
    const mysql = await import('mysql2/promise');
    const name = uniqueName(purpose);
    const admin = await mysql.createConnection({ uri: MYSQL_ADMIN_URL });
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    return {
      url: withDatabase(MYSQL_ADMIN_URL, name),
      async drop() {
        const conn = await mysql.createConnection({ uri: MYSQL_ADMIN_URL });
        await conn.query(`DROP DATABASE IF EXISTS ${name}`);
        await conn.end();
      },
    };
  },
};

export const sqliteTarget: TestTarget = {
  name: 'sqlite',
  dialect: 'sqlite',
  concurrent: true,
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'ath-sqlite-'));
    return { url: `sqlite:${join(dir, 'test.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  },
};

const ALL: Record<TargetName, TestTarget> = { postgres: postgresTarget, pglite: pgliteTarget, mysql: mysqlTarget, sqlite: sqliteTarget };

/** The targets ATHANOR_TARGETS=postgres,sqlite names (default: all four); an unknown name stops the run. */
function wantedTargets(): TargetName[] {
  const names = Object.keys(ALL) as TargetName[];
  const raw = process.env['ATHANOR_TARGETS'];
  if (raw === undefined) return names;
  const wanted = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = wanted.filter((name) => !names.includes(name as TargetName));
  if (wanted.length === 0 || unknown.length > 0) {
    throw new Error(`ATHANOR_TARGETS=${raw}: ${unknown.length ? `unknown ${unknown.join(', ')}` : 'empty'} (use some of ${names.join(', ')})`);
  }
  return wanted as TargetName[];
}

/** The targets to run among those a suite supports. */
export function selectedTargets(supported: TargetName[] = ['postgres', 'pglite', 'mysql', 'sqlite']): TestTarget[] {
  const wanted = wantedTargets();
  return supported.filter((name) => wanted.includes(name)).map((name) => ALL[name]);
}

/** For a suite bound to one database: `describe(title, onlyOn('mysql'), fn)` skips it when ATHANOR_TARGETS leaves it out. */
export function onlyOn(name: TargetName): { skip: string | false } {
  return { skip: wantedTargets().includes(name) ? false : `ATHANOR_TARGETS leaves out ${name}` };
}

/** A URL of the same dialect that cannot be reached, with a password that must never be printed. */
export function unreachableUrl(dialect: DialectName): string {
  if (dialect === 'sqlite') return 'sqlite:/nonexistent-dir-athanor/s3cretpw/x.db';
  if (dialect === 'mysql') return 'mysql://admin:s3cretpw@127.0.0.1:1/nowhere';
  return 'postgres://admin:s3cretpw@127.0.0.1:1/nowhere';
}
