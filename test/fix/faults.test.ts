/**
 * Faults while writing: a crash between the temporary file and the rename (the process is killed
 * there), a read-only file, a full disk (a small tmpfs where the machine lets us mount one, else an
 * injected ENOSPC), a file changed between the plan and the write. Each one: a clear note, the
 * documented exit status (2), and no file half-written.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeFileAtomic, WriteError } from '../../src/fix/write.js';
import { planFixes, runFix, writePlan } from '../../src/fix/engine.js';
import { runDiagnosis } from '../../src/pipeline/diagnose.js';
import { undoLastRun } from '../../src/fix/backup.js';
import { main } from '../../src/cli/main.js';
import { openaiKey } from '../helpers/keys.js';
import { tempProject } from '../helpers/project.js';
import { fakeIO, snapshot } from './helpers.js';

const K = openaiKey('proj', 'fix-faults');
const quoted = `# the key\nOPENAI_API_KEY="${K}"\n`;
const PROJECT = { '.env': quoted, '.gitignore': '.env\n', 'run.sh': '#!/bin/sh\ndocker run --env-file .env app\n' };
// The build these tests run from (dist/, or .build/<name>/ for parallel builds).
const dist = fileURLToPath(new URL('../../src/', import.meta.url));
const leftovers = (dir: string) => readdirSync(dir).filter((n) => n.includes('.keydoctor-') && n.endsWith('.tmp'));

describe('fix: faults while writing', () => {
  it('a crash between the temporary file and the rename leaves the original intact', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kd-crash-'));
    try {
      const target = join(dir, '.env');
      writeFileSync(target, quoted);
      const script = `import { writeFileAtomic } from ${JSON.stringify(pathToFileURL(join(dist, 'fix/write.js')).href)};
writeFileAtomic(${JSON.stringify(target)}, Buffer.from('OPENAI_API_KEY=replaced\\n'), { hooks: { beforeRename: () => process.kill(process.pid, 'SIGKILL') } });
console.log('not reached');`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
      assert.equal(r.signal, 'SIGKILL', 'the writer was killed at the rename');
      assert.doesNotMatch(r.stdout, /not reached/);
      assert.equal(readFileSync(target, 'utf8'), quoted, 'the original is intact');
      // The complete new content sits in the temporary file, never in the target.
      const tmp = leftovers(dir);
      assert.equal(tmp.length, 1);
      assert.equal(readFileSync(join(dir, tmp[0] as string), 'utf8'), 'OPENAI_API_KEY=replaced\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a crash during a fix run: written files are complete, the others untouched, and --undo restores them', async () => {
    const p = tempProject(
      {
        ...PROJECT,
        '.gitignore': 'node_modules\n',
        'web/.env': `OPENAI_API_KEY="${K}"\n`,
        'web/run.sh': '#!/bin/sh\ndocker run --env-file .env web\n',
      },
      {},
      { git: true, commit: false },
    );
    try {
      const before = snapshot(p.root);
      // The second file written kills the process just before its rename.
      const script = `import { runFix } from ${JSON.stringify(pathToFileURL(join(dist, 'fix/engine.js')).href)};
let n = 0;
await runFix({ root: ${JSON.stringify(p.root)}, home: ${JSON.stringify(p.home)}, env: { HOME: ${JSON.stringify(p.home)} }, write: true, hooks: { beforeRename: (tmp) => { if (!tmp.includes('manifest.json') && !tmp.includes('/files/') && ++n === 2) process.kill(process.pid, 'SIGKILL'); } } });
console.log('not reached');`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
      assert.equal(r.signal, 'SIGKILL');
      const mid = snapshot(p.root);
      const changed = [...before.keys()].filter((k) => mid.get(k) !== before.get(k));
      assert.equal(changed.length, 1, `one file was written before the crash (${changed.join(', ')})`);
      // Every file holds either its old content or its complete new one.
      for (const k of before.keys()) {
        const text = readFileSync(join(p.root, k), 'utf8');
        assert.ok(mid.get(k) === before.get(k) || !text.includes('"'), `${k} is old or fully new`);
      }
      assert.equal(
        leftovers(p.root).length + leftovers(join(p.root, 'web')).length,
        1,
        'the killed write left its temporary file',
      );
      const u = undoLastRun(p.root, { home: p.home });
      assert.deepEqual(u.problems, []);
      assert.deepEqual(
        snapshot(p.root),
        before,
        'undo after the crash restores every byte and removes the stray temporary file',
      );
    } finally {
      p.cleanup();
    }
  });

  it('a read-only file: a note, exit 2, the file untouched', async () => {
    const p = tempProject(PROJECT, {}, { git: true });
    try {
      chmodSync(join(p.root, '.env'), 0o444);
      const io = fakeIO({ cwd: p.root, env: { HOME: p.home } });
      const code = await main(['fix', '--yes', '--no-color', '.'], io);
      assert.equal(code, 2);
      assert.match(io.out, /Not written:\n.*\.env: the file is read-only \(mode 444\)/);
      assert.equal(readFileSync(join(p.root, '.env'), 'utf8'), quoted);
      assert.deepEqual(leftovers(p.root), []);
    } finally {
      chmodSync(join(p.root, '.env'), 0o644);
      p.cleanup();
    }
  });

  it('a full disk: no space left, a note, exit 2, the original intact', async () => {
    // A 16 KiB tmpfs where the machine allows mounting one (root, CAP_SYS_ADMIN); else an injected ENOSPC.
    const mnt = mkdtempSync(join(tmpdir(), 'kd-full-'));
    let mounted = false;
    try {
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', mnt], { stdio: 'ignore' });
        mounted = true;
      } catch {
        mounted = false;
      }
      if (mounted) {
        const p = join(mnt, 'project');
        mkdirSync(p);
        const target = join(p, '.env');
        writeFileSync(target, quoted);
        // Fill the disk, then ask for a bigger file.
        try {
          writeFileSync(join(mnt, 'filler'), Buffer.alloc(64 * 1024));
        } catch {
          // ENOSPC: full, as intended
        }
        const big = Buffer.alloc(32 * 1024, 'x');
        assert.throws(
          () => writeFileAtomic(target, big, {}),
          (e: unknown) => e instanceof WriteError && e.kind === 'no-space' && /no space left/.test(e.message),
        );
        assert.equal(readFileSync(target, 'utf8'), quoted);
        assert.deepEqual(leftovers(p), []);
      }
      // Through the command (an injected ENOSPC either way, so it runs on every machine).
      const proj = tempProject(PROJECT, {}, { git: true });
      try {
        const r = await runFix({
          root: proj.root,
          home: proj.home,
          env: { HOME: proj.home },
          write: true,
          backup: false,
          hooks: {
            write: () => {
              throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
            },
          },
        });
        assert.equal(r.problems.length, 1);
        assert.equal(r.problems[0]?.kind, 'no-space');
        assert.match(r.problems[0]?.message ?? '', /no space left on the device/);
        assert.equal(readFileSync(join(proj.root, '.env'), 'utf8'), quoted);
        assert.deepEqual(leftovers(proj.root), []);
      } finally {
        proj.cleanup();
      }
    } finally {
      if (mounted) execFileSync('umount', [mnt], { stdio: 'ignore' });
      rmSync(mnt, { recursive: true, force: true });
    }
  });

  it('a file changed between the plan and the write is refused, with a note', async () => {
    const p = tempProject(PROJECT, {}, { git: true });
    try {
      const d = await runDiagnosis({ root: p.root, home: p.home, env: { HOME: p.home }, offline: true });
      const plan = planFixes(d);
      assert.equal(plan.files.length, 1);
      const edited = `${quoted}DEBUG=1\n`;
      writeFileSync(join(p.root, '.env'), edited);
      const res = writePlan(plan);
      assert.deepEqual(res.written, []);
      assert.equal(res.problems[0]?.kind, 'changed');
      assert.match(res.problems[0]?.message ?? '', /changed since the plan was made/);
      assert.equal(readFileSync(join(p.root, '.env'), 'utf8'), edited);

      // The same while an interactive prompt waits: exit 2, the user's edit kept.
      writeFileSync(join(p.root, '.env'), quoted);
      const io = fakeIO({
        cwd: p.root,
        env: { HOME: p.home },
        isTTY: true,
        prompt: async () => {
          writeFileSync(join(p.root, '.env'), edited);
          return 'y';
        },
      });
      assert.equal(await main(['fix', '--no-color', '.'], io), 2);
      assert.match(io.out, /\.env: it changed since the plan was made/);
      assert.equal(readFileSync(join(p.root, '.env'), 'utf8'), edited);
      assert.ok(
        !existsSync(join(p.root, '.keydoctor', 'backups')) ||
          readdirSync(join(p.root, '.keydoctor', 'backups')).length === 0 ||
          undoLastRun(p.root, { home: p.home }).run === undefined,
      );
    } finally {
      p.cleanup();
    }
  });
});
