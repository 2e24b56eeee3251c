import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../src/cli/main.js';
import type { CliIO } from '../../../src/cli/io.js';
import { clipboardTools, decodeText } from '../../../src/cli/commands/explain.js';
import { tempProject } from '../../helpers/project.js';
import { openaiKey, openaiMask } from '../../helpers/keys.js';

function io(over: Partial<CliIO> = {}): CliIO & { out: string; err: string } {
  const o = {
    out: '',
    err: '',
    stdout: (s: string) => {
      o.out += s;
    },
    stderr: (s: string) => {
      o.err += s;
    },
    readStdin: async () => '',
    isTTY: false,
    env: {} as Record<string, string | undefined>,
    cwd: process.cwd(),
    ...over,
  };
  return o;
}

const FIND = 'You can find your API key at https://platform.openai.com/account/api-keys.';
const pyError = (mask: string) =>
  `Traceback (most recent call last):\n  File "app.py", line 9, in <module>\nopenai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key provided: ${mask}. ${FIND}', 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}}\n`;

describe('keydoctor explain (CLI)', () => {
  it('reads stdin, prints text, exits 1 on an error finding', async () => {
    const p = tempProject();
    try {
      const o = io({
        cwd: p.root,
        env: { HOME: p.home, NO_COLOR: '1' },
        readStdin: async () => pyError(openaiMask(openaiKey('proj', 'cli'))),
      });
      assert.equal(await main(['explain'], o), 1);
      assert.match(o.out, /live-invalid-key/);
      assert.match(o.out, /fix:/);
      assert.doesNotMatch(o.out, /\u001b\[/);
    } finally {
      p.cleanup();
    }
  });
  it('reads a file and prints JSON with the contract fields', async () => {
    const p = tempProject({ 'error.log': pyError('sk-1234') });
    try {
      const o = io({ cwd: p.root, env: { HOME: p.home } });
      assert.equal(await main(['explain', 'error.log', '--format', 'json'], o), 1);
      const doc = JSON.parse(o.out) as {
        command: string;
        findings: Array<{ id: string; severity: string; message: string }>;
      };
      assert.equal(doc.command, 'explain');
      assert.deepEqual(doc.findings.map((f) => f.id).sort(), ['key-placeholder', 'live-invalid-key']);
      for (const f of doc.findings) assert.ok(['error', 'warning', 'info'].includes(f.severity));
    } finally {
      p.cleanup();
    }
  });
  it('reads a log saved by PowerShell (UTF-16 with BOM) and one without BOM', async () => {
    const text = 'AuthenticationError: 401 Incorrect API key provided: undefined. ' + FIND + '\r\n';
    const p = tempProject();
    try {
      writeFileSync(join(p.root, 'bom.log'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
      writeFileSync(join(p.root, 'nobom.log'), Buffer.from(text, 'utf16le'));
      const be = Buffer.from(text, 'utf16le');
      be.swap16();
      writeFileSync(join(p.root, 'be.log'), Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
      for (const f of ['bom.log', 'nobom.log', 'be.log']) {
        const o = io({ cwd: p.root, env: { HOME: p.home, NO_COLOR: '1' } });
        assert.equal(await main(['explain', f], o), 1, f);
        assert.match(o.out, /key-missing/, f);
      }
      assert.equal(decodeText(Buffer.from('plain ascii text\n')), 'plain ascii text\n');
    } finally {
      p.cleanup();
    }
  });
  it('markdown output', async () => {
    const o = io({
      env: {},
      readStdin: async () =>
        "openai.RateLimitError: Error code: 429 - {'error': {'message': 'You exceeded your current quota, please check your plan and billing details.', 'type': 'insufficient_quota', 'param': None, 'code': 'insufficient_quota'}}\n",
    });
    assert.equal(await main(['explain', '--format', 'markdown'], o), 1);
    assert.match(o.out, /live-quota-exhausted/);
  });
  it('nothing found: exit 0 and says so', async () => {
    const o = io({ readStdin: async () => '2026-01-01 INFO all good\n', env: { NO_COLOR: '1' } });
    assert.equal(await main(['explain'], o), 0);
    assert.match(o.out, /No OpenAI \/ Azure OpenAI auth error found/);
  });
  it('--dir compares with that project', async () => {
    const stale = openaiKey('proj', 'cli-dir');
    const p = tempProject({ '.env': `OPENAI_API_KEY=${stale}\n` });
    try {
      const o = io({
        cwd: process.cwd(),
        env: { HOME: p.home, NO_COLOR: '1' },
        readStdin: async () => pyError(openaiMask(stale)),
      });
      assert.equal(await main(['explain', '--dir', p.root], o), 1);
      assert.match(o.out, /\.env:1/);
      assert.ok(!o.out.includes(stale));
    } finally {
      p.cleanup();
    }
  });
  it('usage errors exit 2', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['explain'], /no input/],
      [['explain', '/definitely/not/here.log'], /no such file/],
      [['explain', 'a.log', 'b.log'], /at most one file/],
      [['explain', '--format', 'xml'], /--format/],
      [['explain', '--dir', '/definitely/not/here'], /not a folder/],
      [['explain', 'x.log', '--clipboard'], /either a file or --clipboard/],
      [['explain', '--bogus'], /bogus/],
    ];
    for (const [args, re] of cases) {
      const o = io();
      assert.equal(await main(args, o), 2, args.join(' '));
      assert.match(o.err, re, args.join(' '));
    }
  });
  it('--clipboard without any clipboard tool is a usage error naming what to install', async () => {
    const p = tempProject();
    try {
      const o = io({ env: { PATH: join(p.dir, 'empty-bin') } });
      assert.equal(await main(['explain', '--clipboard'], o), 2);
      assert.match(o.err, /clipboard/);
      assert.match(o.err, /xclip|xsel|wl-clipboard|pbpaste/);
    } finally {
      p.cleanup();
    }
  });
  it('--clipboard reads from a clipboard tool', { skip: process.platform === 'win32' }, async () => {
    const p = tempProject();
    try {
      const bin = join(p.dir, 'bin');
      mkdirSync(bin);
      const tool = process.platform === 'darwin' ? 'pbpaste' : 'xclip';
      writeFileSync(
        join(bin, tool),
        `#!/bin/sh\nprintf '%s\\n' "AuthenticationError: 401 Incorrect API key provided: undefined. ${FIND}"\n`,
      );
      chmodSync(join(bin, tool), 0o755);
      const o = io({ cwd: p.root, env: { PATH: `${bin}:/usr/bin:/bin`, HOME: p.home, NO_COLOR: '1' } });
      assert.equal(await main(['explain', '--clipboard'], o), 1);
      assert.match(o.out, /key-missing/);
    } finally {
      p.cleanup();
    }
  });
  it('knows the clipboard tools of each platform', () => {
    assert.equal(clipboardTools('darwin', {})[0]?.cmd, 'pbpaste');
    assert.match(clipboardTools('win32', {})[0]?.cmd ?? '', /powershell/);
    assert.equal(clipboardTools('linux', { WAYLAND_DISPLAY: 'wayland-0' })[0]?.cmd, 'wl-paste');
    assert.deepEqual(
      clipboardTools('linux', {})
        .map((t) => t.cmd)
        .slice(0, 2),
      ['xclip', 'xsel'],
    );
  });
  it('--help', async () => {
    const o = io();
    assert.equal(await main(['explain', '--help'], o), 0);
    assert.match(o.out, /--clipboard/);
    const top = io();
    await main(['--help'], top);
    assert.match(top.out, /explain/);
  });
});
