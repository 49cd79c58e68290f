// How revisions print on a terminal, in the spirit of `alembic history`.
import { relative } from 'node:path';
import type { RevisionInfo } from '../api/inspect.js';
import { colors, type Colors } from './io.js';

function tags(info: RevisionInfo, currentSet?: ReadonlySet<string>): string {
  const list: string[] = [];
  if (info.isHead) list.push(info.isEffectiveHead ? 'effective head' : 'head');
  if (currentSet?.has(info.revision)) list.push('current');
  if (info.isBranchPoint) list.push('branchpoint');
  if (info.isMergePoint) list.push('mergepoint');
  if (info.branchLabels.length) list.push(`${info.branchLabels.length === 1 ? 'label' : 'labels'}: ${info.branchLabels.join(', ')}`);
  return list.length ? ` (${list.join(', ')})` : '';
}

/** `palette`: the colours, when the caller prints many lines (looking them up reads the environment) */
export function revisionLine(info: RevisionInfo, currentSet?: ReadonlySet<string>, palette: Colors = colors()): string {
  const parents = info.downRevisions.length ? info.downRevisions.join(', ') : '<base>';
  // dependsOn after the parents, as Alembic's history prints them: `9999cccc (left) -> 0e0e0e0e`
  const from = info.dependsOn.length ? `${parents} (${info.dependsOn.join(', ')})` : parents;
  return `${from} -> ${palette.bold(info.revision)}${palette.cyan(tags(info, currentSet))}, ${info.message ?? ''}`;
}

export function revisionDetails(info: RevisionInfo, currentSet?: ReadonlySet<string>, palette: Colors = colors()): string {
  const lines = [
    `Revision: ${palette.bold(info.revision)}${palette.cyan(tags(info, currentSet))}`,
    `Parent: ${info.downRevisions.length ? info.downRevisions.join(', ') : '<base>'}`,
  ];
  if (info.children.length) lines.push(`Children: ${info.children.join(', ')}`);
  if (info.dependsOn.length) lines.push(`Depends on: ${info.dependsOn.join(', ')}`);
  if (info.branchLabels.length) lines.push(`Branch labels: ${info.branchLabels.join(', ')}`);
  lines.push(`Path: ${relative(process.cwd(), info.file) || info.file}`, '', `    ${info.message ?? ''}`, '');
  return lines.join('\n');
}

/** A child under a branch point in `branches`: the id and the labels it carries, as Alembic lists it. */
export function branchLine(info: RevisionInfo, palette: Colors = colors()): string {
  const labels = info.branchLabels.length ? palette.cyan(` (${info.branchLabels.length === 1 ? 'label' : 'labels'}: ${info.branchLabels.join(', ')})`) : '';
  return `    -> ${info.revision}${labels}`;
}

export function infoJson(info: RevisionInfo): Record<string, unknown> {
  return { ...info, file: relative(process.cwd(), info.file) || info.file };
}
