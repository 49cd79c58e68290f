// A query through Drizzle on the database athanor migrated (embedded PGlite in .athanor/pgdata).
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { PGlite } from '@electric-sql/pglite';
import { todos, users } from './db/schema.js';

const client = new PGlite('.athanor/pgdata');
const db = drizzle(client);
const [ada] = await db.insert(users).values({ email: 'ada@example.com' }).returning();
if (!ada) throw new Error('no user inserted');
await db.insert(todos).values([{ userId: ada.id, title: 'write the migration' }, { userId: ada.id, title: 'roll it back' }]);
const open = await db.select({ title: todos.title, status: todos.status }).from(todos).where(eq(todos.userId, ada.id));
console.log(open);
await client.close();
