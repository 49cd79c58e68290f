// What the peers bench needs from each tool: write a project of N migrations for a dialect, and the
// commands that apply them and (where the tool has them) report heads/current/history.
import type { Database, Dialect } from './databases.js';
import type { Command } from './measure.js';

export type StartupCommand = 'heads' | 'current' | 'history';

export interface Tool {
  name: string;
  dialects: readonly Dialect[];
  /** why the tool cannot run on this machine, or null */
  unavailable(dialect?: Dialect): string | null;
  /** writes the project (migrations and config) for `count` migrations into `dir` */
  write(dir: string, dialect: Dialect, count: number): void;
  upgrade(dir: string, db: Database): Command;
  /** the tool's equivalent of athanor's start-up commands, where it has one */
  startup?: Partial<Record<StartupCommand, (dir: string, db: Database) => Command>>;
  /** marks the database as at head without running the migrations (for `current` on many revisions) */
  stamp?: (dir: string, db: Database) => Command;
}
