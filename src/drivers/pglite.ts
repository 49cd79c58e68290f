// Embedded PostgreSQL (PGlite, WASM): the default when no URL is configured.
// One PGlite instance per data directory per process: two instances on one directory would corrupt it,
// and starting one costs seconds, so connections share it and the last close shuts it down.
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { batchJoined } from './batch.js';
import type { BatchStatement, Connection, QueryResult } from './connection.js';
import { explainPgliteError, extensionsToRegister, recordExtensions, type PgliteProject } from './pglite-extensions.js';
import { createMemoryPglite } from './pglite-template.js';
import { applyWasmTiering } from './wasm-tiering.js';
import { lockPgliteDir } from './pglite-dir-lock.js';

interface Started {
  db: PGlite;
  /** lets the data directory go to another process (nothing for a memory database) */
  release(): Promise<void>;
}

interface SharedInstance {
  started: Promise<Started>;
  users: number;
}

const instances = new Map<string, SharedInstance>();

/** initdb's 128MB of shared buffers are zeroed at every start (a fifth of it); a migration tool needs far less. */
const START_SETTINGS = ['-c', 'shared_buffers=32MB'];

async function startPglite(dataDir: string | null, project: PgliteProject | undefined): Promise<PGlite> {
  await applyWasmTiering();
  const { PGlite: PGliteClass } = await import('@electric-sql/pglite');
  const extensions = await extensionsToRegister(project, dataDir);
  const options = { startParams: [...PGliteClass.defaultStartParams, ...START_SETTINGS], extensions };
  return dataDir ? PGliteClass.create(dataDir, options) : createMemoryPglite(PGliteClass, options);
}

/** A data directory's PGlite, with the directory held for this process until `release` after it closed. */
async function startLocked(dataDir: string, project: PgliteProject | undefined): Promise<Started> {
  await mkdir(dataDir, { recursive: true });
  const release = await lockPgliteDir(dataDir);
  try {
    return { db: await startPglite(dataDir, project), release };
  } catch (error) {
    await release();
    throw error;
  }
}

/** Its statements' errors about an extension say what to do (explainPgliteError). */
async function explained<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw explainPgliteError(error);
  }
}

/** `project`: what the extensions to register are taken from (pglite-extensions.ts); the first open of a directory decides. */
export async function connectPglite(dataDir: string | null, project?: PgliteProject): Promise<Connection> {
  // memory databases are private to their connection
  const key = dataDir ? resolve(dataDir) : null;
  let shared = key ? instances.get(key) : undefined;
  if (!shared) {
    shared = { started: key ? startLocked(key, project) : startPglite(null, project).then((db) => ({ db, release: async () => undefined })), users: 0 };
    if (key) instances.set(key, shared);
  }
  shared.users++;
  let started: Started;
  try {
    started = await shared.started;
  } catch (error) {
    shared.users--;
    if (key) instances.delete(key);
    throw error;
  }
  const instance = shared;
  const { db } = started;
  let closed = false;
  const query = async <Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> => {
    const result = await explained(db.query<Row>(sql, params ? [...params] : undefined));
    return { rows: result.rows, rowCount: result.affectedRows || result.rows.length };
  };
  return {
    dialect: 'postgres',
    query,
    batch(statements: readonly BatchStatement[]) {
      const joined = async (sql: string) =>
        (await explained(db.exec(sql))).map((r) => ({ rows: r.rows as Record<string, unknown>[], rowCount: r.affectedRows || r.rows.length }));
      return batchJoined(query, joined, statements);
    },
    async exec(sql: string): Promise<void> {
      await explained(db.exec(sql));
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      instance.users--;
      if (instance.users === 0) {
        if (key) instances.delete(key);
        // the next start on this directory registers what it has now (a failure only loses the record)
        if (key) await recordExtensions(db, key).catch(() => undefined);
        await db.close();
        await started.release();
      }
    },
  };
}
