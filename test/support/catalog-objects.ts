// Catalog sections for views, triggers, functions/procedures and standalone sequences, as each database prints
// them (pg_get_viewdef / pg_get_triggerdef / pg_get_functiondef, information_schema + SHOW CREATE, sqlite_master).
import { queryRows } from './db.js';

type Section = Record<string, string>;

async function keyed(url: string, sql: string): Promise<Section> {
  const rows = await queryRows<{ key: string; def: string | null }>(url, sql);
  return Object.fromEntries(rows.map((r) => [r.key, r.def ?? '']));
}

const PG_SCHEMAS = `NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`;

export const pgObjectSections = {
  views: (url: string): Promise<Section> =>
    keyed(
      url,
      `SELECT n.nspname || '.' || c.relname AS key,
         concat_ws(' ', c.relkind::text, array_to_string(c.reloptions, ','), c.relispopulated::text, pg_catalog.pg_get_viewdef(c.oid)) AS def
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('v', 'm') AND n.nspname ${PG_SCHEMAS}`,
    ),
  triggers: (url: string): Promise<Section> =>
    keyed(
      url,
      `SELECT n.nspname || '.' || c.relname || '.' || t.tgname AS key, pg_catalog.pg_get_triggerdef(t.oid) AS def
       FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       WHERE NOT t.tgisinternal AND n.nspname ${PG_SCHEMAS}`,
    ),
  functions: (url: string): Promise<Section> =>
    keyed(
      url,
      `SELECT n.nspname || '.' || p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')' AS key,
         CASE WHEN p.prokind IN ('f', 'p') THEN pg_catalog.pg_get_functiondef(p.oid) ELSE 'kind ' || p.prokind::text END AS def
       FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
       WHERE n.nspname ${PG_SCHEMAS}`,
    ),
  sequences: (url: string): Promise<Section> =>
    keyed(
      url,
      `SELECT schemaname || '.' || sequencename AS key,
         concat_ws(' ', data_type, start_value, min_value, max_value, increment_by, cycle, cache_size) AS def
       FROM pg_catalog.pg_sequences WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND sequencename NOT LIKE 'athanor\\_%'`,
    ),
};

async function mysqlShowCreate(url: string, kind: 'FUNCTION' | 'PROCEDURE', name: string): Promise<string> {
  const [row] = await queryRows<Record<string, string | null>>(url, `SHOW CREATE ${kind} \`${name.replace(/`/g, '``')}\``);
  const text = row?.[kind === 'FUNCTION' ? 'Create Function' : 'Create Procedure'] ?? '';
  return text.replace(/ DEFINER=`[^`]*`@`[^`]*`/, '');
}

export const mysqlObjectSections = {
  // SHOW CREATE VIEW names tables of the current database unqualified (VIEW_DEFINITION names the database)
  views: async (url: string): Promise<Section> => {
    const rows = await queryRows<{ name: string }>(url, `SELECT TABLE_NAME AS name FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()`);
    const out: Section = {};
    for (const r of rows) {
      const [row] = await queryRows<Record<string, string>>(url, `SHOW CREATE VIEW \`${r.name.replace(/`/g, '``')}\``);
      out[r.name] = (row?.['Create View'] ?? '').replace(/ DEFINER=`[^`]*`@`[^`]*`/, '');
    }
    return out;
  },
  triggers: (url: string): Promise<Section> =>
    keyed(
      url,
      `SELECT CONCAT(EVENT_OBJECT_TABLE, '.', TRIGGER_NAME) AS \`key\`,
         CONCAT_WS(' ', ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORIENTATION, ACTION_ORDER, SQL_MODE, ACTION_STATEMENT) AS def
       FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()`,
    ),
  routines: async (url: string): Promise<Section> => {
    const rows = await queryRows<{ name: string; kind: 'FUNCTION' | 'PROCEDURE' }>(
      url,
      `SELECT ROUTINE_NAME AS name, ROUTINE_TYPE AS kind FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()`,
    );
    const out: Section = {};
    for (const r of rows) out[`${r.kind} ${r.name}`] = await mysqlShowCreate(url, r.kind, r.name);
    return out;
  },
  sequences: async (url: string): Promise<Section> => {
    const rows = await queryRows<{ name: string }>(
      url,
      `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'SEQUENCE'`,
    );
    const out: Section = {};
    for (const r of rows) {
      const [row] = await queryRows<Record<string, string>>(url, `SHOW CREATE SEQUENCE \`${r.name.replace(/`/g, '``')}\``);
      out[r.name] = row?.['Create Table'] ?? '';
    }
    return out;
  },
};

export const sqliteObjectSections = {
  views: (url: string): Promise<Section> => keyed(url, `SELECT name AS key, sql AS def FROM sqlite_master WHERE type = 'view'`),
  triggers: (url: string): Promise<Section> =>
    keyed(url, `SELECT tbl_name || '.' || name AS key, sql AS def FROM sqlite_master WHERE type = 'trigger'`),
};
