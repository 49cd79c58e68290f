// Branch labels along their branch, as Alembic spreads them, through the CLI in a fresh project. The graph was
// built in Alembic 1.8.1 (Debian's python3-alembic, an sqlite env) with the same ids; every expectation below is
// what Alembic printed or left in alembic_version for it.
//   aaaa0001 ─ bbbb0002 ─┬─ cccc0003 [left] ─ dd220004 ─┐
//                        └─ cc110005 [right] ─ dd220006 ─┴─ eeee0007 (merge) ─ ffff0008
//   9999aaaa ─ 9999bbbb [other] ─ 9999cccc
// A second folder moves the labels: `bp` on the branch point, `left` on dd220004 (under the merge), `other` on
// 9999cccc with a 9999dddd above it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { freshProject, type FreshProject } from '../support/fresh-project.js';

type Spec = [id: string, down: string[], labels: string[]];

const MAIN: Spec[] = [
  ['aaaa0001', [], []],
  ['bbbb0002', ['aaaa0001'], []],
  ['cccc0003', ['bbbb0002'], ['left']],
  ['dd220004', ['cccc0003'], []],
  ['cc110005', ['bbbb0002'], ['right']],
  ['dd220006', ['cc110005'], []],
  ['eeee0007', ['dd220004', 'dd220006'], []],
  ['ffff0008', ['eeee0007'], []],
  ['9999aaaa', [], []],
  ['9999bbbb', ['9999aaaa'], ['other']],
  ['9999cccc', ['9999bbbb'], []],
];

const MOVED: Spec[] = [
  ['aaaa0001', [], []],
  ['bbbb0002', ['aaaa0001'], ['bp']],
  ['cccc0003', ['bbbb0002'], []],
  ['dd220004', ['cccc0003'], ['left']],
  ['cc110005', ['bbbb0002'], []],
  ['dd220006', ['cc110005'], ['right']],
  ['eeee0007', ['dd220004', 'dd220006'], []],
  ['ffff0008', ['eeee0007'], []],
  ['9999aaaa', [], []],
  ['9999bbbb', ['9999aaaa'], []],
  ['9999cccc', ['9999bbbb'], ['other']],
  ['9999dddd', ['9999cccc'], []],
];

function writeGraph(project: FreshProject, specs: Spec[]): void {
  for (const [id, down, labels] of specs) {
    const header = [`-- revision: ${id}`, `-- down-revision: ${down.join(', ')}`];
    if (labels.length > 0) header.push(`-- branch-labels: ${labels.join(', ')}`);
    project.write(`migrations/${id}_rev.sql`, [...header, `-- message: rev ${id}`, '-- +upgrade', `CREATE TABLE IF NOT EXISTS t_${id} (id integer);`, '-- +downgrade', `DROP TABLE IF EXISTS t_${id};`, ''].join('\n'));
  }
}

interface Info {
  revision: string;
  branchLabels: string[];
  declaredBranchLabels: string[];
  branches?: Info[];
}

