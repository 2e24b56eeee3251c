/**
 * Review tests for the native prefilter path (native/prefilter.c, native.ts, tree-native.ts) against
 * the JavaScript path: every case runs `scanTree(root)` (the addon) and `scanTree(root, { workers: 0 })`
 * and asks for the same hits, notes and counts.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdirSync, openSync, symlinkSync, writeSync, ftruncateSync } from 'node:fs';
import { freemem } from 'node:os';
import { join } from 'node:path';
import { scanTree } from '../../src/scan/tree.js';
import type { TreeScan, TreeScanOptions } from '../../src/scan/tree-types.js';
import { nativePrefilter, CLEAN, LOOK, DIR_RECORD, KIND_PLAIN } from '../../src/scan/native.js';
import { allEntries, ENTRY_FILE } from '../../src/fs/listing.js';
import { tempProject } from '../helpers/project.js';
import { openaiKey } from '../helpers/keys.js';

const native = nativePrefilter();
const skip = native ? false : 'the native prefilter is not built here';
const key = (seed: string) => openaiKey('proj', seed);

/** What must agree between the two paths (notes sorted: the paths read files in different orders). */
function shape(r: TreeScan) {
  return {
    hits: r.hits.map(
      (h) => `${h.rel}|${h.line}:${h.column}|${h.kind}|${h.context}|${h.ignored === true}|${h.fingerprint}`,
    ),
    notes: r.notes.map((n) => `${n.kind}|${n.path ?? ''}|${n.message}`).sort(),
    files: r.stats.files,
    bytes: r.stats.bytes,
    suppressed: r.stats.suppressed,
  };
}

async function both(root: string, opts: TreeScanOptions = {}): Promise<{ nat: TreeScan; js: TreeScan }> {
  const nat = await scanTree(root, opts);
  const js = await scanTree(root, { ...opts, workers: 0 });
  assert.equal(nat.stats.reader, 'native');
  assert.equal(js.stats.reader, 'thread');
  return { nat, js };
}

async function same(root: string, opts: TreeScanOptions = {}, what = ''): Promise<TreeScan> {
  const { nat, js } = await both(root, opts);
  assert.deepEqual(shape(nat), shape(js), `${what} ${JSON.stringify(opts)}`);
  return js;
}

/** Bytes that are not a zip: opening it gives an `archive:` note (so which archives were read shows). */
const NOT_A_ZIP = 'PK not really a zip';

