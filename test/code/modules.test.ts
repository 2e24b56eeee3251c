import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  cachedResolvers,
  fileIndex,
  resolveJs,
  resolveJsIndexed,
  resolvePy,
  resolvePyIndexed,
} from '../../src/code/modules.js';

// Deterministic pseudo-random choices, so a failure names a reproducible case.
function rng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    // mulberry32
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

const DIRS = ['', 'src', 'app', 'src/lib', 'pkg', 'pkg/sub', 'src/a.b', 'lib/x'];
const STEMS = ['index', 'mod', 'a', 'util', '__init__', 'a.b', 'x', 'mod.test', 'openai'];
const EXTS = ['', '.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts', '.py', '.json', '.d.ts'];
const JS_SPECS = [
  './mod',
  './mod.js',
  '../a',
  './lib',
  '@/lib/util',
  '~/mod',
  './a.b',
  '../../x',
  './',
  '.',
  '..',
  './index',
  './sub/',
  './mod.mjs',
  './x.jsx',
  '../pkg/sub/mod',
  'react',
  './a/b/../mod',
];
const PY_SPECS = [
  'sub.mod',
  'pkg..sub',
  'pkg.sub.',
  'x..a',
  'x.a',
  'pkg',
  'pkg.sub',
  'pkg.sub.mod',
  '.mod',
  '..a',
  '.',
  '..',
  'src.lib.util',
  'mod',
  'lib.x.a',
  '...x',
  'a.b',
  'x',
  'openai',
  'openai.types',
];

function listing(r: (n: number) => number, round: number): string[] {
  const out = new Set<string>();
  const n = 5 + r(round % 2 ? 40 : 300);
  for (let i = 0; i < n; i++) {
    const d = DIRS[r(DIRS.length)] as string;
    const f = `${STEMS[r(STEMS.length)]}${EXTS[r(EXTS.length)]}`;
    out.add(d ? `${d}/${f}` : f);
  }
  return [...out];
}

describe('Python: a package module named after a library', () => {
  it('`import openai` in a package imports the library, not the sibling openai.py (mem0/llms/openai.py)', () => {
    const files = [
      'main.py',
      'pkg/__init__.py',
      'pkg/llms/__init__.py',
      'pkg/llms/openai.py',
      'pkg/llms/azure_openai.py',
    ];
    const set = new Set(files);
    const idx = fileIndex(files);
    for (const spec of ['openai', 'openai.types']) {
      assert.equal(
        resolvePy('pkg/llms/azure_openai.py', spec, (f) => set.has(f)),
        undefined,
        spec,
      );
      assert.equal(resolvePyIndexed('pkg/llms/azure_openai.py', spec, idx), undefined, spec);
    }
    // a script in a plain folder (no __init__.py) does see its neighbour, as `python tools/run.py` would
    const plain = ['tools/run.py', 'tools/openai.py'];
    assert.equal(
      resolvePy('tools/run.py', 'openai', (f) => plain.includes(f)),
      'tools/openai.py',
    );
  });
});

describe('module resolution over a file index', () => {
  it('answers as the one-candidate-at-a-time resolution does (2,000 generated listings)', () => {
    const r = rng(7);
    let found = 0;
    let inits = 0;
    for (let round = 0; round < 2000; round++) {
      const files = listing(r, round);
      const set = new Set(files);
      const exists = (rel: string): boolean => set.has(rel);
      const idx = fileIndex(files);
      // installable package roots (pip install -e) in half the rounds
      const roots = round % 2 ? [] : ([['pkg', 'pkg/src'], ['lib/x'], ['src/lib', 'app']][r(3)] as string[]);
      const cached = cachedResolvers(files, roots);
      for (const from of [...files.slice(0, 6), 'src/lib/deep/file.ts', 'main.py']) {
        for (const spec of JS_SPECS) {
          const want = resolveJs(from, spec, exists);
          assert.equal(resolveJsIndexed(from, spec, idx), want, `js ${from} ${spec} in ${files.join(',')}`);
          assert.equal(cached.js(from, spec), want);
          if (want) found++;
        }
        for (const spec of PY_SPECS) {
          const want = resolvePy(from, spec, exists, roots);
          assert.equal(resolvePyIndexed(from, spec, idx, roots), want, `py ${from} ${spec} in ${files.join(',')}`);
          assert.equal(cached.py(from, spec), want);
          if (want) found++;
          if (want?.endsWith('__init__.py')) inits++;
        }
      }
    }
    // the generated cases resolve often enough to mean something
    assert.ok(found > 10000, `only ${found} resolved`);
    assert.ok(inits > 1000, `only ${inits} packages resolved`);
  });
});
