/**
 * The native walk's .gitignore rules (native/ignore.c) against the `ignore` package the JavaScript
 * walk uses: first rule set by rule set (every compiled rule set's test() of many paths, generated
 * and real), then whole walks (every file holds a key, so the hits name the files each walk took).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ignore } from 'ignore';
import { nativeAddon } from '../../src/native/addon.js';
import { ignoreOf, nativeRules, gitConfigEntries, repoIgnores } from '../../src/fs/gitignore.js';
import { scanTree } from '../../src/scan/tree.js';
import { nativePrefilter } from '../../src/scan/native.js';
import { tempProject, writeTree, type Tree } from '../helpers/project.js';
import { openaiKey } from '../helpers/keys.js';

const addon = nativeAddon();
const native = addon?.addRules && addon.testRules && nativePrefilter()?.walk ? addon : undefined;
const skip = native ? false : 'the native addon is not built';

const corpusPath = fileURLToPath(new URL('../../../test/data/gitignore-corpus.json', import.meta.url));
const corpus = JSON.parse(readFileSync(corpusPath, 'utf8')) as { repos: Record<string, Record<string, string>> };

/** A small deterministic generator. */
function prng(seed: number): (n: number) => number {
  let s = seed >>> 0 || 1;
  return (n) => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s % n;
  };
}

const TOKENS = [
  'a',
  'b',
  'ab',
  'foo',
  '.js',
  'x.y',
  '*',
  '**',
  '?',
  '/',
  '[a-c]',
  '[!a]',
  '[^b]',
  '[[:alpha:]]',
  '[[:digit:]x]',
  '[[:bogus:]]',
  '\\*',
  '\\ ',
  ' ',
  '\\[',
  '[]',
  ']',
  '\\!',
  '\\#',
  'A',
  '-',
  '+',
  '(',
  ')',
  '$',
  '^',
  '{',
  '}',
  '|',
  '.',
  '\\\\',
  '\\a',
  '[a-]',
  '[\\]]',
  '[z-a]',
  '***',
  '/**/',
  '**/',
  '/**',
  '\t',
  'node_modules',
  'dist',
  '.env',
  '%',
  '#',
  '!',
];
const SEGMENTS = [
  'a',
  'b',
  'ab',
  'foo',
  'x.js',
  'x.y',
  'A',
  'AB.JS',
  'é',
  'É',
  '😀',
  '.env',
  '.hidden',
  'a b',
  '[x]',
  '*',
  'node_modules',
  'dist',
  'c',
  'abc',
  'x',
  'fooa',
  'foo.js',
  '.js',
  'Foo',
  'a-b',
  'ſ',
  'K',
  'k',
  '$',
  '(',
  '\\',
  'lib',
  'test',
  'fixtures',
  'build',
  'coverage',
  '.log',
  'x.log',
  'LICENSE',
  'a.d.ts',
  '#x',
  '!x',
  ' x',
  'x ',
  '9',
];

function genPattern(r: (n: number) => number): string {
  let p = '';
  const n = 1 + r(5);
  for (let i = 0; i < n; i++) p += TOKENS[r(TOKENS.length)];
  if (r(6) === 0) p = `!${p}`;
  if (r(8) === 0) p = `/${p}`;
  if (r(8) === 0) p += '/';
  if (r(12) === 0) p += '\r';
  return p;
}

function genPath(r: (n: number) => number): string {
  const n = 1 + r(4);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(SEGMENTS[r(SEGMENTS.length)] as string);
  return parts.join('/') + (r(3) === 0 ? '/' : '');
}

/** Paths a pattern is about: its wildcards filled in a few ways, under a folder or not, as a file and a folder. */
function pathsFor(line: string): string[] {
  let p = line.trim();
  if (!p || p.startsWith('#')) return [];
  if (p.startsWith('!')) p = p.slice(1);
  p = p.replace(/^\/+/, '').replace(/\\(.)/g, '$1');
  const fills = [
    (s: string) =>
      s
        .replace(/\*\*\//g, '')
        .replace(/\/\*\*/g, '/z')
        .replace(/\*/g, '')
        .replace(/\?/g, 'q')
        .replace(/\[!?\^?([^\]])[^\]]*\]/g, '$1'),
    (s: string) =>
      s
        .replace(/\*\*\//g, 'p/q/')
        .replace(/\/\*\*/g, '/m/n')
        .replace(/\*/g, 'w')
        .replace(/\?/g, 'Q')
        .replace(/\[[^\]]*\]/g, 'Z'),
    (s: string) =>
      s
        .replace(/\*\*/g, 'deep')
        .replace(/\*/g, 'x.y')
        .replace(/\?/g, '_')
        .replace(/\[[^\]]*\]/g, '0'),
  ];
  const out = new Set<string>();
  for (const f of fills) {
    const base = f(p)
      .replace(/\/+/g, '/')
      .replace(/^\/|\/$/g, '');
    if (!base) continue;
    for (const q of [base, `sub/${base}`, `${base}/inner.txt`, `packages/pkg/${base}`, base.toUpperCase()]) {
      out.add(q);
      out.add(`${q}/`);
    }
  }
  return [...out];
}

