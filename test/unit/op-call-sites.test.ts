import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Op, type CallSite, type OperationSink } from '../../src/operations/op.js';
import type { Operation } from '../../src/operations/types.js';
import { t } from '../../src/schema/dsl.js';

function recordingSink(wantsCallSites: boolean): OperationSink & { sites: Array<CallSite | undefined> } {
  const sites: Array<CallSite | undefined> = [];
  return {
    dialect: 'postgres',
    wantsCallSites,
    sites,
    async run(_op: Operation, site?: CallSite) {
      sites.push(site);
    },
    async query(_sql: string, _params?: readonly unknown[], site?: CallSite) {
      sites.push(site);
      return [];
    },
  };
}

/** The line this is called from, read off a stack as positionInStack reads it. */
function thisLine(): number {
  const frame = (new Error().stack ?? '').split('\n')[2] ?? '';
  return Number(/:(\d+):\d+\)?$/.exec(frame)?.[1]);
}

test("an op call's site is the stack at the call, read after the call has returned", async () => {
  const sink = recordingSink(true);
  const op = new Op(sink);
  const line = thisLine() + 1;
  await op.createTable('a', { id: t.integer() });
  await op.execute('SELECT 1');
  const [site, second] = sink.sites;
  assert.ok(site && second);
  const frames = site.stack.split('\n').filter((l) => l.includes('op-call-sites.test.ts'));
  assert.match(frames[0] ?? '', new RegExp(`:${line}:\\d+\\)?$`), site.stack);
  assert.notEqual(second.stack, site.stack);
});

test('no site is taken when the sink does not want one', async () => {
  const sink = recordingSink(false);
  await new Op(sink).execute('SELECT 1');
  assert.deepEqual(sink.sites, [undefined]);
});

test('calls split into several operations share one site', async () => {
  const sink = recordingSink(true);
  await new Op(sink).addColumn('a', 'b', t.integer().unique());
  assert.equal(sink.sites.length, 2);
  assert.equal(sink.sites[0], sink.sites[1]);
});
