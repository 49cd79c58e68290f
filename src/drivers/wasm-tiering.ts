// PGlite is 9 MB of WebAssembly. In a short run (a CLI command, seconds) V8's optimising tier spends more CPU
// compiling hot functions than they save: Liftoff alone halves a command's CPU and is no slower on a
// 150-table migration (docs/reports/issue-9-packaging.md). The flags are process-wide, so only the CLI asks for
// them (a program importing athanor keeps its engine as it is); they are set before PGlite compiles.
let wanted = false;
let applied = false;

/** Called by the CLI: this process is a short athanor run. */
export function preferBaselineWasm(): void {
  wanted = true;
}

/** Before the first PGlite start: turn optimising-tier compilation of WebAssembly off, if the CLI asked. */
export async function applyWasmTiering(): Promise<void> {
  if (!wanted || applied) return;
  applied = true;
  const { setFlagsFromString } = await import('node:v8');
  setFlagsFromString('--no-wasm-tier-up');
  setFlagsFromString('--no-wasm-dynamic-tiering');
}
