#!/usr/bin/env node
import module from 'node:module';

// Node >= 22.1 keeps V8's compile of athanor's own modules between runs: every command starts faster
module.enableCompileCache?.();
const { main } = await import('../dist/cli/main.js');

process.exitCode = await main(process.argv);
