/** The engine's rules: passes, circular fixes, overlaps, the areas it never edits, the CLI's options and exit codes. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { runDiagnosis } from '../../src/pipeline/diagnose.js';
import type { FindingDraft } from '../../src/core/types.js';
import { planFixes, runFix } from '../../src/fix/engine.js';
import { main } from '../../src/cli/main.js';
import { openaiKey } from '../helpers/keys.js';
import { tempProject } from '../helpers/project.js';
import { assertNoKey, fakeIO } from './helpers.js';
import type { Check } from '../../src/checks/types.js';

const K = openaiKey('proj', 'fix-engine');
const read = (p: string) => readFileSync(p, 'utf8');

/** A check whose fix edits `state.txt` by a rule (reads the disk: a test double, not a real check). */
function editingCheck(root: string, rule: (text: string) => string | undefined): Check {
  return {
    meta: { id: 'test-edit', title: 'test', severity: 'warning', area: 'value', docs: { what: '', why: '', fix: '' } },
    run() {
      const text = read(join(root, 'state.txt')).replace(/\n$/, '');
      const next = rule(text);
      if (next === undefined) return [];
      const f: FindingDraft = {
        id: 'test-edit',
        message: 'state',
        location: { path: 'state.txt', line: 1 },
        fix: {
          summary: `make it ${next}`,
          edit: { path: 'state.txt', line: 1, before: text, after: next },
          safe: true,
        },
      };
      return [f];
    },
  };
}

