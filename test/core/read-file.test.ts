import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ReadAhead,
  readFileLimited,
  readFilesLimited,
  readFilesLimitedAsync,
  readTextFile,
  type ReadResult,
} from '../../src/core/read-file.js';
import type { Note } from '../../src/core/types.js';
import { nativeAddon } from '../../src/native/addon.js';

/** What readFileLimited makes of one path, in readFilesLimited's shape. */
function one(path: string, max: number): ReadResult {
  try {
    return readFileLimited(path, max);
  } catch (e) {
    return { code: (e as NodeJS.ErrnoException).code ?? String(e) };
  }
}

describe('readFilesLimited', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kd-readfiles-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'small.py'), 'import os\nprint(os.getenv("X"))\n');
  writeFileSync(join(dir, 'empty.js'), '');
  writeFileSync(join(dir, 'big.ts'), 'x'.repeat(5000));
  writeFileSync(join(dir, 'exact.ts'), 'y'.repeat(4096));
  writeFileSync(join(dir, 'ünï cødé.py'), 'print(1)\n');
  writeFileSync(join(dir, 'bytes.bin'), Buffer.from([0, 1, 2, 255, 254]));
  mkdirSync(join(dir, 'folder.js'));
  const paths = [
    'small.py',
    'empty.js',
    'big.ts',
    'exact.ts',
    'ünï cødé.py',
    'bytes.bin',
    'missing.py',
    'folder.js',
  ].map((n) => join(dir, n));

  it('gives, in order, what reading each file alone gives: bytes, the size over the cap, or the error code', () => {
    const got = readFilesLimited(paths, 4096);
    const want = paths.map((p) => one(p, 4096));
    assert.equal(got.length, paths.length);
    // Both readers refuse a folder before reading: the one-by-one reader says ENOTREG, the native one EINVAL.
    const norm = (r: ReadResult | undefined) =>
      r && typeof r === 'object' && !Buffer.isBuffer(r)
        ? r.code === 'EISDIR' || r.code === 'EINVAL' || r.code === 'ENOTREG'
          ? 'not a file'
          : r.code
        : r;
    assert.deepEqual(got.map(norm), want.map(norm));
    assert.equal((got[0] as Buffer).toString('utf8'), 'import os\nprint(os.getenv("X"))\n');
    assert.equal(got[2], 5000);
    assert.equal((got[3] as Buffer).length, 4096);
    assert.deepEqual(got[6], { code: 'ENOENT' });
    assert.deepEqual(readFilesLimited([], 10), []);
  });

  it('the thread-pool reader gives what the one-call reader gives, byte for byte (and a FIFO is refused, not waited on)', async (t) => {
    const fifo = join(dir, 'pipe2.py');
    const withFifo = process.platform !== 'win32' && spawnSync('mkfifo', [fifo]).status === 0;
    const list = withFifo ? [...paths, fifo, paths[0] as string] : paths;
    const show = (r: ReadResult | undefined) => (Buffer.isBuffer(r) ? r.toString('latin1') : r);
    assert.deepEqual((await readFilesLimitedAsync(list, 4096)).map(show), readFilesLimited(list, 4096).map(show));
    assert.deepEqual(await readFilesLimitedAsync([], 10), []);
    // a path with a NUL byte cannot be passed to the addon: read one by one, as readFilesLimited does
    const odd = [join(dir, 'small.py'), join(dir, 'a\0b')];
    assert.deepEqual((await readFilesLimitedAsync(odd, 4096)).map(show), readFilesLimited(odd, 4096).map(show));
    if (!nativeAddon()?.readFilesAsync) return t.skip('the native addon is not built: both are the JavaScript reader');
    // the addon's own answer: one buffer for the batch, [offset, length] / [-1, size] / [-2, errno] per path
    const [data, meta] = await (nativeAddon()?.readFilesAsync?.(
      Buffer.from([paths[0], paths[2], paths[6]].join('\0') + '\0'),
      3,
      4096,
    ) ?? Promise.reject(new Error('no addon')));
    assert.equal(data.toString('utf8', meta[0], (meta[0] ?? 0) + (meta[1] ?? 0)), 'import os\nprint(os.getenv("X"))\n');
    assert.deepEqual([meta[2], meta[3], meta[4]], [-1, 5000, -2]);
  });

  it('a FIFO is not opened for reading (the native reader does not block on it)', (t) => {
    if (!nativeAddon() || process.platform === 'win32') return t.skip('needs the native addon and mkfifo');
    const fifo = join(dir, 'pipe.py');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return t.skip('mkfifo failed');
    assert.deepEqual(
      readFilesLimited([fifo, paths[0] as string], 4096).map((r) => (Buffer.isBuffer(r) ? 'bytes' : r)),
      [{ code: 'EINVAL' }, 'bytes'],
    );
  });
});

describe('ReadAhead', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kd-readahead-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const names = Array.from({ length: 40 }, (_, i) => `f${i}.yaml`);
  for (const [i, n] of names.entries()) writeFileSync(join(dir, n), `n: ${i}\n`);
  writeFileSync(join(dir, 'bom.yaml'), '\ufeffa: 1\n');
  writeFileSync(join(dir, 'nul.yaml'), Buffer.from('a: 1\n\0'));
  writeFileSync(join(dir, 'big.yaml'), 'x'.repeat(200));
  mkdirSync(join(dir, 'dir.yaml'));
  const all = [...names, 'bom.yaml', 'nul.yaml', 'big.yaml', 'dir.yaml', 'missing.yaml'];
  const opts = { max: 100, what: 'deployment file', noteMissing: true };

  it('gives each file the text and the note readTextFile gives it, in any order of asking', () => {
    const ahead = new ReadAhead(
      all.map((n) => [n, join(dir, n)] as const),
      100,
      7,
    );
    // in order, out of order, and asked twice (the second time it reads the file itself)
    const order = [...all.slice(0, 10), ...all.slice(20).reverse(), ...all.slice(10, 20), 'f3.yaml', 'f25.yaml'];
    for (const n of order) {
      const viaAhead: Note[] = [];
      const alone: Note[] = [];
      assert.equal(
        readTextFile(join(dir, n), n, viaAhead, opts, ahead.take(n)),
        readTextFile(join(dir, n), n, alone, opts),
        n,
      );
      assert.deepEqual(viaAhead, alone, n);
    }
    assert.equal(ahead.take('f3.yaml'), undefined, 'handed over once');
    assert.equal(ahead.take('other.yaml'), undefined, 'not in the list');
  });
});
