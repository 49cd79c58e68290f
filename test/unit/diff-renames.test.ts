import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { diffSchemas } from '../../src/diff/diff.js';
import { col, entity, fk, schema } from './diff-fixtures.js';

describe('diffSchemas: table renames', () => {
  const from = schema([entity('todos', [col('title', 'text')])]);
  // the models' constraint names follow the table name; the shape (columns) is what matters
  const to = schema([entity('tasks', [col('title', 'text')])]);

  test('a dropped and an added table of the same shape are a candidate, and nothing is generated yet', () => {
    const result = diffSchemas(from, to);
    assert.deepEqual(result.operations, []);
    assert.deepEqual(result.renameCandidates, [{ kind: 'table', table: 'todos', from: 'todos', to: 'tasks' }]);
  });

  test('different shapes are no candidate: drop + create', () => {
    const result = diffSchemas(from, schema([entity('tasks', [col('title', 'varchar')])]));
    assert.deepEqual(result.renameCandidates, []);
    assert.deepEqual(result.operations.map((o) => o.kind), ['dropTable', 'createTable'], 'drop first: the new table may reuse index and constraint names');
    assert.deepEqual(result.destructive, ['drop table todos']);
  });

  test('a decided rename becomes renameTable; the constraint renamed by the models follows', () => {
    const result = diffSchemas(from, to, { renames: { tables: { todos: 'tasks' } } });
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.operations.map((o) => o.kind), ['renameTable', 'dropConstraint', 'createPrimaryKey']);
    assert.deepEqual(result.operations[0], { kind: 'renameTable', table: { name: 'todos' }, newName: 'tasks' });
    assert.deepEqual(result.destructive, []);
  });

  test('foreign keys of other tables follow a renamed table', () => {
    const withRef = (name: string) =>
      schema([entity(name, [], { primaryKey: { name: 'pk', columns: ['id'] } }), entity('notes', [col('todo_id', 'integer')], { foreignKeys: [fk('notes', 'todo_id', name)] })]);
    const result = diffSchemas(withRef('todos'), withRef('tasks'), { renames: { tables: { todos: 'tasks' } } });
    assert.deepEqual(result.operations, [{ kind: 'renameTable', table: { name: 'todos' }, newName: 'tasks' }]);
  });

  test('a declined candidate is dropped and created', () => {
    const result = diffSchemas(from, to, { renames: { declined: ['todos'] } });
    assert.deepEqual(result.renameCandidates, []);
    assert.deepEqual(result.operations.map((o) => o.kind), ['dropTable', 'createTable'], 'drop first: the new table may reuse index and constraint names');
  });

  test('a rename that does not match the schemas is a problem', () => {
    const result = diffSchemas(from, to, { renames: { tables: { todos: 'nope', ghosts: 'tasks' } } });
    assert.deepEqual(result.operations, []);
    assert.deepEqual(result.problems, [
      'rename todos → nope: the models add no table nope',
      'rename ghosts → tasks: the models do not drop a table ghosts',
    ]);
  });

  test('schema-qualified names', () => {
    const a = schema([{ ...entity('todos', [col('t', 'text')]), schema: 'app' }]);
    const b = schema([{ ...entity('todos_v2', [col('t', 'text')], { primaryKey: { name: 'todos_pkey', columns: ['id'] } }), schema: 'app' }]);
    assert.deepEqual(diffSchemas(a, b).renameCandidates, [{ kind: 'table', table: 'app.todos', from: 'app.todos', to: 'app.todos_v2' }]);
    const decided = diffSchemas(a, b, { renames: { tables: { 'app.todos': 'app.todos_v2' } } });
    assert.deepEqual(decided.operations, [{ kind: 'renameTable', table: { schema: 'app', name: 'todos' }, newName: 'todos_v2' }]);
  });
});

describe('diffSchemas: column renames', () => {
  const from = schema([entity('todos', [col('notes', 'text'), col('n', 'integer')], { indexes: [{ name: 'ix_notes', parts: [{ column: 'notes' }] }] })]);
  const to = schema([entity('todos', [col('details', 'text', { nullable: false }), col('m', 'bigint')], { indexes: [{ name: 'ix_notes', parts: [{ column: 'details' }] }] })]);

  test('a dropped and an added column of the same type are a candidate', () => {
    const result = diffSchemas(from, to);
    assert.deepEqual(result.operations, []);
    assert.deepEqual(result.renameCandidates, [{ kind: 'column', table: 'todos', from: 'notes', to: 'details' }]);
  });

  test('decided: alterColumn {name} first, then the other changes address the new name; the index follows', () => {
    const result = diffSchemas(from, to, { renames: { columns: { 'todos.notes': 'details' } }, backfill: { 'todos.details': '' } });
    assert.deepEqual(result.problems, []);
    assert.deepEqual(
      result.operations.map((o) => (o.kind === 'alterColumn' || o.kind === 'dropColumn' ? `${o.kind} ${o.column}` : o.kind)),
      ['alterColumn notes', 'execute', 'alterColumn details', 'addColumn', 'dropColumn n'],
    );
    assert.deepEqual(result.operations[0], { kind: 'alterColumn', table: { name: 'todos' }, column: 'notes', changes: { name: 'details' } });
    assert.deepEqual(result.destructive, ['drop column todos.n']);
  });

  test('declined: drop + add', () => {
    const result = diffSchemas(from, to, { renames: { declined: ['todos.notes'] } });
    assert.deepEqual(result.renameCandidates, []);
    assert.match(result.problems[0] ?? '', /todos\.details is NOT NULL with no default/);
  });

  test('a column rename in a renamed table uses the new table name', () => {
    const a = schema([entity('todos', [col('notes', 'text')])]);
    const b = schema([entity('tasks', [col('details', 'text')], { primaryKey: { name: 'todos_pkey', columns: ['id'] } })]);
    // the shapes differ (a column changed name), so only an explicit table rename links them
    assert.deepEqual(diffSchemas(a, b).renameCandidates, []);
    const second = diffSchemas(a, b, { renames: { tables: { todos: 'tasks' } } });
    assert.deepEqual(second.renameCandidates, [{ kind: 'column', table: 'tasks', from: 'notes', to: 'details' }]);
    const third = diffSchemas(a, b, { renames: { tables: { todos: 'tasks' }, columns: { 'tasks.notes': 'details' } } });
    assert.deepEqual(third.operations, [
      { kind: 'renameTable', table: { name: 'todos' }, newName: 'tasks' },
      { kind: 'alterColumn', table: { name: 'tasks' }, column: 'notes', changes: { name: 'details' } },
    ]);
  });

  test('a decided column rename that does not fit is a problem', () => {
    const result = diffSchemas(from, to, { renames: { columns: { 'todos.notes': 'nope', 'todos.ghost': 'x' } } });
    assert.deepEqual(result.problems.slice(0, 2), [
      'rename todos.notes → nope: the models add no column todos.nope',
      'rename todos.ghost → x: the models do not drop a column todos.ghost',
    ]);
    assert.deepEqual(result.operations, []);
  });
});
