// Typos in the DSL's namespaces (t.varchr) are named with the closest real name.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { t } from '../../src/schema/columns.js';
import { closestName } from '../../src/schema/strict-namespace.js';

describe('t: a name it lacks is a typo, said with the closest column type', () => {
  test('misspellings suggest the type meant', () => {
    const typeOf = (name: string) => () => (t as unknown as Record<string, () => unknown>)[name]?.();
    assert.throws(typeOf('varchr'), { message: 't.varchr is not a column type (did you mean varchar?)' });
    assert.throws(typeOf('booleen'), { message: 't.booleen is not a column type (did you mean boolean?)' });
    assert.throws(typeOf('Integer'), { message: 't.Integer is not a column type (did you mean integer?)' });
    assert.throws(typeOf('geography'), { message: 't.geography is not a column type' });
  });

  test('real names, and what tools probe on any object, still work', async () => {
    assert.equal(typeof t.varchar, 'function');
    assert.equal((t as unknown as { then?: unknown }).then, undefined);
    assert.equal(await Promise.resolve(t), t);
    assert.ok(Object.keys(t).includes('jsonb'));
  });

  test('closestName keeps far-off names to itself', () => {
    assert.equal(closestName('bolean', ['boolean', 'bigint']), 'boolean');
    assert.equal(closestName('xyz', ['boolean', 'bigint']), undefined);
  });
});
