// The connection code the generated runner scripts (kysely, umzug, drizzle) share: one plain driver
// connection per dialect from BENCH_DIALECT/BENCH_DB/BENCH_HOST/BENCH_PORT, with exec/rows/close.
export const CONNECT_MODULE = `const d = process.env.BENCH_DIALECT;
const coords = { host: process.env.BENCH_HOST, port: Number(process.env.BENCH_PORT), database: process.env.BENCH_DB };

/** the raw driver object */
export async function driver() {
  if (d === 'postgres') {
    const pg = (await import('pg')).default;
    const client = new pg.Client({ ...coords, user: 'postgres' });
    await client.connect();
    return client;
  }
  if (d === 'mysql') {
    const mysql = await import('mysql2/promise');
    return mysql.createConnection({ ...coords, user: 'root' });
  }
  const Database = (await import('better-sqlite3')).default;
  return new Database(process.env.BENCH_DB);
}

/** exec(sql), rows(sql), close() over the driver */
export async function connect() {
  const raw = await driver();
  if (d === 'postgres') return { raw, exec: (s) => raw.query(s), rows: async (s) => (await raw.query(s)).rows, close: () => raw.end() };
  if (d === 'mysql') return { raw, exec: (s) => raw.query(s), rows: async (s) => (await raw.query(s))[0], close: () => raw.end() };
  return { raw, exec: async (s) => raw.exec(s), rows: async (s) => raw.prepare(s).all(), close: async () => raw.close() };
}
`;
