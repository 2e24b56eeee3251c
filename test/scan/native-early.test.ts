/**
 * The native walk's shortcuts that must not change what the scan finds:
 * - archives are handed to JavaScript as the walk finds them (`onSpecial`), so they start
 *   decompressing during the walk; the result still lists each in `special`, and a tree's hits,
 *   notes and counts are the same as on the thread path;
 * - a binary file is known by its first 8 KiB: the rest is not read, its size still counts, and a
 *   large text file (read in a short first read and then the rest) is still judged whole;
 * - zlib's output chunk follows the archive's own size claim only as far as the input could inflate.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { scanTree } from '../../src/scan/tree.js';
import type { TreeScan } from '../../src/scan/tree-types.js';
import { nativePrefilter } from '../../src/scan/native.js';
import { chunkFor } from '../../src/scan/archive.js';
import { ArchiveJobs, scanOthers } from '../../src/scan/tree-native.js';
import { FileReader } from '../../src/scan/read.js';
import { walkRoot, SKIP_DIRS } from '../../src/scan/walk.js';
import { BUNDLE_DIRS, BUNDLE_SKIP } from '../../src/scan/paths.js';
import { tempProject } from '../helpers/project.js';
import { openaiKey } from '../helpers/keys.js';
import { tar, zip } from '../helpers/archives.js';

const tar1 = (name: string, data: Buffer) => tar([[name, data]]);
const zip1 = (name: string, data: Buffer) => zip([[name, data]]);

const native = nativePrefilter();
const skip = native?.walk ? false : 'the native walk is not built here';
const key = (seed: string) => openaiKey('proj', seed);

function shape(r: TreeScan) {
  return {
    hits: r.hits.map((h) => `${h.rel}|${h.line}:${h.column}|${h.kind}|${h.fingerprint}`),
    notes: r.notes.map((n) => `${n.kind}|${n.path ?? ''}|${n.message}`).sort(),
    files: r.stats.files,
    bytes: r.stats.bytes,
  };
}

/** Scans a tree natively and on the thread path: the same hits, notes and counts; the native result. */
const made: Array<() => void> = [];
after(() => made.forEach((c) => c()));
async function sameAsThreadPath(files: Record<string, string | Buffer>): Promise<TreeScan> {
  const p = tempProject(files);
  made.push(p.cleanup);
  const nat = await scanTree(p.root, {});
  const js = await scanTree(p.root, { workers: 0 });
  assert.equal(nat.stats.reader, 'native');
  assert.deepEqual(shape(nat), shape(js));
  return nat;
}

