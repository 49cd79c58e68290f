// The schema diff: pure (from, to) → Operation[].
export { applyOperations } from './apply.js';
export { diffSchemas } from './diff.js';
export { deepEqual } from './equal.js';
export type { DiffOptions, DiffResult, RenameCandidate, RenameDecisions, SqlQuoting } from './types.js';
export { lockSafeOperations, type LockSafeResult } from './safe.js';