async function json<T>(project: FreshProject, args: string[]): Promise<T> {
  const result = await project.cli([...args, '--json']);
  assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** revision → its labels, sorted (Alembic prints a set) */
function labelMap(infos: Info[]): Record<string, string[]> {
  return Object.fromEntries(infos.map((i) => [i.revision, [...i.branchLabels].sort()]));
}

describe('branch labels along the branch, as Alembic', () => {
  let project: FreshProject;
  before(async () => {
    project = await freshProject();
    writeGraph(project, MAIN);
  });
  after(async () => project.remove());

  test('history, heads, branches and show give each revision the labels Alembic gives it', async () => {
    // alembic history: the label on a branch's first revision reaches its head and past the merge; the label on
    // the second root's middle revision reaches down to its base
    assert.deepEqual(labelMap(await json<Info[]>(project, ['history'])), {
      aaaa0001: [],
      bbbb0002: [],
      cccc0003: ['left'],
      dd220004: ['left'],
      cc110005: ['right'],
      dd220006: ['right'],
      eeee0007: ['left', 'right'],
      ffff0008: ['left', 'right'],
      '9999aaaa': ['other'],
      '9999bbbb': ['other'],
      '9999cccc': ['other'],
    });
    const history = await project.cli(['history']);
    assert.match(history.stdout, /eeee0007 -> ffff0008 \(head, labels: right, left\)/);
    assert.match(history.stdout, /<base> -> 9999aaaa \(label: other\)/);
    assert.match(history.stdout, /cccc0003 -> dd220004 \(label: left\)/);

    // alembic heads: ffff0008 (right, left) (head); 9999cccc (other) (head)
    assert.deepEqual(labelMap(await json<Info[]>(project, ['heads'])), { ffff0008: ['left', 'right'], '9999cccc': ['other'] });

    // alembic branches: bbbb0002 (branchpoint) -> cc110005 (right) -> cccc0003 (left)
    const branches = await json<Info[]>(project, ['branches']);
    assert.deepEqual(branches.map((b) => [b.revision, labelMap(b.branches ?? [])]), [['bbbb0002', { cc110005: ['right'], cccc0003: ['left'] }]]);
    const text = await project.cli(['branches']);
    assert.match(text.stdout, /-> cc110005 \(label: right\)\n\s+-> cccc0003 \(label: left\)/);

    // alembic show: "Branch names: right, left" on the merge, "other" on the second base; declared where declared
    const merge = await json<Info>(project, ['show', 'eeee']);
    assert.deepEqual([...merge.branchLabels].sort(), ['left', 'right']);
    assert.deepEqual(merge.declaredBranchLabels, []);
    const shownBase = await project.cli(['show', '9999aaaa']);
    assert.match(shownBase.stdout, /Branch labels: other/);
    assert.deepEqual((await json<Info>(project, ['show', '9999bbbb'])).declaredBranchLabels, ['other']);
  });

  test('show LABEL@-N and -N walk down from the heads of the folder, as Alembic', async () => {
    // alembic show left@-1 / right@-1: eeee0007; other@-1: 9999bbbb; -1: eeee0007 and 9999bbbb
    assert.equal((await json<Info>(project, ['show', 'left@-1'])).revision, 'eeee0007');
    assert.equal((await json<Info>(project, ['show', 'right@-1'])).revision, 'eeee0007');
    assert.equal((await json<Info>(project, ['show', 'other@-1'])).revision, '9999bbbb');
    assert.deepEqual((await json<Info[]>(project, ['show', '-1'])).map((i) => i.revision).sort(), ['9999bbbb', 'eeee0007']);
    // alembic: "Ambiguous walk" (down off the merge)
    const ambiguous = await project.cli(['show', 'left@-2']);
    assert.equal(ambiguous.code, 2);
    assert.match(ambiguous.stderr, /ambiguous: eeee0007 is a merge/);
    // label@<partial id>: a prefix shared by both branches counts within the branch
    assert.equal((await json<Info>(project, ['show', 'left@dd22'])).revision, 'dd220004');
    assert.equal((await json<Info>(project, ['show', 'right@dd22'])).revision, 'dd220006');
  });

  test('history -r LOWER:BRANCH@+N walks up from LOWER along the branch, as Alembic', async () => {
    // alembic history -r cccc:left@+1 → dd220004, cccc0003; -r bbbb:right@+2 → dd220006, cc110005, bbbb0002
    assert.deepEqual((await json<Info[]>(project, ['history', '-r', 'cccc:left@+1'])).map((i) => i.revision), ['dd220004', 'cccc0003']);
    assert.deepEqual((await json<Info[]>(project, ['history', '-r', 'bbbb:right@+2'])).map((i) => i.revision), ['dd220006', 'cc110005', 'bbbb0002']);
    // alembic: "Requested range cc11:left@+1 does not refer to ancestor/descendant revisions along the same branch"
    assert.equal((await project.cli(['history', '-r', 'cc11:left@+1'])).code, 2);
  });

  test('current shows the labels its revisions carry', async () => {
    assert.equal((await project.cli(['upgrade', 'left@dd22'])).code, 0);
    const state = await json<{ revisions: Info[] }>(project, ['current']);
    assert.deepEqual(labelMap(state.revisions), { dd220004: ['left'] });
    assert.equal((await project.cli(['downgrade', 'base'])).code, 0);
  });

  test('targets move the database where Alembic moved alembic_version', async () => {
    const rows = async (): Promise<string[]> => [...(await json<{ heads: string[] }>(project, ['current'])).heads].sort();
    // [command, alembic_version after it in Alembic]
    const steps: Array<[string[], string[]]> = [
      [['upgrade', 'left@head'], ['ffff0008']],
      [['downgrade', 'left@-1'], ['eeee0007']],
      [['downgrade', 'base'], []],
      [['upgrade', 'other@+1'], ['9999aaaa']],
      [['upgrade', 'right@+1'], ['9999aaaa', 'aaaa0001']],
      [['upgrade', 'right@+2'], ['9999aaaa', 'cc110005']],
      [['upgrade', 'left@dd22'], ['9999aaaa', 'cc110005', 'dd220004']],
      [['downgrade', 'right@-1'], ['9999aaaa', 'dd220004']],
      [['upgrade', 'heads'], ['9999cccc', 'ffff0008']],
      [['downgrade', 'right@dd220006'], ['9999cccc', 'dd220004', 'dd220006']],
      [['stamp', 'left@head'], ['9999cccc', 'ffff0008']],
      [['downgrade', 'other@base'], ['ffff0008']],
    ];
    for (const [args, expected] of steps) {
      const result = await project.cli(args);
      assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
      assert.deepEqual(await rows(), [...expected].sort(), args.join(' '));
    }
    // Alembic's `downgrade left@base` undoes everything above aaaa0001 (the base left shares with right); athanor
    // undoes only the labelled branch, a documented difference (README, "Where athanor deliberately differs")
    const branchBase = await project.cli(['downgrade', 'left@base']);
    assert.equal(branchBase.code, 0, branchBase.stderr);
    assert.deepEqual(await rows(), ['dd220006']);
  });
});

describe('branch labels moved up the branch, as Alembic', () => {
  let project: FreshProject;
  before(async () => {
    project = await freshProject();
    writeGraph(project, MOVED);
  });
  after(async () => project.remove());

  test('a label reaches down only when its branch is one plain line above it', async () => {
    // alembic history for this folder: bp stays off aaaa0001 (bbbb0002 is a branch point); left, declared under
    // the merge, stays off cccc0003 (Alembic walks down from the last revision above it and stops at the merge);
    // other, with a plain line above it, reaches down to the base
    assert.deepEqual(labelMap(await json<Info[]>(project, ['history'])), {
      aaaa0001: [],
      bbbb0002: ['bp'],
      cccc0003: ['bp'],
      dd220004: ['bp', 'left'],
      cc110005: ['bp'],
      dd220006: ['bp', 'right'],
      eeee0007: ['bp', 'left', 'right'],
      ffff0008: ['bp', 'left', 'right'],
      '9999aaaa': ['other'],
      '9999bbbb': ['other'],
      '9999cccc': ['other'],
      '9999dddd': ['other'],
    });
    // alembic show other@-4: walks past base (Alembic crashes); athanor says so
    const below = await project.cli(['show', 'other@-4']);
    assert.equal(below.code, 2);
    assert.match(below.stderr, /not 4 revisions below the head 9999dddd/);
    // alembic history -r left@-1: → ffff0008, eeee0007
    assert.deepEqual((await json<Info[]>(project, ['history', '-r', 'left@-1:'])).map((i) => i.revision), ['ffff0008', 'eeee0007']);
  });
});

describe('revision and merge with labels, as Alembic', () => {
  let project: FreshProject;
  before(async () => {
    project = await freshProject();
    writeGraph(project, MAIN);
  });
  after(async () => project.remove());

  test('--depends-on LABEL keeps the label; a head another revision depends on is an effective head', async () => {
    // alembic revision -m dep --head other@head --depends-on left → depends_on = 'left'
    const dep = await project.cli(['revision', '-m', 'dep', '--head', 'other@head', '--depends-on', 'left', '--rev-id', '0e0e0e0e']);
    assert.equal(dep.code, 0, dep.stderr);
    const file = project.migrations().find((f) => f.includes('0e0e0e0e')) as string;
    assert.match(project.read(`migrations/${file}`), /dependsOn[^\n]*'left'/);
    // alembic revision -m dep3 --head other@head --depends-on left@head → depends_on = 'ffff0008' (an id)
    assert.equal((await project.cli(['revision', '-m', 'dep3', '--head', 'other@head', '--depends-on', 'left@head', '--rev-id', '01010101'])).code, 0);
    // alembic heads: "ffff0008 (left, right) (effective head)"; alembic history: "0e0e0e0e (ffff0008) -> 01010101"
    const heads = await project.cli(['heads']);
    assert.match(heads.stdout, /-> ffff0008 \(effective head, labels: right, left\)/);
    assert.match(heads.stdout, /0e0e0e0e \(ffff0008\) -> 01010101 \(head, label: other\)/);
    // alembic merge left@head other@head --branch-label joined: the merge carries every label of both lines
    assert.equal((await project.cli(['merge', 'left@head', 'other@head', '-m', 'join', '--branch-label', 'joined', '--rev-id', '1a1a1a1a'])).code, 0);
    const merged = await json<Info>(project, ['show', 'joined@head']);
    assert.equal(merged.revision, '1a1a1a1a');
    assert.deepEqual([...merged.branchLabels].sort(), ['joined', 'left', 'other', 'right']);
  });
});
