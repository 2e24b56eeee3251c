import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { readFileSync } from 'node:fs';
import { VERSION } from '../../src/version.js';
import { tempProject } from '../helpers/project.js';

export function fakeIO(over: Partial<CliIO> = {}): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (s: string) => {
      io.out += s;
    },
    stderr: (s: string) => {
      io.err += s;
    },
    readStdin: async () => '',
    isTTY: false,
    env: {},
    cwd: process.cwd(),
    ...over,
  };
  return io;
}

describe('cli', () => {
  it('--version matches package.json', async () => {
    const io = fakeIO();
    assert.equal(await main(['--version'], io), 0);
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    assert.equal(io.out.trim(), pkg.version);
    assert.equal(VERSION, pkg.version);
  });
  it('usage errors exit 2 with a message', async () => {
    for (const args of [
      ['--format', 'xml'],
      ['--bogus'],
      ['doctor', '/definitely/not/here'],
      ['--only', 'no-such-id'],
      ['a', 'b'],
    ]) {
      const io = fakeIO();
      assert.equal(await main(args, io), 2, args.join(' '));
      assert.match(io.err, /keydoctor/);
    }
  });
  it('help lists the commands', async () => {
    const io = fakeIO();
    assert.equal(await main(['--help'], io), 0);
    assert.match(io.out, /doctor/);
  });
  it('doctor --format json prints one document', async () => {
    const p = tempProject({ 'app.py': 'print(1)\n' });
    try {
      const io = fakeIO({ cwd: p.root, env: { HOME: p.home } });
      const code = await main(['doctor', '--offline', '--format', 'json', '.'], io);
      const doc = JSON.parse(io.out) as { findings: unknown[]; targets: unknown[]; summary: unknown };
      assert.ok(Array.isArray(doc.findings));
      assert.ok(Array.isArray(doc.targets));
      assert.ok(code === 0 || code === 1);
    } finally {
      p.cleanup();
    }
  });
  it('--list-checks lists every id', async () => {
    const io = fakeIO();
    assert.equal(await main(['--list-checks', '--format', 'json'], io), 0);
    const ids = (JSON.parse(io.out) as Array<{ id: string }>).map((m) => m.id);
    assert.ok(ids.includes('internal-error'));
  });
});
