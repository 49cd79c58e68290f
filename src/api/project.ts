// A project = resolved config + the revision graph read from its migrations folder (headers only).
import type { ResolvedConfig } from '../config/types.js';
import { RevisionGraph } from '../revisions/graph.js';
import type { RevisionHeader } from '../revisions/header.js';
import { loadRevisions } from '../loader/revisions.js';

export interface Project {
  config: ResolvedConfig;
  graph: RevisionGraph;
  /** every migration file's header, as read from the folder */
  headers: readonly RevisionHeader[];
}

/** `loadsMigrations`: the caller loads migration modules next (esbuild may be started early for them). */
export async function openProject(config: ResolvedConfig, options: { loadsMigrations?: boolean } = {}): Promise<Project> {
  const headers = await loadRevisions(config.migrationsDir, { prestartCompiler: options.loadsMigrations === true });
  return { config, graph: RevisionGraph.build(headers), headers };
}