describe('fix: the engine', () => {
  it('stops on a circular fix (the files come back to an earlier state)', async () => {
    const p = tempProject({ 'state.txt': 'A\n' });
    try {
      const check = editingCheck(p.root, (t) => (t === 'A' ? 'B' : 'A'));
      const r = await runFix({
        root: p.root,
        home: p.home,
        env: { HOME: p.home },
        write: true,
        diagnose: (o) => runDiagnosis({ ...o, checks: [check] }),
      });
      assert.equal(r.stopped, 'circular');
      assert.equal(r.stoppedAt, 2, 'A → B → A is seen at the second pass');
      assert.equal(r.passes.length, 2);
    } finally {
      p.cleanup();
    }
  });

  it('runs at most 10 passes', async () => {
    const p = tempProject({ 'state.txt': 'x\n' });
    try {
      const check = editingCheck(p.root, (t) => (t.length < 40 ? `${t}x` : undefined));
      const r = await runFix({
        root: p.root,
        home: p.home,
        env: { HOME: p.home },
        write: true,
        diagnose: (o) => runDiagnosis({ ...o, checks: [check] }),
      });
      assert.equal(r.stopped, 'max-passes');
      assert.equal(r.passes.length, 10);
      assert.equal(read(join(p.root, 'state.txt')), `${'x'.repeat(11)}\n`);
    } finally {
      p.cleanup();
    }
  });

  it('keeps the first of overlapping fixes and plans the other again in the next pass', async () => {
    const p = tempProject(
      {
        '.env': `OPENAI_API_KEY=${K}\n`,
        'web/.env.local': `OPENAI_API_KEY=${K}\n`,
        'app.py': 'from dotenv import load_dotenv\nload_dotenv()\n',
        'requirements.txt': 'python-dotenv\n',
      },
      {},
      { git: true, commit: false },
    );
    try {
      const d = await runDiagnosis({ root: p.root, home: p.home, env: { HOME: p.home }, offline: true });
      const plan = planFixes(d);
      // both add a line at the end of the new .gitignore: the same place
      assert.equal(plan.fixes.filter((f) => f.display === '.gitignore').length, 1);
      assert.equal(plan.deferred.filter((f) => f.display === '.gitignore').length, 1);
      const r = await runFix({ root: p.root, home: p.home, env: { HOME: p.home }, write: true });
      assert.equal(read(join(p.root, '.gitignore')), '.env\n/web/.env.local\n');
      assert.equal(r.passes.length, 2);
    } finally {
      p.cleanup();
    }
  });

  it('never edits installed code, files outside the project, or a symlink out of it', async () => {
    const p = tempProject({ 'node_modules/x/.env': 'A=1\n', 'state.txt': 'A\n' }, { 'outside.txt': 'A\n' });
    try {
      for (const [path, re] of [
        ['node_modules/x/.env', /inside node_modules\//],
        ['../home/outside.txt', /outside the project/],
        ['link.txt', /symlink to .*outside the project/],
      ] as const) {
        if (path === 'link.txt') symlinkSync(join(p.home, 'outside.txt'), join(p.root, 'link.txt'));
        const check: Check = {
          meta: {
            id: 'test-edit',
            title: 't',
            severity: 'warning',
            area: 'value',
            docs: { what: '', why: '', fix: '' },
          },
          run: () => [
            {
              id: 'test-edit',
              message: 'x',
              fix: { summary: 's', edit: { path, line: 1, before: 'A', after: 'B' }, safe: true },
            },
          ],
        };
        const r = await runFix({
          root: p.root,
          home: p.home,
          env: { HOME: p.home },
          write: true,
          diagnose: (o) => runDiagnosis({ ...o, checks: [check] }),
        });
        assert.deepEqual(r.written, []);
        assert.match(r.refusals.map((x) => x.reason).join('\n'), re);
      }
      assert.equal(read(join(p.home, 'outside.txt')), 'A\n');
    } finally {
      p.cleanup();
    }
  });

  it('leaves a start-up file chezmoi manages alone, with the chezmoi command', async () => {
    const old = openaiKey('proj', 'engine-old');
    const p = tempProject(
      {
        '.env': `OPENAI_API_KEY=${K}\n`,
        '.gitignore': '.env\n',
        'app.py': 'from dotenv import load_dotenv\nload_dotenv()\nfrom openai import OpenAI\nc = OpenAI()\n',
        'requirements.txt': 'openai\npython-dotenv\n',
      },
      {
        '.zshrc': `export OPENAI_API_KEY=${old}\n`,
        '.local/share/chezmoi/private_dot_zshrc.tmpl': 'export OPENAI_API_KEY={{ .key }}\n',
      },
      { git: true },
    );
    try {
      const r = await runFix({
        root: p.root,
        home: p.home,
        env: { HOME: p.home, SHELL: '/bin/zsh', OPENAI_API_KEY: old },
        write: true,
        unsafe: true,
        only: ['key-shadowed'],
      });
      assert.deepEqual(r.written, []);
      const x = r.refusals.find((f) => f.finding.id === 'key-shadowed');
      assert.match(x?.reason ?? '', /~\/\.zshrc is left alone: it is managed by chezmoi/);
      assert.match(x?.instead ?? '', /chezmoi edit ~\/\.zshrc/);
    } finally {
      p.cleanup();
    }
  });
});

describe('fix: the command', () => {
  const project = () =>
    tempProject(
      {
        '.env': `OPENAI_API_KEY="${K}"\n`,
        '.gitignore': '.env\n',
        'run.sh': '#!/bin/sh\ndocker run --env-file .env app\n',
      },
      {},
      { git: true },
    );

  it('a dry run shows the diff with the key masked and exits 1; --yes writes and exits 0; a second run says nothing is left', async () => {
    const p = project();
    try {
      const io = fakeIO({ cwd: p.root, env: { HOME: p.home } });
      assert.equal(await main(['fix', '--no-color', '.'], io), 1);
      assert.match(io.out, /^-OPENAI_API_KEY="sk-proj-…[A-Za-z0-9_-]{4}"$/m);
      assert.match(io.out, /^\+OPENAI_API_KEY=sk-proj-…[A-Za-z0-9_-]{4}$/m);
      assert.match(io.out, /Nothing written \(a dry run\)/);
      assertNoKey(io.out, [K], 'the dry run');
      assert.equal(read(join(p.root, '.env')), `OPENAI_API_KEY="${K}"\n`);
      const yes = fakeIO({ cwd: p.root, env: { HOME: p.home } });
      assert.equal(await main(['fix', '--yes', '--no-color', '.'], yes), 0);
      assert.match(yes.out, /Wrote \.env \(backups in .*\.keydoctor\/backups\//);
      assert.equal(read(join(p.root, '.env')), `OPENAI_API_KEY=${K}\n`);
      const again = fakeIO({ cwd: p.root, env: { HOME: p.home } });
      assert.equal(await main(['fix', '--yes', '--no-color', '.'], again), 0);
      assert.match(again.out, /Nothing to fix: no change is needed/);
      const undo = fakeIO({ cwd: p.root, env: { HOME: p.home } });
      assert.equal(await main(['fix', '--undo', '--no-color', '.'], undo), 0);
      assert.match(undo.out, /restored \.env/);
      assert.equal(read(join(p.root, '.env')), `OPENAI_API_KEY="${K}"\n`);
      assert.equal(
        await main(['fix', '--undo', '.'], fakeIO({ cwd: p.root, env: { HOME: p.home } })),
        2,
        'nothing left to undo',
      );
    } finally {
      p.cleanup();
    }
  });

  it('--format json lists the planned edits (masked) and what was written', async () => {
    const p = project();
    try {
      const io = fakeIO({ cwd: p.root, env: { HOME: p.home } });
      assert.equal(await main(['fix', '--yes', '--format', 'json', '.'], io), 0);
      const doc = JSON.parse(io.out) as {
        passes: Array<{
          planned: Array<{
            finding: string;
            file: string;
            applicability: string;
            edits: Array<{ start: number; end: number; text: string }>;
          }>;
          written: string[];
        }>;
        written: string[];
        fixed: Array<{ id: string }>;
        backup: string;
      };
      const e = doc.passes[0]?.planned[0];
      assert.equal(e?.finding, 'key-quoted');
      assert.equal(e?.file, '.env');
      assert.equal(e?.applicability, 'safe');
      assert.deepEqual(
        e?.edits.map((x) => [x.start, x.end, x.text]),
        [
          [15, 16, ''],
          [16 + K.length, 17 + K.length, ''],
        ],
      );
      assert.deepEqual(doc.written, ['.env']);
      assert.deepEqual(
        doc.fixed.map((f) => f.id),
        ['key-quoted'],
      );
      assertNoKey(io.out, [K], 'the JSON');
    } finally {
      p.cleanup();
    }
  });

  it('--only / --ignore choose the findings; --no-backup keeps no backup; unknown ids are usage errors', async () => {
    const p = project();
    try {
      const none = fakeIO({ cwd: p.root, env: { HOME: p.home } });
      await main(['fix', '--yes', '--ignore', 'key-quoted', '.'], none);
      assert.equal(read(join(p.root, '.env')), `OPENAI_API_KEY="${K}"\n`);
      const only = fakeIO({ cwd: p.root, env: { HOME: p.home } });
      assert.equal(await main(['fix', '--yes', '--no-backup', '--only', 'key-quoted', '.'], only), 0);
      assert.equal(read(join(p.root, '.env')), `OPENAI_API_KEY=${K}\n`);
      assert.equal(existsSync(join(p.root, '.keydoctor')), false);
      const bad = fakeIO({ cwd: p.root, env: { HOME: p.home } });
      assert.equal(await main(['fix', '--only', 'no-such-id', '.'], bad), 2);
    } finally {
      p.cleanup();
    }
  });

  it('asks on a terminal; no means nothing is written', async () => {
    const p = project();
    try {
      let asked = '';
      const io = fakeIO({
        cwd: p.root,
        env: { HOME: p.home },
        isTTY: true,
        prompt: async (q) => {
          asked = q;
          return 'n';
        },
      });
      assert.equal(await main(['fix', '--no-color', '.'], io), 1);
      assert.match(asked, /Write this change\? \[y\/N\]/);
      assert.equal(read(join(p.root, '.env')), `OPENAI_API_KEY="${K}"\n`);
    } finally {
      p.cleanup();
    }
  });

  it('backups are private and git-ignored; the backup folder is not read by the doctor or the scan', async () => {
    const p = project();
    try {
      await main(['fix', '--yes', '.'], fakeIO({ cwd: p.root, env: { HOME: p.home } }));
      const st = statSync(join(p.root, '.keydoctor'));
      assert.equal(st.mode & 0o777, 0o700);
      assert.equal(
        read(join(p.root, '.keydoctor', '.gitignore'))
          .split('\n')
          .includes('*'),
        true,
      );
      const scan = fakeIO({ cwd: p.root, env: { HOME: p.home } });
      await main(['scan', '--no-ignore', '--format', 'json', '.'], scan);
      assert.doesNotMatch(scan.out, /\.keydoctor/);
      const d = await runDiagnosis({ root: p.root, home: p.home, env: { HOME: p.home }, offline: true });
      assert.ok(!d.facts.files.some((f) => f.rel.startsWith('.keydoctor')));
    } finally {
      p.cleanup();
    }
  });
});

describe('fix: backups carry no readable key', () => {
  // `.keydoctor/` is git-ignored, but `docker build` (COPY . .), a zip, rsync or a deploy tool copies
  // it along with the project: a backup copy of .env or ~/.zshrc must not hold the key in clear.
  it('every backup copy is encrypted to this user: no key in any form in .keydoctor/, undo restores every byte; with another HOME the copy cannot be read', async () => {
    const p = tempProject({
      '.env': `OPENAI_API_KEY="${K}"\n`,
      '.gitignore': '.env\n',
      '.dockerignore': '.env\n',
      Dockerfile: 'FROM node:20\nCOPY . .\n',
      'run.sh': '#!/bin/sh\ndocker run --env-file .env app\n',
      'app.py': 'from dotenv import load_dotenv\nload_dotenv()\nfrom openai import OpenAI\nclient = OpenAI()\n',
      'requirements.txt': 'python-dotenv\n',
    });
    try {
      const before = readFileSync(join(p.root, '.env'));
      await main(['fix', '--yes', '.'], fakeIO({ cwd: p.root, env: { HOME: p.home } }));
      assert.notDeepEqual(readFileSync(join(p.root, '.env')), before, 'the fix was written');
      const all: Buffer[] = [];
      const walk = (d: string): void => {
        for (const e of readdirSync(d, { withFileTypes: true })) {
          if (e.isDirectory()) walk(join(d, e.name));
          else all.push(readFileSync(join(d, e.name)));
        }
      };
      walk(join(p.root, '.keydoctor'));
      assert.ok(all.length >= 2, 'a manifest and a copy');
      const blob = Buffer.concat(all);
      for (const form of [
        K,
        K.slice(8, -4),
        Buffer.from(K).toString('base64').slice(4, -4),
        Buffer.from(K).toString('hex').slice(8, -8),
      ])
        assert.ok(!blob.includes(form), 'a backup holds the key');
      // Another user (another HOME, so another seal key) has nothing to undo with.
      const other = tempProject({}, {});
      try {
        const u = fakeIO({ cwd: p.root, env: { HOME: other.home } });
        assert.equal(await main(['fix', '--undo'], u), 2);
      } finally {
        other.cleanup();
      }
      const u = fakeIO({ cwd: p.root, env: { HOME: p.home } });
      assert.equal(await main(['fix', '--undo'], u), 0, u.out + u.err);
      assert.deepEqual(readFileSync(join(p.root, '.env')), before, 'undo restores the original bytes');
    } finally {
      p.cleanup();
    }
  });
});

describe('fix: what a write keeps', () => {
  it('the mode and owner of the file; a symlink stays a link and its target is written', async () => {
    const key = openaiKey('proj', 'engine-keep');
    const p = tempProject(
      {
        'config/dev.env': `OPENAI_API_KEY="${key}"\n`,
        '.gitignore': '.env\nconfig/*.env\n',
        'run.sh': '#!/bin/sh\ndocker run --env-file .env app\n',
      },
      {},
      { git: true },
    );
    try {
      const target = join(p.root, 'config/dev.env');
      symlinkSync('config/dev.env', join(p.root, '.env'));
      const { chmodSync, chownSync, lstatSync, readlinkSync } = await import('node:fs');
      chmodSync(target, 0o640);
      const root = process.getuid?.() === 0;
      if (root) chownSync(target, 1234, 2345);
      const r = await runFix({ root: p.root, home: p.home, env: { HOME: p.home }, write: true });
      assert.deepEqual(r.problems, []);
      assert.ok(lstatSync(join(p.root, '.env')).isSymbolicLink(), 'the link stays a link');
      assert.equal(readlinkSync(join(p.root, '.env')), 'config/dev.env');
      assert.equal(read(target), `OPENAI_API_KEY=${key}\n`);
      const st = statSync(target);
      assert.equal(st.mode & 0o777, 0o640);
      if (root) assert.deepEqual([st.uid, st.gid], [1234, 2345]);
    } finally {
      p.cleanup();
    }
  });
});
