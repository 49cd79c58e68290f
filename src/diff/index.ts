// The schema diff: pure (from, to) → Operation[].
export { applyOperations } from './apply.js';
export { diffSchemas } from './diff.js';
export { deepEqual } from './equal.js';
export { schemaDifferences } from './differences.js';
export { creationOrder, type CreationPlan } from './order.js';
export type { DiffOptions, DiffResult, RenameCandidate, RenameDecisions, SqlQuoting } from './types.js';
export { lockSafeOperations, type LockSafeResult } from './safe.js';
export { withWrittenForms } from './written-forms.js';
