/**
 * Files reached by odd paths: a symlinked `.env` (followed inside the project or HOME, a note
 * elsewhere) and a compose `env_file:` given as an absolute path.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { diagnose } from '../../src/pipeline/diagnose.js';
import type { Report } from '../../src/report/report.js';
import { tempProject, type TempProject, type Tree } from '../helpers/project.js';
import { openaiKey } from '../helpers/keys.js';

const made: TempProject[] = [];
after(() => {
  for (const p of made) p.cleanup();
});

const app = 'from dotenv import load_dotenv\nload_dotenv()\nfrom openai import OpenAI\nc = OpenAI()\n';
const key = openaiKey('proj', 'odd-paths');
const canLink = process.platform !== 'win32';

async function run(
  files: Tree,
  prepare: (p: TempProject) => void,
  home: Tree = {},
): Promise<{ report: Report; ids: string[]; notes: string[]; p: TempProject }> {
  const p = tempProject(files, home);
  made.push(p);
  prepare(p);
  const report = await diagnose({
    root: p.root,
    home: p.home,
    env: { PATH: process.env.PATH ?? '', HOME: p.home },
    offline: true,
  });
  return {
    report,
    ids: report.findings.map((f) => f.id),
    notes: report.notes.map((n) => `${n.path ?? ''}: ${n.message}`),
    p,
  };
}

describe('a symlinked .env', { skip: !canLink && 'symbolic links' }, () => {
  it('pointing inside the project is read through the link: no key-missing, no dotenv-not-loaded, exposure judged on the target', async () => {
    const r = await run(
      { 'config/dev.env': `OPENAI_API_KEY=${key}\n`, 'app.py': app, '.gitignore': 'config/\n' },
      (p) => symlinkSync('config/dev.env', join(p.root, '.env')),
    );
    assert.ok(!r.ids.includes('key-missing'), r.ids.join(', '));
    assert.ok(!r.ids.includes('dotenv-not-loaded'), r.ids.join(', '));
    // git commits the link, not the key: .env itself is no exposure.
    assert.ok(!r.report.findings.some((f) => f.id === 'dotenv-not-ignored' && f.location?.path === '.env'));
    const t = r.report.targets.find((x) => x.label.includes('app.py'));
    assert.ok(JSON.stringify(t).includes('.env'), 'the target reads .env');
  });

  it('pointing into HOME is followed', async () => {
    const r = await run(
      { 'app.py': app },
      (p) => symlinkSync(join(p.home, 'secrets', 'proj.env'), join(p.root, '.env')),
      { 'secrets/proj.env': `OPENAI_API_KEY=${key}\n` },
    );
    assert.ok(!r.ids.includes('key-missing'), r.ids.join(', '));
  });

  it('pointing elsewhere, or nowhere, is a note naming the link (never read)', async () => {
    const r = await run({ 'app.py': app }, (p) => {
      mkdirSync(join(p.dir, 'elsewhere'));
      writeFileSync(join(p.dir, 'elsewhere', 'x.env'), `OPENAI_API_KEY=${key}\n`);
      symlinkSync(join(p.dir, 'elsewhere', 'x.env'), join(p.root, '.env'));
      symlinkSync('missing.env', join(p.root, '.env.local'));
    });
    assert.ok(
      r.notes.some(
        (n) => n.startsWith('.env: a symbolic link to') && n.includes('outside the project and your home folder'),
      ),
      r.notes.join(' | '),
    );
    assert.ok(
      r.notes.some((n) => n.startsWith('.env.local: a symbolic link that leads nowhere')),
      r.notes.join(' | '),
    );
  });

  it('a symlinked folder is still never walked (no loops)', async () => {
    const r = await run({ 'app.py': app, 'sub/.env': `OPENAI_API_KEY=${key}\n` }, (p) =>
      symlinkSync('..', join(p.root, 'sub', 'loop')),
    );
    assert.ok(r.report.findings.every((f) => f.id !== 'internal-error'));
  });
});

describe('compose env_file given as an absolute path', () => {
  it('an existing absolute file is read (inside or outside the project), a missing one is reported', async () => {
    const r = await run({ 'app.env': 'OPENAI_API_KEY=sk-your-key-here\n' }, (p) => {
      writeFileSync(join(p.dir, 'outside.env'), 'OPENAI_API_KEY=sk-your-key-here\n');
      writeFileSync(
        join(p.root, 'docker-compose.yml'),
        `services:\n  api:\n    image: x\n    env_file: [${join(p.root, 'app.env')}]\n  web:\n    image: y\n    env_file: ${join(p.dir, 'outside.env')}\n  gone:\n    image: z\n    env_file: ${join(p.dir, 'nope.env')}\n`,
      );
    });
    const missing = r.report.findings.filter((f) => f.id === 'compose-env-file-missing');
    assert.equal(missing.length, 1, missing.map((f) => f.message).join(' | '));
    assert.match(missing[0]?.message ?? '', /nope\.env/);
    // Both existing files were read: the placeholder they hold reaches the services.
    const placeholders = r.report.findings.filter((f) => f.id === 'key-placeholder').map((f) => f.location?.path ?? '');
    assert.ok(
      placeholders.some((x) => x === 'app.env'),
      placeholders.join(', '),
    );
    assert.ok(
      placeholders.some((x) => x.endsWith('outside.env')),
      placeholders.join(', '),
    );
  });
});