/** RuleManager.test(path) of the package (no parents), as the native test answers it: 0, 1 ignored, 2 unignored. */
function packageTest(ig: Ignore, path: string): number {
  const t = (
    ig as unknown as { _rules: { test(p: string, mode: string): { ignored: boolean; unignored: boolean } } }
  )._rules.test(path, 'regex');
  return t.ignored ? 1 : t.unignored ? 2 : 0;
}

function compareSet(text: string, paths: string[]): { supported: boolean; bad: Array<[string, number, number]> } {
  const ig = ignoreOf(text);
  const rules = nativeRules(ig);
  assert.ok(rules, 'the package internals are readable');
  const id = native?.addRules?.(rules.rules, rules.shortcut) ?? -1;
  if (id < 0) return { supported: false, bad: [] };
  const got = native?.testRules?.(id, paths) as Uint8Array;
  const bad: Array<[string, number, number]> = [];
  paths.forEach((p, i) => {
    const want = packageTest(ig, p);
    if (got[i] !== want) bad.push([p, want, got[i] as number]);
  });
  return { supported: true, bad };
}

describe('native .gitignore matching = the ignore package', { skip }, () => {
  it('every generated rule set tests every generated path alike (negation, anchoring, **, classes, escapes, folders)', () => {
    const r = prng(19);
    let supported = 0;
    let paths = 0;
    for (let k = 0; k < 1500; k++) {
      const lines = Array.from({ length: 1 + r(6) }, () => genPattern(r));
      const text = lines.join(r(2) ? '\n' : '\r\n');
      const ps = [...Array.from({ length: 40 }, () => genPath(r)), ...lines.flatMap(pathsFor)];
      const res = compareSet(text, ps);
      if (!res.supported) continue;
      supported++;
      paths += ps.length;
      assert.deepEqual(res.bad, [], `rules ${JSON.stringify(text)}`);
    }
    // Rule sets with a non-ASCII character are left to JavaScript; the rest must be matched here.
    assert.ok(supported > 1000, `${supported} of 1500 rule sets were matched natively`);
    assert.ok(paths > 50_000);
  });

  it("the real .gitignore files of five repositories test alike, each over paths made from every repository's patterns", () => {
    const all = Object.values(corpus.repos).flatMap((files) => Object.values(files));
    const paths = [...new Set(all.flatMap((t) => t.split(/\r?\n/).flatMap(pathsFor)))];
    const r = prng(5);
    for (let i = 0; i < 500; i++) paths.push(genPath(r));
    assert.ok(paths.length > 2000);
    for (const [repo, files] of Object.entries(corpus.repos)) {
      for (const [where, text] of Object.entries(files)) {
        const res = compareSet(text, paths);
        assert.ok(res.supported, `${repo}/${where} is matched natively`);
        assert.deepEqual(res.bad, [], `${repo}/${where}`);
      }
    }
  });

  it('rules it cannot match exactly are refused, not guessed (non-ASCII patterns)', () => {
    for (const text of ['é*', 'dossier-été/', '*.日本']) {
      const rules = nativeRules(ignoreOf(text));
      assert.ok(rules);
      assert.equal(native?.addRules?.(rules.rules, rules.shortcut), -1, text);
    }
  });
});

describe('git config for core.excludesFile', () => {
  it('reads sections, subsections, quotes, escapes, comments and continued lines', () => {
    const entries = gitConfigEntries(
      [
        '# comment',
        '[core]',
        '\texcludesFile = "~/my ignore" ; trailing comment',
        '[Core "sub"]',
        '  excludesfile = other',
        '[core]',
        '  autocrlf',
        '  excludesfile = a\\',
        'b # c',
        '[include]',
        '  path = inc.cfg',
      ].join('\n'),
    );
    assert.deepEqual(entries, [
      ['core', 'excludesfile', '~/my ignore'],
      ['core.sub', 'excludesfile', 'other'],
      ['core', 'autocrlf', undefined],
      ['core', 'excludesfile', 'ab'],
      ['include', 'path', 'inc.cfg'],
    ]);
  });
});

