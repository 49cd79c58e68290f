// The CLI registers only the command a run names (the others are not even imported), and every command
// whenever that cannot be told for sure from the arguments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildProgram, commandsNeeded } from '../../src/cli/main.js';

const argv = (...args: string[]) => ['node', 'athanor', ...args];

test('a command named after plain global options is the only one loaded', () => {
  assert.deepEqual(commandsNeeded(argv('heads')), ['heads']);
  assert.deepEqual(commandsNeeded(argv('-v', '-c', 'cfg.ts', '--url', 'sqlite:x.db', 'upgrade', '--sql')), ['upgrade']);
  assert.deepEqual(commandsNeeded(argv('--config=cfg.ts', '--url=sqlite:x.db', 'history', '-r', 'a:b')), ['history']);
  // a value that happens to be a command name is the value
  assert.deepEqual(commandsNeeded(argv('-c', 'heads', 'history')), ['history']);
});

test('help, typos, unknown options and no command load every command; --version none', () => {
  const all = commandsNeeded(argv('--help'));
  assert.ok(all.length > 15 && all.includes('heads') && all.includes('lint'));
  for (const args of [[], ['help', 'heads'], ['-h', 'heads'], ['head'], ['-x', 'heads'], ['-vc', 'cfg.ts', 'heads'], ['--', 'heads']]) {
    assert.deepEqual(commandsNeeded(argv(...args)), all, args.join(' '));
  }
  assert.deepEqual(commandsNeeded(argv('--version')), []);
  assert.deepEqual(commandsNeeded(argv('-v', '-V', 'heads')), []);
});

test('the program for one command has that command only; without arguments, all in help order', async () => {
  assert.deepEqual((await buildProgram({ code: 0 }, argv('-v', 'heads'))).commands.map((c) => c.name()), ['heads']);
  const names = (await buildProgram({ code: 0 })).commands.map((c) => c.name());
  assert.deepEqual(names, commandsNeeded(argv()));
  assert.deepEqual(names.slice(0, 4), ['init', 'revision', 'migrate', 'upgrade']);
});