describe('native walk: archives start during the walk, binaries are not read whole', { skip }, () => {
  const cleanups: Array<() => void> = [];
  after(() => cleanups.forEach((c) => c()));

  it('onSpecial names every archive the result lists in special, once each', async () => {
    const files: Record<string, string | Buffer> = {};
    for (let i = 0; i < 7; i++) files[`d${i % 3}/a${i}.zip`] = zip1('x.txt', Buffer.from(`k=${key(`on${i}`)}\n`));
    files['src/app.js'] = 'console.log(1)\n';
    const p = tempProject(files);
    cleanups.push(p.cleanup);
    const base = walkRoot(p.root);
    const seen: string[] = [];
    const w = await native?.walk?.(base, {
      skip: [...SKIP_DIRS],
      bundleDirs: [...BUNDLE_DIRS],
      bundleSkip: [...BUNDLE_SKIP],
      stopAtGitignore: false,
      maxFiles: 1000,
      maxFileBytes: 25 << 20,
      threads: 2,
      starts: [{ dir: base, inBundle: false, ignored: false, own: true, levels: [] }],
      onSpecial: (path) => seen.push(path),
    });
    assert.ok(w);
    // Every queued call is delivered before the walk's promise settles or right after: wait one turn.
    await new Promise((r) => setImmediate(r));
    assert.deepEqual([...seen].sort(), [...w.special].sort());
    assert.equal(seen.length, 7);
  });

  it('onLook names every file the result lists in look, once each (not archives, not clean files)', async () => {
    const files: Record<string, string | Buffer> = {};
    for (let i = 0; i < 40; i++) files[`src/m${i % 5}/f${i}.py`] = `KEY = "${key(`look${i}`)}"\n`;
    for (let i = 0; i < 20; i++) files[`src/clean${i}.py`] = 'print(1)\n';
    files['a.zip'] = zip1('x.txt', Buffer.from(`k=${key('zipped')}\n`));
    const p = tempProject(files);
    cleanups.push(p.cleanup);
    const base = walkRoot(p.root);
    const seen: string[] = [];
    const w = await native?.walk?.(base, {
      skip: [...SKIP_DIRS],
      bundleDirs: [...BUNDLE_DIRS],
      bundleSkip: [...BUNDLE_SKIP],
      stopAtGitignore: false,
      maxFiles: 1000,
      maxFileBytes: 25 << 20,
      threads: 2,
      starts: [{ dir: base, inBundle: false, ignored: false, own: true, levels: [] }],
      onLook: (path) => seen.push(path),
    });
    assert.ok(w);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual([...seen].sort(), [...w.look].sort());
    assert.equal(seen.length, 40);
  });

  it('files judged as the walk marks them: the same hits, notes and counts as the thread path', async () => {
    const files: Record<string, string | Buffer> = {};
    for (let i = 0; i < 300; i++)
      files[`pkg/d${i % 17}/f${i}.${['py', 'js', 'env', 'json'][i % 4]}`] =
        i % 3 === 0 ? `OPENAI_API_KEY=${key(`judged${i}`)}\n# pragma: allowlist secret ${i % 2}\n` : `x = ${i}\n`;
    files['pkg/d1/.gitignore'] = 'ignored.env\n';
    files['pkg/d1/ignored.env'] = `OPENAI_API_KEY=${key('ignored')}\n`;
    files['pkg/bad.bin'] = Buffer.from([0, 1, 2, 3, 0xff, 0xfe]);
    const nat = await sameAsThreadPath(files);
    assert.ok(nat.hits.length >= 100, String(nat.hits.length));
  });

  it('many large archives (more than open at once, some started during the walk): same hits, notes and counts as the thread path', async () => {
    const files: Record<string, string | Buffer> = {};
    const filler = (i: number) => Buffer.from(`${'lorem ipsum '.repeat(20_000)}\nOPENAI_API_KEY=${key(`big${i}`)}\n`);
    for (let i = 0; i < 10; i++) {
      files[`arch/t${i}.tar.gz`] = gzipSync(tar1(`inner${i}.env`, filler(i)));
      files[`arch/z${i}.jar`] = zip1(`META-INF/k${i}.properties`, filler(100 + i));
    }
    files['arch/broken.zip'] = 'PK not really a zip';
    const nat = await sameAsThreadPath(files);
    assert.equal(nat.hits.length, 20);
    assert.ok(nat.notes.some((n) => n.path === 'arch/broken.zip'));
  });

  it('a large binary file counts whole and is not judged; a large text file with its key past the first read is found', async () => {
    const bin = Buffer.alloc(3 << 20, 0x41);
    bin[100] = 0; // a NUL in the first 8 KiB: binary
    bin.write(key('in-binary'), 2 << 20, 'latin1');
    const text = `${'x = 1\n'.repeat(40_000)}OPENAI_API_KEY=${key('late-text')}\n`; // about 240 KB: the key is past 64 KiB
    const nat = await sameAsThreadPath({ 'assets/tool.exe': bin, 'src/config.py': text });
    assert.deepEqual(
      nat.hits.map((h) => h.rel),
      ['src/config.py'],
    );
    assert.equal(nat.stats.bytes, bin.length + Buffer.byteLength(text));
    assert.ok(nat.notes.some((n) => n.kind === 'binary'));
  });
});

describe('archive chunks: the size claim, bounded', () => {
  const input = Buffer.alloc(10_000);
  it('a true claim gets one chunk for the whole output', () => {
    assert.ok(
      chunkFor({ sizeHint: 5_828_096, input: Buffer.alloc(2_700_000), maxOutputLength: 128 << 20 }) >= 5_828_096,
    );
  });
  it('a false claim costs no more than the input could inflate to, zlib may put out, or 32 MiB', () => {
    assert.ok(chunkFor({ sizeHint: 4_000_000_000, input, maxOutputLength: 128 << 20 }) <= 10_000 * 1032 + 64);
    assert.ok(
      chunkFor({ sizeHint: 4_000_000_000, input: Buffer.alloc(1 << 20), maxOutputLength: 128 << 20 }) <=
        (32 << 20) + 64,
    );
    assert.ok(chunkFor({ sizeHint: 4_000_000_000, input, maxOutputLength: 1 << 20 }) <= (1 << 20) + 64);
    assert.equal(chunkFor({ sizeHint: 0, input, maxOutputLength: 1 << 20 }), 16 << 10);
  });
});

