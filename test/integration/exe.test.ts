/**
 * The standalone executable (`npm run build:exe`): built here, then run with no Node on PATH (only
 * git, which keydoctor calls) on the three main commands: the doctor, scan (on a tree large enough
 * for the scan's worker threads, which come from inside the executable) and verify (against the
 * emulator, itself run from the executable), plus explain.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { brokenProject } from '../helpers/broken-project.js';
import { openaiKey } from '../helpers/keys.js';

describe('the standalone executable, without Node', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kd-exe-'));
  const exe = join(dir, 'keydoctor');
  const binDir = join(dir, 'bin');
  const p = brokenProject('exe');
  let env: Record<string, string>;
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    p.cleanup();
  });

  before(() => {
    const b = spawnSync(process.execPath, [resolve('scripts', 'build-exe.mjs'), '--out', exe], {
      encoding: 'utf8',
      timeout: 300_000,
    });
    assert.equal(b.status, 0, `build:exe failed:\n${b.stdout}${b.stderr}`);
    // A PATH with git and nothing else: no node, no npm.
    mkdirSync(binDir);
    const gitPath = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
    symlinkSync(gitPath, join(binDir, 'git'));
    env = { PATH: binDir, HOME: p.home, SHELL: '/bin/zsh', OPENAI_API_KEY: p.oldKey, NO_COLOR: '1' };
    assert.notEqual(
      spawnSync('/bin/sh', ['-c', 'command -v node || command -v nodejs || command -v npm'], { env }).status,
      0,
      'node is not on PATH',
    );
  });

  const run = (args: string[], cwd: string, extra: Record<string, string> = {}) =>
    spawnSync(exe, args, { cwd, env: { ...env, ...extra }, encoding: 'utf8', timeout: 120_000 });

  it('--version and --help', () => {
    const v = run(['--version'], p.root);
    assert.equal(v.status, 0, v.stderr);
    assert.match(v.stdout, /^\d+\.\d+\.\d+/);
    assert.match(run(['--help'], p.root).stdout, /scan/);
  });

  it('doctor: the old key in ~/.zshrc beats the one in .env', () => {
    const r = run(['--offline'], p.root);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /key-shadowed/);
    assert.match(r.stdout, /~\/\.zshrc:2/);
    for (const k of [p.oldKey, p.newKey]) assert.ok(!r.stdout.includes(k) && !r.stderr.includes(k), 'no full key');
    const html = run(['--offline', '--format', 'html'], p.root);
    assert.match(html.stdout, /^<!doctype html>/);
  });

  it('scan: a 3,500-file tree on worker threads embedded in the executable, and --staged', () => {
    const tree = join(dir, 'tree');
    for (let i = 0; i < 3500; i++) {
      mkdirSync(join(tree, `d${i % 40}`), { recursive: true });
      writeFileSync(join(tree, `d${i % 40}`, `f${i}.py`), `x_${i} = ${i}\n`);
    }
    const key = openaiKey('proj', 'exe-tree');
    writeFileSync(join(tree, 'd7', 'settings.py'), `OPENAI_API_KEY = "${key}"\n`);
    const r = run(['scan', '--format', 'json'], tree);
    assert.equal(r.status, 1, r.stderr);
    const j = JSON.parse(r.stdout) as {
      findings: Array<{ id: string; location: { path: string } }>;
      data: { scan: { stats: { files: number; workers: number; reader: string } } };
    };
    assert.deepEqual(
      j.findings.map((f) => `${f.id} ${f.location.path}`),
      ['key-hardcoded d7/settings.py'],
    );
    assert.equal(j.data.scan.stats.files, 3501);
    assert.equal(j.data.scan.stats.reader, 'workers');
    assert.ok(j.data.scan.stats.workers > 0);
    assert.ok(!r.stdout.includes(key));
    const staged = run(['scan', '--staged'], p.root);
    assert.equal(staged.status, 0, `${staged.stdout}${staged.stderr}`);
  });

  it('verify: against the emulator (both from the executable), a live key and a revoked one', async () => {
    const good = openaiKey('proj', 'exe-live');
    const emu = spawn(exe, ['emulate', '--key-env', 'KD_EMULATED_KEY'], {
      env: { ...env, KD_EMULATED_KEY: good },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((ok, fail) => {
        let out = '';
        emu.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m?.[1]) ok(m[1]);
        });
        emu.on('exit', (c) => fail(new Error(`the emulator exited (${c}): ${out}`)));
      });
      const live = run(['verify', '--key-env', 'KD_KEY', '--base-url', `${url}/v1`, '--format', 'json'], p.root, {
        KD_KEY: good,
      });
      assert.equal(live.status, 0, live.stdout + live.stderr);
      assert.ok(live.stdout.includes('live-ok'), live.stdout);
      const bad = run(['verify', '--key-env', 'KD_KEY', '--base-url', `${url}/v1`], p.root, {
        KD_KEY: openaiKey('proj', 'exe-revoked'),
      });
      assert.equal(bad.status, 1);
      assert.match(bad.stdout, /live-invalid-key/);
      for (const k of [good]) assert.ok(!live.stdout.includes(k) && !bad.stdout.includes(k));
    } finally {
      emu.kill();
    }
  });

  it('explain: an error text on stdin', () => {
    const r = spawnSync(exe, ['explain'], {
      cwd: p.root,
      env,
      input:
        "openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key provided: sk-proj-****abcd.', 'type': 'invalid_request_error', 'code': 'invalid_api_key'}}\n",
      encoding: 'utf8',
    });
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    assert.match(r.stdout, /live-invalid-key|invalid/);
  });
});
