/**
 * The project listing's .gitignore decisions with the native matcher (testMany over the addon's
 * testRules) against the `ignore` package alone: rule set by rule set over generated and real
 * rules, then whole walks of generated trees (nested .gitignore files, negation, anchoring, `**`,
 * folder-only rules, .git/info/exclude), each file listed with the same `ignored` on both sides.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nativeAddon } from '../../src/native/addon.js';
import { ignoreOf, nativeRules, testMany } from '../../src/fs/gitignore.js';
import { walkProject } from '../../src/collect/files.js';
import type { Note } from '../../src/core/types.js';
import { tempProject, type Tree } from '../helpers/project.js';

const addon = nativeAddon();
const skip = addon?.addRules && addon.testRules ? false : 'the native addon is not built';

const corpusPath = fileURLToPath(new URL('../../../test/data/gitignore-corpus.json', import.meta.url));
const corpus = JSON.parse(readFileSync(corpusPath, 'utf8')) as { repos: Record<string, Record<string, string>> };

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

const NAMES = [
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
  '.env.local',
  'A.JS',
  'cache',
  'out',
  'docs',
  'k.tmp',
  'é.txt',
  'a b',
  '[x]',
  'fooa',
];
const RULES = (r: (n: number) => number): string => {
  const n = (): string => NAMES[r(NAMES.length)] as string;
  return [
    n(),
    `*.${['js', 'md', 'log', 'txt', 'tmp'][r(5)]}`,
    `/${n()}`,
    `${n()}/`,
    `**/${n()}`,
    `${n()}/**`,
    `!${n()}`,
    '!*.txt',
    `${n()}/*/${n()}`,
    `[a-c]*`,
    '?',
    `\\!${n()}`,
    `${n()}\\ `,
    '.env*',
    '!.env.example',
  ][r(15)] as string;
};

function randomTree(r: (n: number) => number): Tree {
  const tree: Tree = {};
  for (let i = 0; i < 150; i++) {
    const depth = 1 + r(4);
    const parts = Array.from({ length: depth }, () => NAMES[r(NAMES.length)] as string);
    tree[parts.join('/')] = 'x';
  }
  // A path that is both a file and a folder cannot be made: keep the folder.
  for (const rel of Object.keys(tree)) {
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) delete tree[parts.slice(0, i).join('/')];
  }
  const dirs = new Set(
    Object.keys(tree).flatMap((f) =>
      f
        .split('/')
        .slice(0, -1)
        .map((_, i, a) => a.slice(0, i + 1).join('/')),
    ),
  );
  for (const d of ['', ...[...dirs].filter(() => r(3) === 0)])
    tree[d ? `${d}/.gitignore` : '.gitignore'] = Array.from({ length: 1 + r(6) }, () => RULES(r)).join('\n') + '\n';
  return tree;
}

function listing(root: string, nativeIgnore: boolean): { files: string[]; notes: Note[] } {
  const notes: Note[] = [];
  const files = walkProject(root, notes, { nativeIgnore }).map((f) => `${f.rel}${f.ignored ? ' (ignored)' : ''}`);
  return { files, notes };
}

function sameWalk(tree: Tree, git = false): string[] {
  const p = tempProject(tree);
  try {
    if (git) {
      mkdirSync(join(p.root, '.git', 'info'), { recursive: true });
      writeFileSync(join(p.root, '.git', 'HEAD'), 'ref: refs/heads/main\n');
      writeFileSync(join(p.root, '.git', 'info', 'exclude'), 'src/\n!src/keep.js\n*.md\n');
    }
    const js = listing(p.root, false);
    const native = listing(p.root, true);
    assert.deepEqual(native, js);
    return js.files;
  } finally {
    p.cleanup();
  }
}

describe("the listing's native .gitignore matching = the ignore package", { skip }, () => {
  it("testMany answers as test() does, rule set by rule set (generated rules and the five repositories' real .gitignore files)", () => {
    const r = prng(11);
    const texts = [
      ...Array.from({ length: 200 }, () => Array.from({ length: 1 + r(8) }, () => RULES(r)).join('\n')),
      ...Object.values(corpus.repos).flatMap((files) => Object.values(files)),
    ];
    const paths: string[] = [];
    for (let i = 0; i < 400; i++) {
      const p = Array.from({ length: 1 + r(4) }, () => NAMES[r(NAMES.length)] as string).join('/');
      paths.push(p, `${p}/`);
    }
    let natively = 0;
    for (const text of texts) {
      const ig = ignoreOf(text);
      if (nativeRules(ig)) natively++;
      // testMany is asked only about paths whose parent folders the rules leave alone (the walk stops at an ignored one)
      const asked = paths.filter((p) => {
        const segs = p.replace(/\/$/, '').split('/');
        return segs.slice(0, -1).every((_, i) => !ig.test(segs.slice(0, i + 1).join('/') + '/').ignored);
      });
      const want = asked.map((p) => {
        const t = ig.test(p);
        return t.ignored ? 1 : t.unignored ? 2 : 0;
      });
      assert.deepEqual([...testMany(ig, asked)], want, text);
      assert.deepEqual([...testMany(ig, asked, false)], want, text);
    }
    // the native side really ran for most rule sets
    assert.ok(natively > texts.length / 2, `${natively} of ${texts.length} rule sets compiled natively`);
  });

  it('random trees with random nested rule sets list alike, in and out of a git work tree', () => {
    const r = prng(5);
    let ignored = 0;
    let kept = 0;
    for (let round = 0; round < 10; round++) {
      const files = sameWalk(randomTree(r), round % 2 === 1);
      ignored += files.filter((f) => f.endsWith(' (ignored)')).length;
      kept += files.filter((f) => !f.endsWith(' (ignored)')).length;
    }
    // the trees exercise both answers
    assert.ok(ignored > 20 && kept > 100, `${ignored} ignored, ${kept} kept`);
  });

  it('a folder one level ignores and a deeper level takes back: the first level still decides for what is inside, on both sides', () => {
    const files = sameWalk({
      '.gitignore': 'x/a/\n',
      'x/.gitignore': '!a/\n',
      'x/a/b.txt': 'x',
      'x/a/c/d.txt': 'x',
      'x/e.txt': 'x',
    });
    assert.ok(files.includes('x/e.txt'), files.join(', '));
    assert.ok(
      files.some((f) => f.startsWith('x/a/')),
      files.join(', '),
    );
  });

  it('the real .gitignore files of five repositories, in trees made from their own patterns', () => {
    for (const gitignores of Object.values(corpus.repos)) {
      const tree: Tree = {};
      for (const [where, text] of Object.entries(gitignores)) {
        const dir = where.includes('/') ? where.slice(0, where.lastIndexOf('/') + 1) : '';
        for (const line of text.split(/\r?\n/)) {
          const p = line
            .trim()
            .replace(/^!/, '')
            .replace(/^\/+/, '')
            .replace(/\*\*\//g, 'deep/')
            .replace(/\/\*\*/g, '/deep')
            .replace(/\*/g, 'x')
            .replace(/\?/g, 'q')
            .replace(/\[[^\]]*\]/g, 'c')
            .replace(/\\(.)/g, '$1')
            .replace(/\/+$/, '');
          if (
            !p ||
            line.trim().startsWith('#') ||
            p.split('/').some((s) => s === '' || s === '.' || s === '..' || s === '.git' || s === '.gitignore')
          )
            continue;
          tree[`${dir}${p}/f.txt`] = 'x';
          tree[`${dir}sub/${p}`] = 'x';
        }
        for (const n of ['index.js', 'README.md', '.env', 'lib/x.js']) tree[`${dir}${n}`] = 'x';
      }
      for (const rel of Object.keys(tree)) {
        const parts = rel.split('/');
        for (let i = 1; i < parts.length; i++) delete tree[parts.slice(0, i).join('/')];
      }
      for (const [where, text] of Object.entries(gitignores)) tree[where] = text;
      const files = sameWalk(tree);
      assert.ok(files.some((f) => f.endsWith(' (ignored)')) && files.some((f) => !f.endsWith(' (ignored)')));
    }
  });
});
