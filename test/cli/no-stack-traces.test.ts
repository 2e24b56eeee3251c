/**
 * Usage-level mistakes end in a clear message and exit 2, never an internal error with a stack
 * trace (R16); a reader that closes the pipe early ends the run quietly. Through the built CLI.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { tempProject, type TempProject } from '../helpers/project.js';
import { openaiKey } from '../helpers/keys.js';
import { main } from '../../src/cli/main.js';
import { fakeIO } from './main.test.js';

const bin = join(fileURLToPath(new URL('.', import.meta.url)), '../../../dist/cli/bin.cjs');
const made: TempProject[] = [];
after(() => {
  for (const p of made) p.cleanup();
});

function run(args: string[], cwd: string, env: Record<string, string> = {}): { status: number | null; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: cwd, ...env },
    encoding: 'utf8',
  });
  return { status: r.status, err: r.stderr };
}

const noTrace = (err: string) => !/internal error|\n\s+at .+:\d+:\d+/.test(err);

describe('usage mistakes', () => {
  const p = tempProject({ 'a.py': 'x = 1\n' });
  made.push(p);

  it('--baseline in a missing folder, under a file, or a folder where the file should be: exit 2 before scanning', () => {
    for (const b of ['/nonexistent/dir/b.json', join(p.root, 'a.py', 'b.json'), p.root]) {
      const r = run(['scan', '.', '--baseline', b], p.root);
      assert.equal(r.status, 2, r.err);
      assert.ok(noTrace(r.err), r.err);
      assert.match(r.err, /baseline/);
    }
  });

  it('--timeout out of range (1e10, 2^31) or not a number: exit 2 with the limit', async () => {
    for (const t of ['1e10', '2147483648', '0', '-5', 'abc', 'Infinity']) {
      for (const cmd of ['doctor', 'verify', 'scan']) {
        const io = fakeIO({ cwd: p.root, env: { OPENAI_API_KEY: openaiKey('proj', 'timeout') } });
        const args =
          cmd === 'verify' ? ['verify', '--key-env', 'OPENAI_API_KEY', '--timeout', t] : [cmd, p.root, '--timeout', t];
        assert.equal(await main(args, io), 2, `${cmd} --timeout ${t}`);
        assert.match(io.err, /--timeout/);
      }
    }
    const io = fakeIO({ cwd: p.root });
    assert.notEqual(
      await main(['doctor', p.root, '--offline', '--timeout', '2147483647'], io),
      2,
      'the largest timeout is accepted',
    );
  });
});

describe('a reader that closes the pipe early', () => {
  it('keydoctor scan | head -1: no crash, no stack trace', async () => {
    const q = tempProject({});
    made.push(q);
    writeFileSync(
      join(q.root, 'k.py'),
      Array.from({ length: 3000 }, (_, i) => `k${i} = "${openaiKey('legacy', `pipe-${i}`)}"`).join('\n'),
    );
    const child = spawn(process.execPath, [bin, 'scan', '.', '--format', 'json'], {
      cwd: q.root,
      env: { PATH: process.env.PATH ?? '', HOME: q.root },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    // Read one chunk, then close our end, as `head -1` does.
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    assert.notEqual(status, 2, err);
    assert.ok(noTrace(err), err);
  });
});

describe('scan when nothing could be read', () => {
  it('exit 2 when every file failed, or the folder itself could not be listed; otherwise the usual status', async () => {
    const { nothingReadable } = await import('../../src/cli/commands/scan.js');
    const un = (path: string, message = 'cannot open: EACCES') => ({ kind: 'unreadable' as const, path, message });
    assert.equal(nothingReadable({ files: 2 }, [un('a.py'), un('b.py')]), true);
    assert.equal(nothingReadable({ files: 3 }, [un('a.py'), un('b.py')]), false);
    assert.equal(nothingReadable({ files: 0 }, [un('.', 'cannot list folder: EACCES')]), true);
    assert.equal(nothingReadable({ files: 0 }, []), false, 'an empty folder is not an error');
    assert.equal(nothingReadable({ files: 1 }, [un('sub', 'cannot list folder: EACCES')]), false);
  });

  it(
    'through the CLI: an unreadable folder is exit 2 (skipped as root, who reads everything)',
    { skip: process.getuid?.() === 0 && 'root can read a mode-000 folder' },
    async () => {
      const { chmodSync } = await import('node:fs');
      const q = tempProject({ 'locked/a.py': 'x = 1\n' });
      made.push(q);
      chmodSync(join(q.root, 'locked'), 0o000);
      try {
        const r = run(['scan', 'locked'], q.root);
        assert.equal(r.status, 2, r.err);
        assert.ok(noTrace(r.err));
      } finally {
        chmodSync(join(q.root, 'locked'), 0o755);
      }
    },
  );
});
