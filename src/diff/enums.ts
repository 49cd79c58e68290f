// Enum changes. New values can be added in place; removing or reordering values would need the type dropped
// and re-created with every column converted, which the diff refuses to do silently.
import type { Operation } from '../operations/types.js';
import type { EnumSpec } from '../schema/types.js';
import { deepEqual } from './equal.js';
import { displayName, enumRefOf, refKey } from './names.js';

export interface EnumDiff {
  /** createEnum and addEnumValue: before any table uses them */
  creates: Operation[];
  /** dropEnum: after every table stopped using them */
  drops: Operation[];
  problems: string[];
  destructive: string[];
}

/** `old` values appear in `next` in the same order (new values may sit anywhere between them). */
function keepsOrder(old: readonly string[], next: readonly string[]): boolean {
  let i = 0;
  for (const value of next) if (value === old[i]) i++;
  return i === old.length;
}

function addedValues(current: EnumSpec, target: EnumSpec): Operation[] {
  const existing = new Set(current.values);
  const ops: Operation[] = [];
  target.values.forEach((value, position) => {
    if (existing.has(value)) return;
    // placed before the next value that already exists; appended when none follows
    const nextOld = target.values.slice(position + 1).find((v) => existing.has(v));
    // IF NOT EXISTS: a migration edited and run again after the value went in does not fail on it
    ops.push({ kind: 'addEnumValue', enum: enumRefOf(target), value, ...(nextOld !== undefined ? { before: nextOld } : {}), ifNotExists: true });
  });
  return ops;
}

export function diffEnums(from: readonly EnumSpec[], to: readonly EnumSpec[]): EnumDiff {
  const result: EnumDiff = { creates: [], drops: [], problems: [], destructive: [] };
  const fromByKey = new Map(from.map((e) => [refKey(e), e]));
  const toKeys = new Set(to.map(refKey));
  for (const target of to) {
    const current = fromByKey.get(refKey(target));
    if (!current) {
      result.creates.push({ kind: 'createEnum', enum: target });
      continue;
    }
    if (deepEqual(current.values, target.values)) continue;
    if (keepsOrder(current.values, target.values)) {
      result.creates.push(...addedValues(current, target));
      continue;
    }
    const name = displayName(target);
    const change = `${current.values.join(', ')} → ${target.values.join(', ')}`;
    result.problems.push(
      `enum ${name}: values removed or reordered (${change}); an enum value cannot be dropped in place: ` +
        'write this migration by hand (e.g. create a new type and convert the columns)',
    );
    result.destructive.push(`remove or reorder values of enum ${name} (${change})`);
  }
  for (const current of from) {
    if (!toKeys.has(refKey(current))) result.drops.push({ kind: 'dropEnum', enum: enumRefOf(current), existing: current });
  }
  return result;
}
