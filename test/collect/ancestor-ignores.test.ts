/**
 * A project folder inside a git work tree (a monorepo's package, one example of a collection) is
 * under the .gitignore files above it: `.env` at the repository's top covers `crews/trip/.env`.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ancestorIgnores } from '../../src/fs/gitignore.js';
import { gitignoreCovers } from '../../src/collect/files.js';
import { doctorOn } from '../helpers/doctor.js';
import { openaiKey } from '../helpers/keys.js';

const made: string[] = [];
after(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function repo(files: Record<string, string>): string {
  const top = mkdtempSync(join(tmpdir(), 'kd-ancestors-'));
  made.push(top);
  mkdirSync(join(top, '.git'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(top, rel, '..'), { recursive: true });
    writeFileSync(join(top, rel), text);
  }
  return top;
}

describe('.gitignore files above the project folder', () => {
  it('an unanchored rule applies as it is, an anchored one re-anchored under the folder, others left out', () => {
    const top = repo({
      '.gitignore': '.env\n/crews/trip/secrets.txt\napps/*/build/\n!keep.env\n',
      'crews/.gitignore': 'trip/local/\n',
      'crews/trip/main.py': 'print(1)\n',
    });
    const root = join(top, 'crews', 'trip');
    const home = join(top, 'not-home');
    assert.equal(ancestorIgnores(root, { home, env: {} }).length, 2);
    assert.equal(gitignoreCovers(root, '.env'), true);
    assert.equal(gitignoreCovers(root, 'sub/.env'), true);
    assert.equal(gitignoreCovers(root, 'secrets.txt'), true);
    assert.equal(gitignoreCovers(root, 'local/x.txt'), true);
    assert.equal(gitignoreCovers(root, 'keep.env'), false);
    assert.equal(gitignoreCovers(root, 'main.py'), false);
    // the folder is the work tree's top: its own rules only (as before)
    assert.deepEqual(ancestorIgnores(top, { home, env: {} }), []);
  });
  it('the home folder is never a work tree top (a dotfiles repository ignoring everything)', () => {
    const home = repo({ '.gitignore': '*\n', 'code/app/main.py': 'print(1)\n' });
    assert.deepEqual(ancestorIgnores(join(home, 'code', 'app'), { home, env: {} }), []);
  });
  it("the doctor run in the folder: a .env the repository's .gitignore covers is not reported as committable", async () => {
    const top = repo({ '.gitignore': '.env\n' });
    const key = openaiKey('proj', 'ancestors');
    const r = await doctorOn({
      '.env': `OPENAI_API_KEY=${key}\n`,
      'main.py':
        'from dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nprint(OpenAI().models.list())\n',
      'requirements.txt': 'openai\npython-dotenv\n',
    });
    assert.ok(r.ids.includes('dotenv-not-ignored'), 'outside any repository it is reported');
    // the same project as a folder of `top`
    const inside = join(top, 'crews', 'trip');
    mkdirSync(inside, { recursive: true });
    for (const f of ['.env', 'main.py', 'requirements.txt'])
      writeFileSync(
        join(inside, f),
        f === '.env'
          ? `OPENAI_API_KEY=${key}\n`
          : f === 'main.py'
            ? 'from dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nprint(OpenAI().models.list())\n'
            : 'openai\npython-dotenv\n',
      );
    const { runDiagnosis } = await import('../../src/pipeline/diagnose.js');
    const d = await runDiagnosis({
      root: inside,
      home: join(top, 'home'),
      env: { PATH: process.env.PATH ?? '' },
      offline: true,
    });
    assert.ok(!d.findings.some((f) => f.id === 'dotenv-not-ignored'), d.findings.map((f) => f.id).join(', '));
  });
});
