// Loaded (--import) by scripts/run-tests.mjs when CI is set: property tests use one fixed fast-check seed there,
// so whether a submission lands never depends on chance. Locally the seeds stay random, to keep exploring;
// ATHANOR_FC_SEED=N replays or pins one anywhere.
import fc from 'fast-check';

const seed = Number(process.env['ATHANOR_FC_SEED'] ?? 20261122);
fc.configureGlobal({ seed });
