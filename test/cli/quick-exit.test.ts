/**
 * The CLI ends with _exit once its output is written (src/cli/quick-exit.ts): what a reader gets
 * must be what a normal exit gives, with the same status, also through a pipe read slowly.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { tempProject, type Tree, type TempProject } from '../helpers/project.js';
import { openaiKey } from '../helpers/keys.js';
import { nativePrefilter } from '../../src/scan/native.js';

const bin = join('dist', 'cli', 'bin.cjs');
const skip = !existsSync(bin) ? 'dist/cli is not built' : !nativePrefilter() ? 'the native addon is not built' : false;

/** Runs the CLI; the reader waits `pauseMs` before reading anything (the child blocks on a full pipe). */
function run(
  args: string[],
  env: NodeJS.ProcessEnv,
  pauseMs: number,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    c.stdout.pause();
    setTimeout(() => c.stdout.resume(), pauseMs);
    c.stdout.on('data', (b: Buffer) => out.push(b));
    c.stderr.on('data', (b: Buffer) => err.push(b));
    c.on('error', reject);
    c.on('close', (status) =>
      resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}

describe('the quick exit after the output', { skip }, () => {
  const made: TempProject[] = [];
  after(() => made.forEach((p) => p.cleanup()));
  const env = { PATH: process.env.PATH };

  it('a large report through a pipe read late is whole, with the status of a normal exit', async () => {
    const files: Tree = {};
    for (let i = 0; i < 40; i++)
      files[`src/k${i}.py`] = Array.from(
        { length: 40 },
        (_, j) => `K${j} = "${openaiKey('proj', `qe-${i}-${j}`)}"`,
      ).join('\n');
    const p = tempProject(files);
    made.push(p);
    const args = ['scan', '--format', 'json', p.root];
    const quick = await run(args, env, 300);
    const normal = await run(args, { ...env, KEYDOCTOR_NATIVE: '0' }, 0);
    assert.equal(quick.status, 1);
    assert.equal(normal.status, 1);
    assert.ok(quick.stdout.length > 1 << 20, `${quick.stdout.length} bytes: more than a pipe holds`);
    const view = (s: string) => {
      const doc = JSON.parse(s) as { findings: unknown[] };
      return doc.findings;
    };
    assert.deepEqual(view(quick.stdout), view(normal.stdout));
    assert.equal(quick.stderr, '');
  });

  it('a usage error still exits 2 with its message; a clean tree 0', async () => {
    const p = tempProject({ 'app.py': 'x = 1\n' });
    made.push(p);
    const bad = await run(['scan', '--no-such-option', p.root], env, 0);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /no-such-option/);
    const clean = await run(['scan', p.root], env, 0);
    assert.equal(clean.status, 0);
    assert.match(clean.stdout, /Scanned \d+ files?/);
  });
});
