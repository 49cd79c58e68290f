// TypeScript's verdict on generated models files (pulled DSL or Drizzle schemas), strict, one program for all of
// them (a program costs ~30 s); `paths` maps module names (e.g. `athanor` to this repository's source).
import ts from 'typescript';

export function typeErrors(files: string[], paths?: Record<string, string[]>, baseUrl?: string): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    skipLibCheck: true,
    types: [],
    ...(baseUrl !== undefined ? { baseUrl } : {}),
    ...(paths !== undefined ? { paths } : {}),
  });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file !== undefined && files.includes(d.file.fileName))
    .map((d) => `${d.file?.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}
