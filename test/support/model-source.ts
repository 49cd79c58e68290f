// The DSL source of a model draft: what a user would write in models.ts (the test imports exactly this).
import { enumOfType, info, splitKey, sqlIdent, type Action, type CheckDraft, type ColumnDraft, type DefaultDraft, type EnumDraft, type ModelDraft, type TableDraft, type TableKey, type TypeKey } from './schema-arbitrary.js';

// --- DSL source ---------------------------------------------------------------------------------------

const str = (s: string): string => JSON.stringify(s);
const varOf = (key: TableKey): string => key.replace('.', '_');
const member = (name: string): string => (/^[A-Za-z_$][\w$]*$/.test(name) ? `c.${name}` : `c[${str(name)}]`);

function defaultCode(d: DefaultDraft, type: TypeKey, enums: readonly EnumDraft[]): string {
  if ('sql' in d) return `.defaultSql(${str(d.sql)})`;
  if ('enumValue' in d) {
    const values = enumOfType(type, enums)?.values ?? [];
    return `.default(${str(values[d.enumValue % values.length] ?? '')})`;
  }
  return `.default(${typeof d.value === 'string' ? str(d.value) : String(d.value)})`;
}

function actionsCode(x: { onDelete?: Action; onUpdate?: Action; name?: string }): string {
  const parts = [
    x.onDelete ? `onDelete: ${str(x.onDelete)}` : '',
    x.onUpdate ? `onUpdate: ${str(x.onUpdate)}` : '',
    x.name ? `name: ${str(x.name)}` : '',
  ].filter(Boolean);
  return parts.length ? `, { ${parts.join(', ')} }` : '';
}

function columnCode(c: ColumnDraft, model: ModelDraft): string {
  let code = info(c.type).dsl;
  if (c.primaryKey) code += '.primaryKey()';
  if (c.notNull && !c.primaryKey) code += '.notNull()';
  if (c.unique) code += c.unique.name ? `.unique(${str(c.unique.name)})` : '.unique()';
  if (c.default) code += defaultCode(c.default, c.type, model.enums);
  if (c.identity) code += `.identity(${str(c.identity)})`;
  if (c.generated) {
    const src = sqlIdent(c.generated.from);
    code += `.generated(${str(c.generated.fn === 'double' ? `${src} * 2` : `upper(${src})`)})`;
  }
  if (c.references) {
    const r = c.references;
    const target = r.style === 'thunk' ? `() => ${varOf(r.table)}${member(r.column).slice(1)}` : str(`${r.table}.${r.column}`);
    code += `.references(${target}${actionsCode(r)})`;
  }
  if (c.comment !== undefined) code += `.comment(${str(c.comment)})`;
  return code;
}

function checkSql(ck: CheckDraft): string {
  const [a = '', b = ''] = ck.columns.map(sqlIdent);
  switch (ck.kind) {
    case 'nonNegative': return `${a} >= 0`;
    case 'nonEmpty': return `length(${a}) > 0`;
    case 'nonEmptyCast': return `length(${a}::text) > 0`;
    case 'notNull': return `${a} IS NOT NULL`;
    case 'notValue': return `${a} <> '${(ck.value ?? '').replace(/'/g, "''")}'`;
    case 'after2000': return `${a} > '2000-01-01'`;
    case 'lessThan': return `${a} < ${b}`;
  }
}

function extrasCode(t: TableDraft): string[] {
  const out: string[] = [];
  if (t.pkExtra) out.push(`primaryKey(${t.pkExtra.name ? str(t.pkExtra.name) : ''}).on(${t.pkExtra.columns.map(member).join(', ')})`);
  for (const u of t.uniques) out.push(`unique(${u.name ? str(u.name) : ''}).on(${u.columns.map(member).join(', ')})`);
  for (const ix of t.indexes) {
    const parts = ix.parts.map((p) => ('lowerOf' in p ? str(`lower(${sqlIdent(p.lowerOf)})`) : `${member(p.column)}${p.desc ? '.desc()' : ''}`));
    let code = `${ix.unique ? 'uniqueIndex' : 'index'}(${str(ix.name)}).on(${parts.join(', ')})`;
    if (ix.where) code += `.where(${str(`${sqlIdent(ix.where.column)} ${ix.where.test === 'notNull' ? 'IS NOT NULL' : '> 0'}`)})`;
    if (ix.using) code += `.using(${str(ix.using)})`;
    out.push(code);
  }
  for (const ck of t.checks) out.push(`check(${str(ck.name)}, ${str(checkSql(ck))})`);
  for (const fk of t.foreignKeys) {
    const { schema, name } = splitKey(fk.table);
    const target =
      fk.style === 'thunk'
        ? `() => [${fk.refColumns.map((c) => `${varOf(fk.table)}${member(c).slice(1)}`).join(', ')}]`
        : `{ table: ${str(name)}${schema ? `, schema: ${str(schema)}` : ''}, columns: ${JSON.stringify(fk.refColumns)} }`;
    let code = `foreignKey(${fk.name ? str(fk.name) : ''}).on(${fk.columns.map(member).join(', ')}).references(${target})`;
    if (fk.onDelete) code += `.onDelete(${str(fk.onDelete)})`;
    if (fk.onUpdate) code += `.onUpdate(${str(fk.onUpdate)})`;
    out.push(code);
  }
  return out;
}

/** The models module a user would write for this draft. */
export function modelSource(model: ModelDraft): string {
  const lines = [`import { table, t, index, uniqueIndex, unique, check, primaryKey, foreignKey, enumType } from 'athanor';`, ''];
  const usedTypes = new Set(model.tables.flatMap((t) => t.columns.map((c) => c.type)));
  for (const e of model.enums) {
    const used = usedTypes.has(e.key === 'mood' ? 'mood' : 'status');
    if (!used && !e.exported) continue;
    const options = e.schema ? `, { schema: ${str(e.schema)} }` : '';
    lines.push(`${e.exported ? 'export ' : ''}const ${varOf(e.key)} = enumType(${str(e.name)}, ${JSON.stringify(e.values)}${options});`);
  }
  for (const t of model.tables) {
    lines.push(`export const ${varOf(t.key)} = table(${str(t.name)}, {`);
    for (const c of t.columns) lines.push(`  ${/^[A-Za-z_$][\w$]*$/.test(c.name) ? c.name : str(c.name)}: ${columnCode(c, model)},`);
    const extras = extrasCode(t);
    const options = [t.schema ? `schema: ${str(t.schema)}` : '', t.comment !== undefined ? `comment: ${str(t.comment)}` : ''].filter(Boolean);
    const optionsCode = options.length ? `{ ${options.join(', ')} }` : '';
    if (extras.length > 0) {
      lines.push('}, (c) => [', ...extras.map((e) => `  ${e},`), `]${optionsCode ? `, ${optionsCode}` : ''});`);
    } else {
      lines.push(`}${optionsCode ? `, undefined, ${optionsCode}` : ''});`);
    }
  }
  return `${lines.join('\n')}\n`;
}
