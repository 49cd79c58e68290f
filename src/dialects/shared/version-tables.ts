// athanor's own tables, declared once as table specs; each dialect renders them like any other table.
// athanor_version holds one row per applied head (like alembic_version); athanor_history one row per step.
// The names and columns are a contract: databases made by earlier versions keep working.
import type { TableSpec } from '../../schema/types.js';

export const VERSION_TABLE = 'athanor_version';
export const HISTORY_TABLE = 'athanor_history';

/** True for the tables introspection leaves out (they are athanor's, not the models'). */
export function isVersionTable(name: string): boolean {
  return name === VERSION_TABLE || name === HISTORY_TABLE;
}

const revisionType = { name: 'varchar', length: 64 } as const;

export const versionTableSpec: TableSpec = {
  name: VERSION_TABLE,
  columns: [{ name: 'version_num', type: revisionType, nullable: false }],
  primaryKey: { columns: ['version_num'] },
  uniques: [],
  indexes: [],
  foreignKeys: [],
  checks: [],
};

/**
 * The history table. `direction` is up, down, stamp, accept, or partial-up / partial-down for a
 * non-transactional step that has not finished (statements_done counts what ran, so a re-run resumes);
 * abandoned-up / abandoned-down for one a stamp settled (kept for the record, never resumed).
 * @param currentTimestampSql the dialect's "now, to the millisecond" for applied_at
 */
export function historyTableSpec(currentTimestampSql: string): TableSpec {
  return {
    name: HISTORY_TABLE,
    columns: [
      { name: 'id', type: { name: 'bigserial' }, nullable: false },
      { name: 'revision', type: revisionType, nullable: false },
      { name: 'direction', type: { name: 'varchar', length: 16 }, nullable: false },
      { name: 'checksum', type: { name: 'varchar', length: 64 }, nullable: true },
      { name: 'applied_at', type: { name: 'timestamptz', precision: 3 }, nullable: false, default: { kind: 'sql', sql: currentTimestampSql } },
      { name: 'duration_ms', type: { name: 'integer' }, nullable: false, default: { kind: 'value', value: 0 } },
      { name: 'statements_done', type: { name: 'integer' }, nullable: true },
      { name: 'message', type: { name: 'text' }, nullable: true },
    ],
    primaryKey: { columns: ['id'] },
    uniques: [],
    indexes: [],
    foreignKeys: [],
    checks: [],
  };
}
