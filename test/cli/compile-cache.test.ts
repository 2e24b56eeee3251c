/**
 * The bundle's code cache (src/cli/compile-cache.ts): a run with the cache prints what a run without
 * it prints; a cache V8 cannot use (garbage, cut short, made by another file) is compiled past and
 * made again; KEYDOCTOR_COMPILE_CACHE=0 and an unwritable cache folder leave nothing behind.
 * Each case runs a copy of the bundle (dist/cli-cache-test-*, beside dist/cli so that its
 * dependencies and the native addon resolve the same way).
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import Module from 'node:module';
import { join, resolve } from 'node:path';
import { tempProject, type TempProject } from '../helpers/project.js';
import { openaiKey } from '../helpers/keys.js';

const built = join('dist', 'cli');
const ours = typeof (Module as unknown as { enableCompileCache?: unknown }).enableCompileCache !== 'function';
const copies: string[] = [];
const made: TempProject[] = [];
after(() => {
  for (const c of copies) rmSync(c, { recursive: true, force: true });
  for (const p of made) p.cleanup();
});

let n = 0;
function bundleCopy(): string {
  const dir = resolve('dist', `cli-cache-test-${process.pid}-${n++}`);
  cpSync(built, dir, { recursive: true, filter: (src) => !src.includes('.cache') });
  copies.push(dir);
  return dir;
}

function run(dir: string, root: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [join(dir, 'bin.cjs'), 'scan', '--format', 'json', root], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...env },
  });
  return { status: r.status, out: r.stdout.replace(/"ms": \d+/g, '"ms": 0'), err: r.stderr };
}

/** The scan's set of caches (one set per command). */
const cacheFiles = (dir: string, set = 'scan'): string[] => {
  const c = join(dir, '.cache', set);
  return existsSync(c) && statSync(c).isDirectory() ? readdirSync(c).sort() : [];
};

describe(
  'the code cache of the bundle',
  { skip: !existsSync(join(built, 'bin.cjs')) && 'dist/cli is not built' },
  () => {
    const project = () => {
      const p = tempProject({ 'app.py': `KEY = "${openaiKey('proj', 'cache')}"\n`, 'README.md': '# x\n' });
      made.push(p);
      return p.root;
    };

    it('a run makes it, the next uses it, and both print the same', () => {
      const dir = bundleCopy();
      const root = project();
      const first = run(dir, root);
      assert.equal(first.status, 1, first.err);
      const files = cacheFiles(dir);
      if (ours) assert.ok(files.length >= 3, files.join(' '));
      const times = files.map((f) => statSync(join(dir, '.cache', 'scan', f)).mtimeMs);
      const second = run(dir, root);
      assert.equal(second.status, 1, second.err);
      assert.equal(second.out, first.out);
      assert.deepEqual(cacheFiles(dir), files, 'nothing new to cache');
      if (ours)
        assert.deepEqual(
          files.map((f) => statSync(join(dir, '.cache', 'scan', f)).mtimeMs),
          times,
          'no file rewritten',
        );
    });

    it(
      'a cache V8 cannot use is compiled past, the output unchanged, and made again',
      { skip: !ours && 'Node keeps the cache' },
      () => {
        const dir = bundleCopy();
        const root = project();
        const clean = run(dir, root);
        const files = cacheFiles(dir);
        assert.ok(files.length >= 3);
        // Garbage, a file cut in half, and one chunk's cache under another chunk's name.
        const at = (i: number) => join(dir, '.cache', 'scan', files[i] as string);
        writeFileSync(at(0), Buffer.from('not a code cache at all, but long enough to look like one'.repeat(40)));
        const half = readFileSync(at(1));
        writeFileSync(at(1), half.subarray(0, half.length >> 1));
        writeFileSync(at(2), readFileSync(at(files.length - 1)));
        const again = run(dir, root);
        assert.equal(again.status, 1, again.err);
        assert.equal(again.out, clean.out);
        assert.equal(again.err, '');
        // Made again: the next run accepts every file and rewrites none.
        const times = files.map((_, i) => statSync(at(i)).mtimeMs);
        assert.equal(run(dir, root).out, clean.out);
        assert.deepEqual(
          files.map((_, i) => statSync(at(i)).mtimeMs),
          times,
        );
      },
    );

    it(
      'each command has its own set: a doctor run after a scan makes its own and rewrites none of the scan’s',
      { skip: !ours && 'Node keeps the cache' },
      () => {
        const dir = bundleCopy();
        const root = project();
        run(dir, root);
        const scans = cacheFiles(dir);
        const times = scans.map((f) => statSync(join(dir, '.cache', 'scan', f)).mtimeMs);
        const r = spawnSync(process.execPath, [join(dir, 'bin.cjs'), '--offline', root], {
          encoding: 'utf8',
          env: { PATH: process.env.PATH, HOME: root },
        });
        assert.equal(r.stderr, '');
        const doctors = cacheFiles(dir, 'doctor');
        assert.ok(doctors.length > scans.length, `${doctors.length} doctor caches, ${scans.length} scan caches`);
        // Chunks both load (the report, the masking) are cached once in each set.
        assert.ok(scans.some((f) => doctors.includes(f)));
        assert.deepEqual(cacheFiles(dir), scans);
        assert.deepEqual(
          scans.map((f) => statSync(join(dir, '.cache', 'scan', f)).mtimeMs),
          times,
        );
      },
    );

    it(
      'the build leaves the scan a set made by a scan of archives (scripts/warm-cache.mjs)',
      { skip: !ours && 'Node keeps the cache' },
      () => {
        const scan = cacheFiles(built);
        const reader = readdirSync(built).find((f) => /^reader-[0-9a-f]+\.cjs$/.test(f));
        assert.ok(reader, 'the bundle has a reader chunk');
        assert.ok(
          scan.some((f) => f.startsWith(`${reader}.`)),
          `no cache of ${reader} in ${join(built, '.cache', 'scan')}: ${scan.join(' ')}`,
        );
        assert.ok(cacheFiles(built, 'doctor').length > 0, 'the doctor has its set too');
      },
    );

    it('KEYDOCTOR_COMPILE_CACHE=0, or a cache folder that cannot be made, leaves nothing and changes nothing', () => {
      const root = project();
      const off = bundleCopy();
      const a = run(off, root, { KEYDOCTOR_COMPILE_CACHE: '0' });
      assert.equal(a.status, 1, a.err);
      assert.equal(existsSync(join(off, '.cache')), false);
      const blocked = bundleCopy();
      writeFileSync(join(blocked, '.cache'), 'a file where the folder would be\n');
      const b = run(blocked, root);
      assert.equal(b.status, 1, b.err);
      assert.equal(b.out, a.out);
      assert.equal(b.err, '');
      assert.equal(readFileSync(join(blocked, '.cache'), 'utf8'), 'a file where the folder would be\n');
    });
  },
);
