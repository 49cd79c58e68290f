// The live schema of a test database, normalised, with each table's columns in name order: a downgrade re-adds a
// dropped column at the end of its table, so convergence tests compare columns by name, not position.
import { loadDialect } from '../../src/dialects/index.js';
import type { DialectName } from '../../src/drivers/connection.js';
import { openConnection } from '../../src/drivers/open.js';
import type { SchemaSpec } from '../../src/schema/types.js';

export async function schemaByColumnName(url: string, dialectName: DialectName): Promise<SchemaSpec> {
  const dialect = await loadDialect(dialectName);
  const conn = await openConnection(url);
  try {
    const schema = dialect.normalize(await dialect.introspect(conn));
    return { ...schema, tables: schema.tables.map((tbl) => ({ ...tbl, columns: [...tbl.columns].sort((x, y) => (x.name < y.name ? -1 : 1)) })) };
  } finally {
    await conn.close();
  }
}
