// Suppression comments:
//   // athanor-lint-disable-next-line rule-id[, rule-id]   (the line right before the call)
//   // athanor-lint-disable rule-id[, rule-id]             (anywhere: the whole file)
// `--` instead of `//` in .sql files (either is accepted in both). Text after ` -- ` is a free reason.
import { ruleById } from './rules.js';

export interface Suppressions {
  /** rule ids disabled for the whole file */
  file: Set<string>;
  /** line number (1-based) → rule ids disabled on that line */
  lines: Map<number, Set<string>>;
  /** comments naming unknown rules (or none) */
  problems: Array<{ line: number; column: number; message: string }>;
}

const DIRECTIVE_RE = /(\/\/|--|\/\*)[ \t]*athanor-lint-disable(-next-line)?(?![\w-])(.*)$/;

export function parseSuppressions(text: string): Suppressions {
  const result: Suppressions = { file: new Set(), lines: new Map(), problems: [] };
  // most files have none: no need to split them into lines (upgrade's lint gate reads every pending migration)
  if (!text.includes('athanor-lint-disable')) return result;
  const lines = text.split(/\r\n?|\n/);
  lines.forEach((line, index) => {
    const match = DIRECTIVE_RE.exec(line);
    if (!match) return;
    const lineNumber = index + 1;
    const nextLine = match[2] !== undefined;
    let list = (match[3] ?? '').replace(/\*\/.*$/, '');
    const reason = list.search(/\s--\s|\s--$/);
    if (reason !== -1) list = list.slice(0, reason);
    const ids = list.split(/[\s,]+/).filter((id) => id !== '');
    const column = (match.index ?? 0) + 1;
    if (ids.length === 0) {
      result.problems.push({ line: lineNumber, column, message: `athanor-lint-disable${nextLine ? '-next-line' : ''} names no rule` });
      return;
    }
    const known = new Set<string>();
    for (const id of ids) {
      if (ruleById(id)) known.add(id);
      else result.problems.push({ line: lineNumber, column, message: `unknown rule '${id}' in athanor-lint-disable${nextLine ? '-next-line' : ''}` });
    }
    if (!nextLine) {
      for (const id of known) result.file.add(id);
      return;
    }
    const target = lineNumber + 1;
    const existing = result.lines.get(target) ?? new Set<string>();
    for (const id of known) existing.add(id);
    result.lines.set(target, existing);
  });
  return result;
}

export function isSuppressed(suppressions: Suppressions, rule: string, line: number | undefined): boolean {
  if (suppressions.file.has(rule)) return true;
  return line !== undefined && (suppressions.lines.get(line)?.has(rule) ?? false);
}
