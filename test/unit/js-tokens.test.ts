// What the op-call reader sees of migration source: string and template values, nothing from inside `${}`,
// regular expressions kept apart from division, comments dropped, positions for line numbers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tokenize } from '../../src/lint/js-tokens.js';

const kinds = (text: string) => tokenize(text).map((t) => `${t.kind}:${t.value ?? t.text}`);

test('strings and plain templates carry their values, escapes read', () => {
  assert.deepEqual(kinds(`op.execute('it\\'s', "a\\tb", \`x\\u{41}\`)`), ['name:op', 'punct:.', 'name:execute', 'punct:(', "str:it's", 'punct:,', 'str:a\tb', 'punct:,', 'tpl:xA', 'punct:)']);
});

test("a template with ${} is one token with no value, whatever its substitutions hold (nested templates too)", () => {
  assert.deepEqual(kinds('f(`a${g(`b${c}`)}d`, 1)'), ['name:f', 'punct:(', 'tpl:`a${', 'punct:,', 'num:1', 'punct:)']);
});

test('a regular expression is not division, comments are dropped, positions are offsets', () => {
  const tokens = tokenize('x = a / b; // note\ny = /ab+c/g.test(s) /* c */');
  assert.deepEqual(tokens.map((t) => t.kind), ['name', 'punct', 'name', 'punct', 'name', 'punct', 'name', 'punct', 'regex', 'punct', 'name', 'punct', 'name', 'punct']);
  assert.equal(tokens.find((t) => t.kind === 'regex')?.start, 23);
});

test('a malformed escape reads as nothing instead of throwing', () => {
  assert.deepEqual(kinds("'a\\u{zz}b'"), ['str:ab']);
});
