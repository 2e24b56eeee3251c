/**
 * `scan --staged` as a pre-commit hook sees it (exactly the index, not the working tree; a commit
 * that only removes a key passes; outside a repository it fails loudly) and `--since-ref` (only the
 * commits after a base).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { tempProject } from '../helpers/project.js';
import { openaiKey, foreignKey } from '../helpers/keys.js';

async function scan(cwd: string, ...args: string[]) {
  const o = { out: '', err: '' };
  const io: CliIO = {
    stdout: (s) => void (o.out += s),
    stderr: (s) => void (o.err += s),
    readStdin: async () => '',
    isTTY: false,
    env: {},
    cwd,
  };
  const code = await main(['scan', ...args], io);
  return {
    code,
    ...o,
    json: () =>
      JSON.parse(o.out) as {
        findings: Array<{ id: string; location?: { path: string; line?: number }; data?: Record<string, unknown> }>;
        data: { scan: Record<string, unknown> };
      },
  };
}

const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'T',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 'T',
  GIT_COMMITTER_EMAIL: 't@example.com',
};
const git = (root: string, ...args: string[]) =>
  execFileSync('git', args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
    .toString()
    .trim();

describe('scan --staged', () => {
  it('scans the index, not the working tree: a staged key counts even when the file was edited since', async () => {
    const p = tempProject({ 'README.md': '# x\n' }, {}, { git: true });
    try {
      const key = openaiKey('proj', 'staged-index');
      writeFileSync(join(p.root, 'config.py'), `API_KEY = "${key}"\n`);
      git(p.root, 'add', 'config.py');
      writeFileSync(join(p.root, 'config.py'), 'API_KEY = os.environ["API_KEY"]\n'); // fixed, but not staged
      const r = await scan(p.root, '--staged', '--format', 'json');
      assert.equal(r.code, 1);
      assert.deepEqual(
        r.json().findings.map((f) => [f.id, f.location?.path, f.location?.line]),
        [['key-hardcoded', 'config.py', 1]],
      );
      assert.ok(!r.out.includes(key));
      // And the other way round: a key only in the working tree is not what the commit adds.
      git(p.root, 'add', 'config.py');
      writeFileSync(join(p.root, 'config.py'), `API_KEY = "${key}"\n`);
      const clean = await scan(p.root, '--staged');
      assert.equal(clean.code, 0, clean.out);
      assert.match(clean.out, /Scanned the lines 1 staged file adds/);
    } finally {
      p.cleanup();
    }
  });

  it('passes a commit that only removes a key (and one that moves the file holding it)', async () => {
    const key = openaiKey('legacy', 'staged-removed');
    const other = foreignKey('anthropic', 'staged-removed');
    const p = tempProject(
      { 'app.py': `import os\nKEY = "${key}"\nprint(KEY)\n`, 'notes.md': `old: ${other}\n` },
      {},
      { git: true },
    );
    try {
      writeFileSync(join(p.root, 'app.py'), 'import os\nKEY = os.environ["OPENAI_API_KEY"]\nprint(KEY)\n');
      git(p.root, 'rm', '-q', 'notes.md');
      git(p.root, 'add', '-A');
      const r = await scan(p.root, '--staged');
      assert.equal(r.code, 0, r.out);
      git(p.root, 'commit', '-qm', 'remove the keys');
      // a rename with an edit elsewhere in the file: the key line is not added again
      writeFileSync(join(p.root, 'keep.txt'), `line one\n${other}\nline three\n`);
      git(p.root, 'add', '-A');
      git(p.root, 'commit', '-qm', 'keep', '--no-verify');
      git(p.root, 'mv', 'keep.txt', 'moved.txt');
      writeFileSync(join(p.root, 'moved.txt'), `line one\n${other}\nline three changed\n`);
      git(p.root, 'add', '-A');
      assert.equal((await scan(p.root, '--staged')).code, 0);
    } finally {
      p.cleanup();
    }
  });

  it('works before the first commit and in a subfolder of the repository', async () => {
    const p = tempProject(
      { 'web/.env': `OPENAI_API_KEY=${openaiKey('svcacct', 'staged-first')}\n` },
      {},
      { git: true, commit: false },
    );
    try {
      git(p.root, 'add', '-A');
      const r = await scan(p.root, '--staged', '--format', 'json');
      assert.equal(r.code, 1);
      assert.ok(
        r.json().findings.some((f) => f.id === 'dotenv-not-ignored'),
        'a staged .env with a key is about to be tracked',
      );
      assert.ok(
        r.json().findings.some((f) => f.location?.path === 'web/.env'),
        r.out,
      );
      const sub = await scan(join(p.root, 'web'), '--staged', '--format', 'json');
      assert.equal(sub.code, 1);
      assert.ok(
        sub.json().findings.some((f) => f.location?.path === '.env'),
        sub.out,
      );
    } finally {
      p.cleanup();
    }
  });

  it('says so when nothing staged adds a line', async () => {
    const p = tempProject({ 'a.py': 'x = 1\n' }, {}, { git: true });
    try {
      const r = await scan(p.root, '--staged');
      assert.equal(r.code, 0);
      assert.match(r.out, /Nothing staged adds a line: nothing to scan/);
    } finally {
      p.cleanup();
    }
  });

  it('fails loudly outside a git repository instead of scanning nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kd-nogit-'));
    try {
      const r = await scan(dir, '--staged');
      assert.equal(r.code, 2);
      assert.match(r.err, /--staged needs a git repository/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('scan --since-ref', () => {
  it('scans only the commits after the base (a pull request), and implies --history', async () => {
    const before = openaiKey('proj', 'since-before');
    const after = openaiKey('proj', 'since-after');
    const p = tempProject({ 'README.md': '# x\n' }, {}, { git: true });
    try {
      writeFileSync(join(p.root, 'old.py'), `K = "${before}"\n`);
      git(p.root, 'add', '-A');
      git(p.root, 'commit', '-qm', 'old key');
      writeFileSync(join(p.root, 'old.py'), 'K = None\n');
      git(p.root, 'commit', '-qam', 'removed');
      const base = git(p.root, 'rev-parse', 'HEAD');
      git(p.root, 'checkout', '-qb', 'feature');
      writeFileSync(join(p.root, 'new.py'), `K = "${after}"\n`);
      git(p.root, 'add', '-A');
      git(p.root, 'commit', '-qm', 'new key');
      const head = git(p.root, 'rev-parse', 'HEAD');
      writeFileSync(join(p.root, 'new.py'), 'K = None\n');
      git(p.root, 'commit', '-qam', 'fixed it');
      const full = await scan(p.root, '--history', '--format', 'json');
      assert.equal(full.json().findings.filter((f) => f.id === 'key-in-git-history').length, 2);
      const pr = await scan(p.root, '--since-ref', base, '--format', 'json');
      assert.equal(pr.code, 1);
      const hist = pr.json().findings.filter((f) => f.id === 'key-in-git-history');
      assert.equal(hist.length, 1, pr.out);
      assert.equal(hist[0]?.data?.commit, head);
      assert.equal(pr.json().data.scan.sinceRef, base);
      assert.ok(!pr.out.includes(after));
      assert.equal(
        (await scan(p.root, '--history', '--since-ref', 'HEAD', '--format', 'json'))
          .json()
          .findings.filter((f) => f.id === 'key-in-git-history').length,
        0,
      );
      const text = await scan(p.root, '--since-ref', base);
      assert.match(text.out, /2 commits/);
    } finally {
      p.cleanup();
    }
  });

  it('rejects a ref that is not a commit here, and --staged with it', async () => {
    const p = tempProject({ 'README.md': '# x\n' }, {}, { git: true });
    try {
      const r = await scan(p.root, '--since-ref', 'no-such-branch');
      assert.equal(r.code, 2);
      assert.match(r.err, /no such commit here .*fetch-depth: 0/);
      assert.equal((await scan(p.root, '--since-ref', '--all')).code, 2, 'an option-like ref is a ref, not an option');
      assert.equal((await scan(p.root, '--since-ref', 'HEAD', '--staged')).code, 2);
    } finally {
      p.cleanup();
    }
  });
});
