/**
 * scan --history beyond the files: keys in commit messages, annotated tag messages, branch and tag
 * names; and history content that would not fit in memory whole (one 20 MB line, a 1,500-key
 * fixture) is read in bounded pieces without losing a key.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanHistory } from '../../src/scan/history.js';
import { runScan } from '../../src/pipeline/scan.js';
import { MAX_HITS_PER_FILE } from '../../src/scan/detect.js';
import { LineSplitter } from '../../src/scan/history.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { openaiKey } from '../helpers/keys.js';

const made: TempProject[] = [];
after(() => {
  for (const p of made) p.cleanup();
});
const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'T',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 'T',
  GIT_COMMITTER_EMAIL: 't@example.com',
};

function repo(): { p: TempProject; git: (...a: string[]) => string } {
  const p = tempProject({ 'README.md': 'hello\n' }, {}, { git: true });
  made.push(p);
  return {
    p,
    git: (...a: string[]) => execFileSync('git', a, { cwd: p.root, env, encoding: 'utf8', maxBuffer: 1 << 28 }),
  };
}

describe('history beyond files', () => {
  it('finds keys in a commit message, an annotated tag message, and branch and tag names', async () => {
    const { p, git } = repo();
    const inMessage = openaiKey('proj', 'in-message');
    const inTag = openaiKey('proj', 'in-tag-message');
    const branchKey = openaiKey('legacy', 'branch-name');
    const tagKey = openaiKey('legacy', 'tag-name');
    writeFileSync(join(p.root, 'a.txt'), 'x\n');
    git('add', 'a.txt');
    git('commit', '-q', '-m', `add a\n\nused OPENAI_API_KEY=${inMessage} for testing`);
    git('tag', '-a', 'v1', '-m', `release with ${inTag}`);
    git('branch', `debug/${branchKey}`);
    git('tag', `t/${tagKey}`);
    const h = await scanHistory(p.root);
    const by = (s: string) => h.hits.find((x) => x.secret === s);
    assert.equal(by(inMessage)?.where, 'commit message');
    assert.equal(by(inMessage)?.line, 3);
    assert.match(by(inMessage)?.rel ?? '', /^commit-message:[0-9a-f]{12}$/);
    assert.equal(by(inTag)?.where, 'tag message');
    assert.equal(by(inTag)?.rel, 'tag-message:v1');
    assert.equal(by(branchKey)?.where, 'branch name');
    assert.equal(by(tagKey)?.where, 'tag name');
    // The place never holds the key (a baseline records it).
    assert.ok(
      !(by(branchKey)?.rel ?? '').includes(branchKey) && (by(branchKey)?.rel ?? '').startsWith('branch:debug/'),
    );
    // The finding says where, and the report never holds the key.
    const run = await runScan({ root: p.root, history: true });
    const f = run.findings.filter((x) => x.id === 'key-in-git-history');
    assert.ok(f.some((x) => /the message of commit [0-9a-f]{12}/.test(x.message)));
    assert.ok(f.some((x) => /the name of the branch/.test(x.message)));
  });

  it('a key both in a file and in a later message is reported once, at the file', async () => {
    const { p, git } = repo();
    const k = openaiKey('proj', 'both');
    writeFileSync(join(p.root, 'conf.py'), `KEY = "${k}"\n`);
    git('add', 'conf.py');
    git('commit', '-q', '-m', 'conf');
    git('commit', '-q', '--allow-empty', '-m', `oops ${k}`);
    const h = await scanHistory(p.root);
    const hits = h.hits.filter((x) => x.secret === k);
    assert.equal(hits.length, 1);
    assert.equal(hits[0]?.rel, 'conf.py');
  });
});

describe('history that does not fit in memory whole', () => {
  it('one 20 MB line with keys at both ends and in the middle: all found', async () => {
    const { p, git } = repo();
    const [a, b, c] = ['start', 'middle', 'end'].map((s) => openaiKey('proj', `long-${s}`));
    const pad = 'x'.repeat(10 << 20);
    writeFileSync(join(p.root, 'bundle.min.js'), `var k="${a}";${pad};var m="${b}";${pad};var z="${c}";`);
    git('add', 'bundle.min.js');
    git('commit', '-q', '-m', 'bundle');
    const h = await scanHistory(p.root);
    for (const k of [a, b, c])
      assert.ok(
        h.hits.some((x) => x.secret === k && x.rel === 'bundle.min.js' && x.line === 1),
        'a key of the long line is missing',
      );
  });

  it('keys across the cut of a long line are whole in one piece', () => {
    const got: Array<[string, boolean]> = [];
    const s = new LineSplitter({ line: (l, cont) => got.push([l, cont ?? false]), end: () => undefined });
    const key = openaiKey('proj', 'cut');
    const big = `+${'y'.repeat((4 << 20) - 100)}${key}${'z'.repeat(1 << 20)}\n+next\n`;
    for (let i = 0; i < big.length; i += 65536) s.push(big.slice(i, i + 65536));
    s.end();
    assert.ok(got.some(([l]) => l.includes(key)));
    assert.ok(got.length >= 3);
    assert.deepEqual(got.at(-1), ['+next', false]);
    assert.ok(got.slice(1, -1).every(([l, cont]) => cont && l.startsWith('+')));
  });

  it('a commit adding 1,500 keys to one file lists the first 1,000 and notes the rest', async () => {
    const { p, git } = repo();
    writeFileSync(
      join(p.root, 'fixtures.py'),
      Array.from({ length: 1500 }, (_, i) => `k${i} = "${openaiKey('legacy', `hist-${i}`)}"`).join('\n'),
    );
    git('add', 'fixtures.py');
    git('commit', '-q', '-m', 'fixtures');
    const h = await scanHistory(p.root);
    assert.equal(h.hits.filter((x) => x.rel === 'fixtures.py').length, MAX_HITS_PER_FILE);
    assert.ok(
      h.notes.some((n) => n.path === 'fixtures.py' && n.kind === 'limit' && n.message.startsWith('500 more keys')),
    );
  });
});
