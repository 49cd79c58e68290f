// The todo app's schema, as the seeds describe it: todos(id, description, completed).
import { table, t } from 'athanor';

export const todos = table('todos', {
  id: t.serial().primaryKey(),
  description: t.text().notNull(),
  completed: t.boolean().notNull().default(false),
});