describe('the archives left after the walk wait for the ones the walk started', () => {
  const cleanups: Array<() => void> = [];
  after(() => cleanups.forEach((c) => c()));

  it('the first archive in the list waiting for four the walk started (later in the list) still has its result in', async () => {
    const files: Record<string, string | Buffer> = {};
    for (let i = 0; i < 6; i++) files[`a${i}.zip`] = zip1('x.env', Buffer.from(`OPENAI_API_KEY=${key(`wait${i}`)}\n`));
    const p = tempProject(files);
    cleanups.push(p.cleanup);
    const base = walkRoot(p.root);
    const jobs = new ArchiveJobs({}, (abs) => abs.slice(base.length + 1));
    // As the walk would: the last four found first, which is as many as may be open at once, and
    // before the reader's module has loaded (they wait for it, then start in the order found).
    for (let i = 2; i < 6; i++) jobs.early(`${base}/a${i}.zip`);
    jobs.ready(FileReader);
    const others: Array<[string, string, boolean]> = [];
    for (let i = 0; i < 6; i++) others.push([`${base}/a${i}.zip`, `a${i}.zip`, false]);
    const out = await scanOthers(others, new FileReader({}), jobs);
    assert.deepEqual(
      out.hits.map((h) => h.rel),
      ['a0.zip!x.env', 'a1.zip!x.env', 'a2.zip!x.env', 'a3.zip!x.env', 'a4.zip!x.env', 'a5.zip!x.env'],
    );
  });

  it('a .gitignore the walk names with the archives is not opened as one (it is read as a file)', async () => {
    const p = tempProject({
      '.gitignore': 'dist/\n',
      'a.zip': zip1('x.env', Buffer.from(`OPENAI_API_KEY=${key('gi')}\n`)),
    });
    cleanups.push(p.cleanup);
    const base = walkRoot(p.root);
    const opened: string[] = [];
    class Spy extends FileReader {
      override scanArchiveFile(...args: Parameters<FileReader['scanArchiveFile']>): Promise<void> {
        opened.push(args[1]);
        return super.scanArchiveFile(...args);
      }
    }
    const jobs = new ArchiveJobs({}, (abs) => abs.slice(base.length + 1));
    jobs.ready(Spy);
    jobs.early(`${base}/.gitignore`);
    jobs.early(`${base}/a.zip`);
    const out = await scanOthers(
      [
        [`${base}/.gitignore`, '.gitignore', false],
        [`${base}/a.zip`, 'a.zip', false],
      ],
      new FileReader({}),
      jobs,
    );
    assert.deepEqual(opened, ['a.zip']);
    assert.deepEqual(
      out.hits.map((h) => h.rel),
      ['a.zip!x.env'],
    );
  });

  it('no archive at all: done at once', async () => {
    const jobs = new ArchiveJobs({}, (abs) => abs);
    jobs.ready(FileReader);
    const out = await scanOthers([], new FileReader({}), jobs);
    assert.deepEqual(out.hits, []);
  });
});

describe("the native gate on content in memory (an archive's large entries)", { skip }, () => {
  const cleanups: Array<() => void> = [];
  after(() => cleanups.forEach((c) => c()));

  it('says of each buffer what classify says of a file with the same bytes', async () => {
    const needsLook = native?.needsLook;
    assert.ok(needsLook, 'the gate is built with the walk');
    const filler = (n: number) => Buffer.from('lorem ipsum dolor sit amet, '.repeat(Math.ceil(n / 28)).slice(0, n));
    const bufs: Buffer[] = [
      filler(200_000),
      Buffer.concat([filler(150_000), Buffer.from(`\nOPENAI_API_KEY=${key('gate-late')}\n`)]),
      Buffer.concat([Buffer.from(`k=${key('gate-early')}\n`), filler(100_000)]),
      Buffer.concat([filler(5000), Buffer.from([0]), filler(100_000)]), // binary
      Buffer.concat([filler(100_000), Buffer.from([0]), Buffer.from(key('after-nul'))]), // a NUL past 8 KiB: text
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(filler(70_000).toString('latin1'), 'utf16le')]), // UTF-16
      Buffer.concat([filler(80_000), Buffer.from('\nAZURE_OPENAI_ENDPOINT=https://x.openai.azure.com\n')]),
      Buffer.alloc(0),
      Buffer.from('sk-'),
    ];
    const files: Record<string, Buffer> = {};
    bufs.forEach((b, i) => (files[`f${i}.txt`] = b));
    const p = tempProject(files);
    cleanups.push(p.cleanup);
    const base = walkRoot(p.root);
    const records = Buffer.concat([
      Buffer.from([1]),
      Buffer.from(base, 'utf8'),
      Buffer.from([0]),
      ...bufs.map((_, i) => Buffer.from(`f${i}.txt\0`)),
    ]);
    const byFile = await (native as NonNullable<typeof native>).classify(records, bufs.length, 25 << 20);
    const look = await needsLook(bufs);
    assert.deepEqual(
      look,
      [...byFile.classes].map((c) => c !== 0),
    );
    // Binary content still goes to scanContent, which counts it as passed over.
    assert.deepEqual(look.slice(0, 4), [false, true, true, true]);
  });

  it('a large clean entry, a large entry with its key at the end, and a binary one: the same as the thread path', async () => {
    const inner = (i: number) =>
      Buffer.concat([
        Buffer.from('x = 1\n'.repeat(30_000)),
        i % 2 ? Buffer.from(`OPENAI_API_KEY=${key(`gated-${i}`)}\n`) : Buffer.alloc(0),
      ]);
    const files: Record<string, string | Buffer> = {};
    for (let i = 0; i < 6; i++) files[`a/t${i}.tar.gz`] = gzipSync(tar1(`e${i}.env`, inner(i)));
    files['a/bin.zip'] = zip1(
      'blob.bin',
      Buffer.concat([Buffer.alloc(200_000, 7), Buffer.from([0]), Buffer.from(key('bin'))]),
    );
    const nat = await sameAsThreadPath(files);
    assert.deepEqual(
      nat.hits.map((h) => h.rel),
      ['a/t1.tar.gz!e1.env', 'a/t3.tar.gz!e3.env', 'a/t5.tar.gz!e5.env'],
    );
  });
});