describe('native walk = JavaScript walk, with .gitignore rules', { skip }, () => {
  const saved: Record<string, string | undefined> = {};
  const ENV = ['GIT_CONFIG_GLOBAL', 'GIT_CONFIG_NOSYSTEM', 'XDG_CONFIG_HOME', 'HOME'];
  let home = '';
  const homeP = tempProject();
  before(() => {
    for (const k of ENV) saved[k] = process.env[k];
    home = homeP.home;
    process.env.HOME = home;
    process.env.XDG_CONFIG_HOME = join(home, '.config');
    process.env.GIT_CONFIG_NOSYSTEM = '1';
    delete process.env.GIT_CONFIG_GLOBAL;
  });
  after(() => {
    for (const k of ENV) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    homeP.cleanup();
  });

  const key = (rel: string) => `KEY = "${openaiKey('proj', rel)}"\n`;

  /** Both walks over `root`: the files they took (every file holds a key) and their counts. */
  async function both(root: string, noIgnore = false) {
    const n = await scanTree(root, { noIgnore });
    const j = await scanTree(root, { noIgnore, workers: 0 });
    assert.equal(n.stats.reader, 'native');
    assert.equal(j.stats.reader, 'thread');
    const files = (t: typeof n) => [...new Set(t.hits.map((h) => h.rel))].sort();
    const notes = (t: typeof n) => t.notes.map((x) => `${x.kind}:${x.path ?? ''}:${x.message}`).sort();
    return {
      native: { files: files(n), count: n.stats.files, notes: notes(n) },
      js: { files: files(j), count: j.stats.files, notes: notes(j) },
    };
  }

  async function same(
    tree: Tree,
    opts: { git?: boolean; noIgnore?: boolean; expect?: { has?: string[]; hasNot?: string[] } } = {},
  ) {
    const p = tempProject({});
    try {
      const files: Tree = {};
      for (const [rel, content] of Object.entries(tree)) files[rel] = content === '' ? key(rel) : content;
      writeTree(p.root, files);
      if (opts.git) mkdirSync(join(p.root, '.git', 'info'), { recursive: true });
      const r = await both(p.root, opts.noIgnore);
      assert.deepEqual(r.native, r.js);
      for (const f of opts.expect?.has ?? []) assert.ok(r.native.files.includes(f), `${f} is scanned`);
      for (const f of opts.expect?.hasNot ?? []) assert.ok(!r.native.files.includes(f), `${f} is not scanned`);
      return r;
    } finally {
      p.cleanup();
    }
  }

  it('nested .gitignore files: negation, anchoring, **, folder-only rules, the parent rule, bundle and dotenv exceptions', async () => {
    await same(
      {
        '.gitignore': [
          '*.log',
          '!keep.log',
          '/top-only.txt',
          'build/',
          'docs/**/*.tmp',
          '**/cache',
          'dist',
          'lib/*',
          '!lib/public/',
          'Secret*',
          '.env',
          'name-only',
          'yy/',
        ].join('\n'),
        // A folder one level ignores and a deeper one un-ignores is walked, but the first level still
        // ignores what is in it (the package's parent rule, which git does not have).
        'x/.gitignore': '!yy/\n',
        'x/yy/f.txt': '',
        'x/yy/.env': '',
        'x/keep.txt': '',
        'a.log': '',
        'keep.log': '',
        'top-only.txt': '',
        'sub/top-only.txt': '',
        'src/app.js': '',
        'src/x.log': '',
        'build/out.js': '',
        'build/server/s.js': '',
        'docs/a/b/c.tmp': '',
        'docs/c.tmp': '',
        'docs/ok.md': '',
        'x/cache/f.txt': '',
        'dist/main.js': '',
        'dist/readme.md': '',
        'lib/a.js': '',
        'lib/public/p.js': '',
        'SECRETS.md': '',
        'secretary.txt': '',
        '.env': '',
        'sub/.env': '',
        'sub/.env.example': '',
        'name-only/f.txt': '',
        'deep/name-only': '',
        'pkg/.gitignore': ['*.md', '!README.md', '/local/', 'sub/**'].join('\n'),
        'pkg/x.md': '',
        'pkg/README.md': '',
        'pkg/local/f.txt': '',
        'pkg/deep/local/f.txt': '',
        'pkg/sub/a/b.txt': '',
        'pkg/keep.txt': '',
        'pkg/inner/.gitignore': '!*.md\n*.txt\n',
        'pkg/inner/y.md': '',
        'pkg/inner/t.txt': '',
        'pkg/inner/deeper/.gitignore': 'ok\n',
        'pkg/inner/deeper/ok': '',
        'pkg/inner/deeper/z.txt': '',
      },
      {
        expect: {
          has: [
            'x/yy/.env',
            'x/keep.txt',
            'keep.log',
            'sub/top-only.txt',
            'dist/main.js',
            'build/out.js',
            'lib/public/p.js',
            '.env',
            'pkg/README.md',
            'pkg/inner/y.md',
          ],
          hasNot: [
            'x/yy/f.txt',
            'a.log',
            'top-only.txt',
            'dist/readme.md',
            'build/server/s.js',
            'lib/a.js',
            'SECRETS.md',
            'pkg/x.md',
            'pkg/inner/t.txt',
            'pkg/inner/deeper/ok',
          ],
        },
      },
    );
  });

  it('.git/info/exclude and core.excludesFile (configured, and the default ~/.config/git/ignore) apply below every .gitignore', async () => {
    const p = tempProject({});
    try {
      writeTree(p.root, {
        'a.txt': key('a'),
        'b.txt': key('b'),
        'c.txt': key('c'),
        'd.txt': key('d'),
        'e.txt': key('e'),
        '.gitignore': '!b.txt\n',
      });
      mkdirSync(join(p.root, '.git', 'info'), { recursive: true });
      writeFileSync(join(p.root, '.git', 'info', 'exclude'), 'a.txt\nb.txt\n');
      writeFileSync(join(p.root, '.git', 'config'), '[core]\n\texcludesFile = ~/global-ignore\n');
      writeFileSync(join(home, 'global-ignore'), 'c.txt\n');
      mkdirSync(join(home, '.config', 'git'), { recursive: true });
      writeFileSync(join(home, '.config', 'git', 'ignore'), 'd.txt\n');
      let r = await both(p.root);
      assert.deepEqual(r.native, r.js);
      assert.deepEqual(r.native.files, ['b.txt', 'd.txt', 'e.txt']);
      // Unset, the default file counts.
      writeFileSync(join(p.root, '.git', 'config'), '[core]\n\tbare = false\n');
      assert.deepEqual(
        repoIgnores(p.root).map((x) => x.path),
        [join(home, '.config', 'git', 'ignore'), join(p.root, '.git', 'info', 'exclude')],
      );
      r = await both(p.root);
      assert.deepEqual(r.native, r.js);
      assert.deepEqual(r.native.files, ['b.txt', 'c.txt', 'e.txt']);
      // GIT_CONFIG_GLOBAL names the global config file.
      writeFileSync(join(home, 'gc'), '[core]\nexcludesfile = e-ignore\n');
      writeFileSync(join(p.root, 'e-ignore'), 'e.txt\n');
      process.env.GIT_CONFIG_GLOBAL = join(home, 'gc');
      r = await both(p.root);
      delete process.env.GIT_CONFIG_GLOBAL;
      assert.deepEqual(r.native, r.js);
      assert.deepEqual(r.native.files, ['b.txt', 'c.txt', 'd.txt']);
      // Not at the top of a work tree: none of them.
      rmSync(join(p.root, '.git'), { recursive: true });
      r = await both(p.root);
      assert.deepEqual(r.native, r.js);
      assert.deepEqual(r.native.files, ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt']);
    } finally {
      p.cleanup();
    }
  });

  it('hands folders back to JavaScript where it cannot decide (a name that is not UTF-8, a rule it cannot match, an unreadable .gitignore)', async () => {
    const p = tempProject({});
    try {
      writeTree(p.root, {
        '.gitignore': '*.tmp\n',
        'a.tmp': key('a'),
        'ok.txt': key('ok'),
        'odd/x.tmp': key('x'),
        'odd/y.txt': key('y'),
        'intl/.gitignore': 'été/\n*.log\n',
        'intl/été/f.txt': key('f'),
        'intl/g.log': key('g'),
        'intl/h.txt': key('h'),
        'big/.gitignore': `${'#'.repeat(5 << 20)}\n`,
        'big/k.tmp': key('k'),
        'big/l.txt': key('l'),
      });
      writeFileSync(
        join(p.root, 'odd', Buffer.from([0x6e, 0xff, 0x2e, 0x74, 0x78, 0x74]).toString('latin1')),
        key('latin1'),
      );
      writeFileSync(
        Buffer.concat([Buffer.from(join(p.root, 'odd') + '/'), Buffer.from([0x62, 0xfe, 0x2e, 0x74, 0x6d, 0x70])]),
        key('bad'),
      );
      const r = await both(p.root);
      assert.deepEqual(r.native, r.js);
      assert.ok(
        r.native.files.includes('intl/h.txt') &&
          !r.native.files.includes('intl/g.log') &&
          !r.native.files.includes('intl/été/f.txt'),
      );
      assert.ok(r.native.notes.some((n) => n.startsWith('unreadable:big/.gitignore')));
    } finally {
      p.cleanup();
    }
  });

  it('the real .gitignore files of five repositories, in trees made from their own patterns', async () => {
    for (const [repo, gitignores] of Object.entries(corpus.repos)) {
      const tree: Tree = {};
      const folders = new Set<string>(['']);
      for (const [where, text] of Object.entries(gitignores)) {
        tree[where] = text;
        const dir = where.includes('/') ? where.slice(0, where.lastIndexOf('/')) : '';
        folders.add(dir);
      }
      for (const [where, text] of Object.entries(gitignores)) {
        const dir = where.includes('/') ? where.slice(0, where.lastIndexOf('/') + 1) : '';
        for (const line of text.split(/\r?\n/)) {
          for (const path of pathsFor(line).slice(0, 12)) {
            const rel = `${dir}${path}`.replace(/\/$/, '/f.txt');
            const segs = rel.split('/');
            if (
              segs.some((s) => s === '' || s === '.git' || s === '..' || s === '.') ||
              segs.slice(0, -1).includes('.gitignore')
            )
              continue;
            tree[rel] ??= '';
          }
        }
      }
      for (const f of folders)
        for (const n of ['index.js', 'README.md', '.env', 'dist/app.js', 'lib/x.js', 'node_modules/m/i.js'])
          tree[f ? `${f}/${n}` : n] ??= '';
      // A path that is both a file and a folder cannot be made: keep the folder.
      for (const rel of Object.keys(tree)) {
        const parts = rel.split('/');
        for (let i = 1; i < parts.length; i++) delete tree[parts.slice(0, i).join('/')];
      }
      for (const [where, text] of Object.entries(gitignores)) tree[where] = text;
      const r = await same(tree);
      // Some of the files are ignored, some are not.
      const made = Object.values(tree).filter((c) => c === '').length;
      assert.ok(
        r.native.files.length >= 10 && r.native.files.length < made,
        `${repo}: ${r.native.files.length} of ${made} files scanned`,
      );
    }
  });

  it('random trees with random nested rule sets walk alike', async () => {
    const r = prng(7);
    const names = [
      'a',
      'b',
      'src',
      'lib',
      'dist',
      'build',
      'test',
      'x.js',
      'y.md',
      'z.log',
      '.env',
      'A.JS',
      'node_modules',
      'cache',
      'out',
      'docs',
      'k.tmp',
    ];
    for (let round = 0; round < 12; round++) {
      const tree: Tree = {};
      for (let i = 0; i < 120; i++) {
        const depth = 1 + r(4);
        const parts = Array.from({ length: depth }, () => names[r(names.length)] as string);
        parts[parts.length - 1] = `${parts[parts.length - 1]}${r(3) === 0 ? '.txt' : ''}`;
        tree[parts.join('/')] = '';
      }
      const dirs = new Set(
        Object.keys(tree).flatMap((f) =>
          f
            .split('/')
            .slice(0, -1)
            .map((_, i, a) => a.slice(0, i + 1).join('/')),
        ),
      );
      for (const d of ['', ...[...dirs].filter(() => r(4) === 0)]) {
        const lines = Array.from({ length: 1 + r(5) }, () => {
          const pick = [
            names[r(names.length)],
            `*.${['js', 'md', 'log', 'txt', 'tmp'][r(5)]}`,
            `/${names[r(names.length)]}`,
            `${names[r(names.length)]}/`,
            `**/${names[r(names.length)]}`,
            `${names[r(names.length)]}/**`,
            `!${names[r(names.length)]}`,
            `!*.txt`,
          ][r(8)] as string;
          return pick;
        });
        tree[d ? `${d}/.gitignore` : '.gitignore'] = lines.join('\n') + '\n';
      }
      for (const rel of Object.keys(tree)) {
        const parts = rel.split('/');
        for (let i = 1; i < parts.length; i++) delete tree[parts.slice(0, i).join('/')];
      }
      await same(tree);
      await same(tree, { noIgnore: true });
    }
  });
});
