import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanHistory, scanStaged } from '../../src/scan/history.js';
import { tempProject } from '../helpers/project.js';
import { openaiKey, foreignKey } from '../helpers/keys.js';

function gitIn(root: string) {
  return (date: string, ...args: string[]) =>
    execFileSync('git', args, {
      cwd: root,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Ada',
        GIT_AUTHOR_EMAIL: 'ada@example.com',
        GIT_COMMITTER_NAME: 'Ada',
        GIT_COMMITTER_EMAIL: 'ada@example.com',
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_DATE: date,
      },
    })
      .toString('utf8')
      .trim();
}

describe('scanHistory', () => {
  const p = tempProject({ 'README.md': '# app\n' }, {}, { git: true });
  after(() => p.cleanup());
  const g = gitIn(p.root);
  const added = openaiKey('proj', 'hist-added');
  const kept = openaiKey('legacy', 'hist-kept');
  const branchKey = foreignKey('anthropic', 'hist-branch');
  // 1: add a key; 2: remove it; 3: add another in a notebook and keep it; a key on a side branch.
  writeFileSync(join(p.root, 'app.py'), `import openai\n\nopenai.api_key = "${added}"\n`);
  g('2025-01-02T10:00:00Z', 'add', '-A');
  g('2025-01-02T10:00:00Z', 'commit', '-q', '-m', 'add key');
  const first = g('2025-01-02T10:00:00Z', 'rev-parse', 'HEAD');
  writeFileSync(join(p.root, 'app.py'), 'import openai\n\nopenai.api_key = os.environ["OPENAI_API_KEY"]\n');
  g('2025-01-03T10:00:00Z', 'commit', '-q', '-am', 'remove key');
  writeFileSync(join(p.root, 'nb.ipynb'), JSON.stringify({ cells: [{ source: [`k = "${kept}"\n`] }] }, null, 1));
  g('2025-01-04T10:00:00Z', 'add', '-A');
  g('2025-01-04T10:00:00Z', 'commit', '-q', '-m', 'notebook');
  // the same key again in a later commit: still reported once, at its first commit
  writeFileSync(join(p.root, 'copy.txt'), `${added}\n`);
  g('2025-01-05T10:00:00Z', 'add', '-A');
  g('2025-01-05T10:00:00Z', 'commit', '-q', '-m', 'copy');
  g('2025-01-06T10:00:00Z', 'checkout', '-q', '-b', 'side');
  writeFileSync(join(p.root, 'side.env'), `ANTHROPIC_API_KEY=${branchKey}\n`);
  g('2025-01-06T10:00:00Z', 'add', '-A');
  g('2025-01-06T10:00:00Z', 'commit', '-q', '-m', 'side');
  g('2025-01-06T10:00:00Z', 'checkout', '-q', 'main');
  rmSync(join(p.root, 'side.env'), { force: true });

  it('reports every key once, at the commit that introduced it, with author and date', async () => {
    const r = await scanHistory(p.root);
    const bySecret = new Map(r.hits.map((h) => [h.secret, h]));
    assert.equal(r.hits.length, 3, r.hits.map((h) => h.rel).join(','));
    const a = bySecret.get(added);
    assert.equal(a?.commit, first);
    assert.equal(a?.rel, 'app.py');
    assert.equal(a?.line, 3);
    assert.equal(a?.author, 'Ada');
    assert.match(a?.date ?? '', /^2025-01-02/);
    assert.equal(bySecret.get(kept)?.rel, 'nb.ipynb');
    assert.equal(bySecret.get(branchKey)?.rel, 'side.env');
    assert.ok(r.stats.commits >= 5);
  });
});

describe('scanHistory: what git shows no lines of', () => {
  it('a key in a file a .gitattributes line hides from diffs (-diff), or in UTF-16, is found in the commit that added it, though a later commit removed it', async () => {
    const p = tempProject({ 'README.md': '# app\n' }, {}, { git: true });
    try {
      const g = gitIn(p.root);
      const hidden = openaiKey('proj', 'hist-bin-attr');
      const utf16 = openaiKey('svcacct', 'hist-bin-utf16');
      const inBinary = openaiKey('proj', 'hist-bin-nul');
      writeFileSync(join(p.root, '.gitattributes'), '* -diff\n');
      writeFileSync(join(p.root, 'config.txt'), `# settings\nOPENAI_API_KEY=${hidden}\n`);
      writeFileSync(
        join(p.root, 'win.env'),
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`OPENAI_API_KEY=${utf16}\n`, 'utf16le')]),
      );
      writeFileSync(join(p.root, 'blob.bin'), Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(`${inBinary}\n`)]));
      g('2025-02-01T10:00:00Z', 'add', '-A');
      g('2025-02-01T10:00:00Z', 'commit', '-q', '-m', 'config');
      const added = g('2025-02-01T10:00:00Z', 'rev-parse', 'HEAD');
      writeFileSync(join(p.root, 'config.txt'), '# settings\n');
      rmSync(join(p.root, 'win.env'));
      g('2025-02-02T10:00:00Z', 'add', '-A');
      g('2025-02-02T10:00:00Z', 'commit', '-q', '-m', 'remove');
      const r = await scanHistory(p.root);
      const got = r.hits
        .map((h) => [
          h.rel,
          h.line,
          h.secret === hidden ? 'attr' : h.secret === utf16 ? 'utf16' : 'other',
          h.commit === added,
        ])
        .sort();
      assert.deepEqual(got, [
        ['config.txt', 2, 'attr', true],
        ['win.env', 1, 'utf16', true],
      ]);
      assert.ok(!r.hits.some((h) => h.secret === inBinary), 'binary content is passed over, as in the working tree');
    } finally {
      p.cleanup();
    }
  });
});

