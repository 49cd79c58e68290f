// Runs printed migration code against the real DSL and the real `op` object, recording the operations
// it produces (not a test file itself).
import { Op } from '../../src/operations/op.js';
import type { Operation } from '../../src/operations/types.js';
import { check, enumType, foreignKey, index, primaryKey, t, unique, uniqueIndex } from '../../src/schema/dsl.js';

const DSL = { t, index, uniqueIndex, unique, check, primaryKey, foreignKey, enumType };

type AsyncFn = (...args: unknown[]) => Promise<void>;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => AsyncFn;

export async function runPrinted(code: string): Promise<Operation[]> {
  const recorded: Operation[] = [];
  const op = new Op({
    dialect: 'postgres',
    run: async (o) => {
      recorded.push(o);
    },
    query: async (sql, params) => {
      recorded.push({ kind: 'execute', sql, ...(params ? { params } : {}) });
      return [];
    },
  });
  const names = Object.keys(DSL);
  await new AsyncFunction('op', ...names, code)(op, ...Object.values(DSL));
  await op.settle();
  return recorded;
}
