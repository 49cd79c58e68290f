// Removing a value from an enum type. PostgreSQL has no ALTER TYPE … DROP VALUE, so the type is rebuilt:
// CREATE TYPE x__new AS ENUM (the other values, in order); for every table column of type x: DROP DEFAULT,
// ALTER COLUMN … TYPE x__new USING col::text::x__new; DROP TYPE x; ALTER TYPE x__new RENAME TO x; the
// defaults set again. The columns, values and defaults are read from the catalog when it runs, so a column
// added since the migration was written is converted too.
//
// It is ONE statement (a DO block): a migration that adds an enum value runs without a transaction
// (PostgreSQL cannot use a value added in the same transaction), and a DO block is still all or nothing. A row
// holding the value stops it first with a message naming the value, the table and the column.
import type { EnumRef } from '../../schema/types.js';
import { quotePgString } from './literal.js';
import { quotePgIdent as q } from './types.js';

/** The enum's name with `suffix`, schema-qualified when the reference has a schema. */
function typeName(ref: EnumRef, suffix = ''): string {
  const name = q(`${ref.name}${suffix}`);
  return ref.schema !== undefined ? `${q(ref.schema)}.${name}` : name;
}

export function dropEnumValueStatement(ref: EnumRef, value: string): string {
  const old = quotePgString(typeName(ref));
  const replacement = quotePgString(typeName(ref, '__new'));
  return `DO $athanor$
DECLARE
  old_type regtype := ${old}::regtype;
  new_type text := ${replacement};
  removed text := ${quotePgString(value)};
  tables regclass[];
  columns name[];
  defaults text[];
  held bigint;
  labels text;
BEGIN
  -- the table columns of this type (a partition's inherited columns follow their parent's)
  SELECT coalesce(array_agg(a.attrelid::regclass ORDER BY a.attrelid, a.attnum), '{}'),
         coalesce(array_agg(a.attname ORDER BY a.attrelid, a.attnum), '{}'),
         coalesce(array_agg(pg_get_expr(d.adbin, d.adrelid) ORDER BY a.attrelid, a.attnum), '{}')
    INTO tables, columns, defaults
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p')
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE a.atttypid = old_type AND a.attnum > 0 AND NOT a.attisdropped AND a.attinhcount = 0;
  FOR i IN 1 .. coalesce(array_length(tables, 1), 0) LOOP
    EXECUTE format('SELECT count(*) FROM %s WHERE %I::text = %L', tables[i], columns[i], removed) INTO held;
    IF held > 0 THEN
      RAISE EXCEPTION 'cannot remove value "%" from enum %: % row(s) of %.% hold it (change them first)',
        removed, old_type, held, tables[i], columns[i];
    END IF;
  END LOOP;
  SELECT string_agg(quote_literal(enumlabel), ', ' ORDER BY enumsortorder) INTO labels
    FROM pg_enum WHERE enumtypid = old_type AND enumlabel <> removed;
  IF labels IS NULL THEN
    RAISE EXCEPTION 'cannot remove value "%" from enum %: it is its only value (drop the type instead)', removed, old_type;
  END IF;
  EXECUTE format('CREATE TYPE %s AS ENUM (%s)', new_type, labels);
  FOR i IN 1 .. coalesce(array_length(tables, 1), 0) LOOP
    IF defaults[i] IS NOT NULL THEN
      EXECUTE format('ALTER TABLE %s ALTER COLUMN %I DROP DEFAULT', tables[i], columns[i]);
    END IF;
    EXECUTE format('ALTER TABLE %s ALTER COLUMN %I TYPE %s USING %I::text::%s', tables[i], columns[i], new_type, columns[i], new_type);
  END LOOP;
  EXECUTE format('DROP TYPE %s', old_type);
  EXECUTE format('ALTER TYPE %s RENAME TO %I', new_type, ${quotePgString(ref.name)});
  FOR i IN 1 .. coalesce(array_length(tables, 1), 0) LOOP
    IF defaults[i] IS NOT NULL THEN
      EXECUTE format('ALTER TABLE %s ALTER COLUMN %I SET DEFAULT %s', tables[i], columns[i], defaults[i]);
    END IF;
  END LOOP;
END
$athanor$`;
}