describe('scanStaged', () => {
  it('scans exactly the staged lines', async () => {
    const p = tempProject({ 'old.py': `K = "${openaiKey('proj', 'st-old')}"\n` }, {}, { git: true });
    try {
      const staged = openaiKey('svcacct', 'st-new');
      const unstaged = openaiKey('admin', 'st-unstaged');
      writeFileSync(join(p.root, 'new.ts'), `// header\nexport const key = '${staged}';\n`);
      execFileSync('git', ['add', 'new.ts'], { cwd: p.root });
      writeFileSync(join(p.root, 'my notes.md'), `key: ${staged}\n`);
      execFileSync('git', ['add', 'my notes.md'], { cwd: p.root });
      writeFileSync(
        join(p.root, 'new.ts'),
        `// header\nexport const key = '${staged}';\nexport const other = '${unstaged}';\n`,
      );
      writeFileSync(join(p.root, '.env'), `OPENAI_API_KEY=${unstaged}\n`);
      const r = await scanStaged(p.root);
      assert.deepEqual(r.hits.map((h) => [h.rel, h.line, h.secret === staged, h.staged]).sort(), [
        ['my notes.md', 1, true, true],
        ['new.ts', 2, true, true],
      ]);
    } finally {
      p.cleanup();
    }
  });
  // git shows no lines of a file it takes for binary: a `.gitattributes` line (`-diff`, `binary`),
  // UTF-16, a NUL byte. The hook must still see what the commit adds, as the tree scan would.
  it('a file git shows no lines of (-diff / binary attributes, UTF-16) is read whole from the index; a key HEAD already held is not reported; real binary content is noted', async () => {
    const held = openaiKey('proj', 'st-bin-held');
    const p = tempProject(
      { '.gitattributes': 'secrets.txt -diff\n', 'secrets.txt': `OLD=${held}\n`, 'moved.txt': `OLD=${held}\n` },
      {},
      { git: true },
    );
    try {
      const viaAttr = openaiKey('proj', 'st-bin-attr');
      const viaAll = openaiKey('svcacct', 'st-bin-all');
      const utf16 = openaiKey('proj', 'st-bin-utf16');
      const inBinary = openaiKey('proj', 'st-bin-nul');
      // A key added to a -diff file next to the one HEAD already has; a new file every file's attribute hides.
      writeFileSync(join(p.root, 'secrets.txt'), `OLD=${held}\nNEW=${viaAttr}\n`);
      writeFileSync(join(p.root, '.gitattributes'), 'secrets.txt -diff\n*.cfg binary\nmoved.txt -diff\n');
      writeFileSync(join(p.root, 'prod.cfg'), `# deploy\nOPENAI_API_KEY=${viaAll}\n`);
      writeFileSync(
        join(p.root, '.env.utf16'),
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`OPENAI_API_KEY=${utf16}\n`, 'utf16le')]),
      );
      writeFileSync(
        join(p.root, 'blob.bin'),
        Buffer.concat([Buffer.from([0, 1, 2, 3]), Buffer.from(`\nOPENAI_API_KEY=${inBinary}\n`)]),
      );
      const git = (...a: string[]) => execFileSync('git', a, { cwd: p.root, stdio: 'ignore' });
      git('mv', 'moved.txt', 'renamed.txt');
      git('add', '-A');
      const r = await scanStaged(p.root);
      const found = r.hits
        .map((h) => [
          h.rel,
          h.line,
          h.secret === viaAttr
            ? 'attr'
            : h.secret === viaAll
              ? 'all'
              : h.secret === utf16
                ? 'utf16'
                : h.secret === held
                  ? 'held'
                  : 'other',
          h.staged,
        ])
        .sort();
      assert.deepEqual(found, [
        ['.env.utf16', 1, 'utf16', true],
        ['prod.cfg', 2, 'all', true],
        ['secrets.txt', 2, 'attr', true],
      ]);
      assert.ok(
        r.notes.some((n) => n.kind === 'binary' && n.path === 'blob.bin'),
        JSON.stringify(r.notes),
      );
      assert.ok(!r.hits.some((h) => h.secret === inBinary), 'binary content is passed over, as in the working tree');
    } finally {
      p.cleanup();
    }
  });
  it('nothing staged, nothing found', async () => {
    const p = tempProject({ 'a.py': `K = "${openaiKey('proj', 'st-none')}"\n` }, {}, { git: true });
    try {
      assert.deepEqual((await scanStaged(p.root)).hits, []);
    } finally {
      p.cleanup();
    }
  });
});