describe('native prefilter review', { skip }, () => {
  const cleanups: Array<() => void> = [];
  after(() => cleanups.forEach((c) => c()));
  const project = (files: Record<string, string | Buffer>) => {
    const p = tempProject(files);
    cleanups.push(p.cleanup);
    return p;
  };

  it('file names with newlines, tabs, leading control bytes (\\x01..\\x05) and other odd characters', async () => {
    const odd = [
      'new\nline.txt',
      'tab\there.txt',
      '\x01lead.txt',
      '\x02lead.txt',
      '\x03lead.txt',
      '\x04lead.txt',
      '\x05lead.txt',
      '\x04',
      '\x01',
      '\r',
      ' ',
      '-',
      'ünï.md',
      '😀.txt',
      '\uE000.txt',
      'a\x7fb.txt',
      '\x05x.zip',
      '\x04y.tar',
    ];
    const files: Record<string, string> = {};
    odd.forEach((n, i) => {
      files[`flat/${n}`] = i % 2 === 0 ? `OPENAI_API_KEY=${key(`odd-${i}`)}\n` : 'nothing to see\n';
      files[`ignoring/${n}`] = `K=${key(`odd-ign-${i}`)}\n`;
    });
    files['ignoring/.gitignore'] = 'nothing-matches-this\n'; // a .gitignore: the walk goes one file at a time (allEntries)
    files['ignoring/\x02dir/inner.txt'] = `K=${key('odd-dir')}\n`;
    files['ignoring/\x04dir/inner.txt'] = `K=${key('odd-dir4')}\n`;
    const p = project(files);
    const js = await same(p.root);
    // every odd name with a key is found (the .zip and .tar ones are archives: notes, no hit)
    assert.equal(
      js.hits.filter((h) => h.rel.startsWith('flat/')).length,
      odd.filter((n, i) => i % 2 === 0 && !/\.(zip|tar)$/.test(n)).length,
    );
    assert.equal(
      js.hits.filter((h) => h.rel.startsWith('ignoring/')).length,
      odd.filter((n) => !/\.(zip|tar)$/.test(n)).length + 2,
    );
    await same(p.root, { noIgnore: true });
  });

  it('names of 255 bytes, paths near 4 KiB and folders whose plain records overflow a batch', async () => {
    const long = 'n'.repeat(250);
    const files: Record<string, string> = {};
    files[`${long}.txt`] = `K=${key('long-name')}\n`;
    files[`${'é'.repeat(125)}.md`] = `K=${key('long-utf8')}\n`; // 250 bytes, 125 UTF-16 units
    let deep = '';
    while (deep.length < 3700) deep += `${'d'.repeat(200)}/`;
    files[`${deep}${'f'.repeat(200)}.txt`] = `K=${key('deep')}\n`;
    files[`${deep}clean.txt`] = 'clean\n';
    // 80 names of 240 bytes: ~19 KiB of records, more than one batch buffer (12 KiB)
    for (let i = 0; i < 80; i++)
      files[`wide/${String(i).padStart(3, '0')}${'w'.repeat(236)}.txt`] =
        i % 9 === 4 ? `K=${key(`wide-${i}`)}\n` : 'clean\n';
    const p = project(files);
    const js = await same(p.root);
    assert.equal(js.hits.length, 3 + 9);
  });

  it('empty folders, folders with only special files, only folders, only symbolic links', async () => {
    const p = project({
      'only-special/.gitignore': 'x\n',
      'only-special/a.zip': NOT_A_ZIP,
      'only-special/b.TAR.GZ': NOT_A_ZIP,
      'only-dirs/a/b/c/k.txt': `K=${key('nested')}\n`,
    });
    mkdirSync(join(p.root, 'empty'));
    mkdirSync(join(p.root, 'only-dirs', 'empty'));
    mkdirSync(join(p.root, 'only-links'));
    symlinkSync(join(p.root, 'only-dirs'), join(p.root, 'only-links', 'to-dir'));
    symlinkSync(join(p.root, 'nowhere'), join(p.root, 'only-links', 'dangling'));
    const js = await same(p.root);
    await same(p.root, { noIgnore: true });
    assert.equal(js.hits.length, 1);
    assert.ok(js.notes.some((n) => n.path === 'only-special/a.zip'));
    assert.ok(native?.listDir);
    const empty = native.listDir(join(p.root, 'empty'));
    assert.deepEqual([empty.names, [...(empty.kinds as Uint8Array)], empty.plain], [[], [], undefined]);
    const specials = native.listDir(join(p.root, 'only-special'));
    assert.equal(specials.plain, undefined);
    assert.deepEqual(specials.names, ['.gitignore', 'a.zip', 'b.TAR.GZ']);
  });

  it('maxFiles reached inside a folder that holds plain files and archives: the same files are read', async () => {
    // Names sort as a.zip, b.zip, c.txt, d.txt: the JavaScript walk reads the archives first.
    const p = project({
      'a.zip': NOT_A_ZIP,
      'b.zip': NOT_A_ZIP,
      'c.txt': `K=${key('max-c')}\n`,
      'd.txt': `K=${key('max-d')}\n`,
      'sub/e.txt': `K=${key('max-e')}\n`,
    });
    for (let max = 1; max <= 6; max++) await same(p.root, { maxFiles: max }, `maxFiles ${max}`);
    // the same with --no-ignore and a .gitignore (then special in the native listing, like archives)
    const q = project({ '.gitignore': 'zzz\n', 'b.txt': `K=${key('max-b')}\n`, 'c.zip': NOT_A_ZIP, sub: '' });
    for (let max = 1; max <= 4; max++)
      await same(q.root, { maxFiles: max, noIgnore: true }, `noIgnore maxFiles ${max}`);
  });

  it('maxFiles with names whose UTF-8 order differs from UTF-16 order (astral characters against U+E000..U+FFFF)', async () => {
    // Byte order (readdir's): .gitignore, \uE000.zip, \uFFFD.zip, 😀.txt. A JavaScript `<` puts 😀 (a surrogate pair) before \uE000.
    const p = project({
      '.gitignore': 'nothing\n',
      '\uE000.zip': NOT_A_ZIP,
      '\uFFFD.zip': NOT_A_ZIP,
      '😀.txt': `K=${key('astral')}\n`,
    });
    for (let max = 1; max <= 4; max++) await same(p.root, { maxFiles: max }, `maxFiles ${max}`);
    assert.ok(native?.listDir);
    const l = allEntries(native.listDir(p.root));
    assert.deepEqual(
      l.names,
      ['.gitignore', '\uE000.zip', '\uFFFD.zip', '😀.txt'],
      'allEntries keeps the listing in byte order',
    );
    assert.deepEqual([...(l.kinds as number[])], [ENTRY_FILE, ENTRY_FILE, ENTRY_FILE, ENTRY_FILE]);
  });

  it('keys at the end of files around the 1 MiB read buffer and at every 16-byte alignment', async () => {
    const files: Record<string, string> = {};
    const k = key('edge');
    for (const size of [
      (1 << 20) - k.length - 1,
      (1 << 20) - k.length,
      (1 << 20) - k.length + 1,
      1 << 20,
      (1 << 20) + 1,
      (2 << 20) + 7,
    ]) {
      files[`mb/${size}.txt`] = ' '.repeat(size - k.length) + k; // a space before the key: a key character would hide it
      files[`mb/${size}-clean.txt`] = 'x'.repeat(size);
    }
    for (let pad = 0; pad < 34; pad++) files[`align/${pad}.txt`] = ' '.repeat(pad) + k;
    const p = project(files);
    const js = await same(p.root);
    assert.equal(js.hits.length, 6 + 34);
    await same(p.root, { maxFileBytes: 1 << 20 }); // at the cap, one over it
  });

  it('files exactly at the size cap, one byte over, and empty files', async () => {
    const k = key('cap');
    const p = project({
      'at.txt': k.padStart(400, ' '),
      'over.txt': k.padStart(401, ' '),
      'empty.txt': '',
      'one.txt': 'x',
    });
    for (const maxFileBytes of [0, 1, 399, 400, 401]) await same(p.root, { maxFileBytes });
  });

  it('UTF-16 (both marks), a lone mark byte, binary with a key after the first 8 KiB', async () => {
    const k = key('u16');
    const be = Buffer.from(`K=${k}\n`, 'utf16le');
    be.swap16();
    const p = project({
      'le.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`K=${k}\n`, 'utf16le')]),
      'be.txt': Buffer.concat([Buffer.from([0xfe, 0xff]), be]),
      'lone.txt': Buffer.from([0xff]),
      'mark-only.txt': Buffer.from([0xfe, 0xff]),
      'bin-late.bin': Buffer.concat([Buffer.alloc(100), Buffer.alloc(9000, 0x20), Buffer.from(k)]),
      'nul-after-8k.txt': Buffer.concat([Buffer.alloc(8192, 0x20), Buffer.from([0]), Buffer.from(` ${k}\n`)]),
    });
    const js = await same(p.root);
    assert.deepEqual(
      js.hits.map((h) => h.rel),
      ['be.txt', 'le.txt', 'nul-after-8k.txt'],
    );
  });

  it('a root with a trailing slash, and a relative root', async () => {
    const p = project({ 'a/k.txt': `K=${key('slash')}\n`, 'b.txt': 'clean\n' });
    await same(`${p.root}/`);
    const cwd = process.cwd();
    process.chdir(p.dir);
    try {
      await same('project');
      await same('./project/');
    } finally {
      process.chdir(cwd);
    }
  });

  it('the root "/" gives the same relative paths (bounded by maxFiles, every file over the size cap)', async (t) => {
    const opts = { maxFiles: 6, maxFileBytes: 1 };
    const { nat, js } = await both('/', opts);
    if (!js.notes.some((n) => n.kind === 'too-large'))
      return t.skip('no file over one byte among the first files under /');
    assert.deepEqual(shape(nat), shape(js));
    for (const n of nat.notes) if (n.path) assert.ok(!n.path.startsWith('/'), n.path);
  });

  it('many batches at once (more than the pool has threads): the same result every time', async () => {
    const files: Record<string, string> = {};
    for (let d = 0; d < 30; d++)
      for (let i = 0; i < 60; i++)
        files[`d${d}/f${i}-${'p'.repeat(40)}.ts`] =
          (d * 60 + i) % 97 === 5 ? `const k = "${key(`many-${d}-${i}`)}";\n` : `export const x${i} = ${d};\n`;
    const p = project(files);
    const first = await same(p.root);
    assert.equal(first.hits.length, Math.floor((1800 - 5 - 1) / 97) + 1);
    const again = await scanTree(p.root);
    assert.deepEqual(shape(again), shape(first));
  });

  it('classify: file records that begin with the lead bytes 1..5 (as names)', async () => {
    const p = project({
      'x/\x01a': `K=${key('c1')}\n`,
      'x/\x02b': 'clean\n',
      'x/\x03c': `K=${key('c3')}\n`,
      'x/\x05d': 'clean\n',
      'x/\x04e': `K=${key('c4')}\n`,
    });
    assert.ok(native);
    const names = ['\x01a', '\x02b', '\x03c', '\x05d', '\x04e'];
    const records = Buffer.from(
      [
        String.fromCharCode(DIR_RECORD) + join(p.root, 'x'),
        ...names.map((n) => String.fromCharCode(KIND_PLAIN) + n),
      ].join('\0') + '\0',
    );
    const r = await native.classify(records, names.length, 1 << 20);
    assert.deepEqual([...r.classes], [LOOK, CLEAN, LOOK, CLEAN, LOOK]);
  });

  /**
   * Linux reads at most 0x7ffff000 bytes per read(2): a short read of a file over 2 GiB is not its
   * end. Needs ~2.3 GB of memory (the file itself is sparse: no disk), so it runs where there is room.
   */
  it('a file over 2 GiB (with a cap above it): a key at its end is not called clean', async (t) => {
    if (process.platform !== 'linux' || freemem() < 8 * 2 ** 30) return t.skip('needs Linux and 8 GiB of free memory');
    const p = project({});
    const file = join(p.root, 'huge.txt');
    const size = 2 ** 31 + (64 << 20); // 2 GiB + 64 MiB
    const fd = openSync(file, 'w');
    try {
      writeSync(fd, Buffer.alloc(8192, 0x20)); // text at the start (no NUL in the first 8 KiB), a hole after
      ftruncateSync(fd, size);
      writeSync(fd, Buffer.from(`\nK=${key('huge')}\n`), 0, undefined, size - 200);
    } finally {
      closeSync(fd);
    }
    assert.ok(native);
    const records = Buffer.from(
      `${String.fromCharCode(DIR_RECORD)}${p.root}\0${String.fromCharCode(KIND_PLAIN)}huge.txt\0`,
    );
    const r = await native.classify(records, 1, 2 ** 32);
    assert.equal(r.classes[0], LOOK, 'the key at the end of a 2.06 GiB file was not seen');
  });
});
