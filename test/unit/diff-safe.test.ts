// safe: true's SET NOT NULL on an existing column goes through a validated helper CHECK whose name athanor
// makes: it is cut as the dialect's identifierLimit says (PostgreSQL keeps 63 bytes, at a character boundary),
// so the VALIDATE and DROP that name it find the constraint the database created, and the column is quoted by
// the dialect.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { postgresDialect } from '../../src/dialects/postgres/index.js';
import { fitIdentifier } from '../../src/dialects/shared/identifier-limit.js';
import { lockSafeOperations } from '../../src/diff/safe.js';
import type { Operation } from '../../src/operations/types.js';
import { col, tableSpec } from '../support/specs.js';

const rules = { quoteIdent: (name: string) => postgresDialect.quoteIdent(name), fitName: (name: string) => fitIdentifier(name, postgresDialect.identifierLimit) };

describe('lock-safe SET NOT NULL', () => {
  test('the helper check of a long non-ASCII table name fits 63 bytes, whole characters, and every step names it alike', () => {
    const table = 'überlange_tabelle_für_bestellungen_mit_vielen_ümlauten';
    const from = { tables: [tableSpec({ name: table, columns: [col('Done', { name: 'boolean' })] })], enums: [] };
    const ops: Operation[] = [{ kind: 'alterColumn', table: { name: table }, column: 'Done', changes: { nullable: false } }];
    const { operations, nonTransactional } = lockSafeOperations(ops, from, rules);
    assert.equal(nonTransactional, true);
    const [create, validate, , drop] = operations;
    assert.equal(create?.kind, 'createCheckConstraint');
    const name = create?.kind === 'createCheckConstraint' ? create.constraint.name : '';
    assert.ok(Buffer.byteLength(name, 'utf8') <= 63, `${name} is ${Buffer.byteLength(name, 'utf8')} bytes`);
    assert.ok(`${table}_Done_not_null`.startsWith(name) && !name.includes('\uFFFD'));
    assert.equal(validate?.kind === 'validateConstraint' ? validate.name : '', name);
    assert.equal(drop?.kind === 'dropConstraint' ? drop.name : '', name);
    assert.equal(create?.kind === 'createCheckConstraint' ? create.constraint.expression : '', '"Done" IS NOT NULL');
  });

  test('fitIdentifier: unchanged within the limit or without one; MySQL counts characters', () => {
    assert.equal(fitIdentifier('short', postgresDialect.identifierLimit), 'short');
    assert.equal(fitIdentifier('é'.repeat(100), undefined), 'é'.repeat(100));
    assert.equal(fitIdentifier('é'.repeat(100), postgresDialect.identifierLimit), 'é'.repeat(31));
    assert.equal(fitIdentifier('é'.repeat(100), { max: 64, unit: 'characters', database: 'MySQL', fate: '' }), 'é'.repeat(64));
  });
});
