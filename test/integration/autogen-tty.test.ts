// On a terminal, `migrate` asks whether a dropped+added column is a rename (a real pseudo-terminal via script(1)).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BIN, createProject, type TestProject } from '../support/project.js';
import { onlyOn, postgresTarget, type TestDatabase } from '../support/targets.js';

function onTerminal(command: string, cwd: string, answer: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd, env: { ...process.env, DATABASE_URL: '' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (/\(Y\/n\)/.test(out) && answer) {
        child.stdin.write(answer);
        answer = '';
      }
    });
    child.on('error', reject);
    child.on('close', () => resolve(out));
  });
}

describe('rename prompt on a terminal (PostgreSQL)', onlyOn('postgres'), () => {
  let db: TestDatabase;
  let project: TestProject;

  before(async () => {
    db = await postgresTarget.create('tty');
    project = createProject(db.url, 'postgres');
    project.write('athanor.config.json', JSON.stringify({ dialect: 'postgres', models: './models.ts', url: db.url }));
    project.write('models.ts', `import { table, t } from 'athanor';\nexport const notes = table('notes', { id: t.serial().primaryKey(), body: t.text() });\n`);
    assert.equal((await project.cli(['migrate', '-m', 'notes'])).code, 0);
    assert.equal((await project.cli(['upgrade'])).code, 0);
  });
  after(async () => {
    project.remove();
    await db.drop();
  });

  test('answering yes writes a rename, not a drop', async () => {
    project.write('models.ts', `import { table, t } from 'athanor';\nexport const notes = table('notes', { id: t.serial().primaryKey(), content: t.text() });\n`);
    const out = await onTerminal(`${process.execPath} ${BIN} migrate -m rename`, project.dir, 'y\r');
    assert.match(out, /Was column notes\.body → notes\.content renamed\?/);
    const file = readdirSync(join(project.dir, 'migrations')).filter((f) => f.endsWith('_rename.ts'))[0];
    assert.ok(file, out);
    const text = readFileSync(join(project.dir, 'migrations', file), 'utf8');
    assert.match(text, /alterColumn\('notes', 'body', \{[^}]*newName: 'content'/);
    assert.doesNotMatch(text, /dropColumn\('notes', 'body'\)[\s\S]*export async function downgrade/);
  });
});
