import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { scanTree } from '../../src/scan/tree.js';
import { nativePrefilter } from '../../src/scan/native.js';
import { scanNative } from '../../src/scan/tree-native.js';
import { readZip, readTar } from '../../src/scan/archive.js';
import { tempProject } from '../helpers/project.js';
import { openaiKey, foreignKey } from '../helpers/keys.js';

/** A minimal zip writer (stored or deflated entries), enough for the reader's tests. */
function makeZip(entries: Array<{ name: string; data: Buffer; deflate?: boolean }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const body = e.deflate ? deflateRawSync(e.data) : e.data;
    const name = Buffer.from(e.name);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(e.deflate ? 8 : 0, 8);
    lh.writeUInt32LE(body.length, 18);
    lh.writeUInt32LE(e.data.length, 22);
    lh.writeUInt16LE(name.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(e.deflate ? 8 : 0, 10);
    ch.writeUInt32LE(body.length, 20);
    ch.writeUInt32LE(e.data.length, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, name, body);
    centrals.push(ch, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

function makeTar(entries: Array<{ name: string; data: Buffer }>): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const h = Buffer.alloc(512);
    h.write(e.name, 0);
    h.write('0000644\0', 100);
    h.write(e.data.length.toString(8).padStart(11, '0') + '\0', 124);
    h.write('0', 156);
    h.write('ustar\0', 257);
    parts.push(h, e.data, Buffer.alloc((512 - (e.data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

describe('scanTree', () => {
  const k = (seed: string) => openaiKey('proj', seed);
  const p = tempProject({
    '.gitignore': '.env\nsecret-notes/\nlogs/*.log\ndist/\n',
    '.env': `OPENAI_API_KEY=${k('env')}\n`,
    'app.py': `client = OpenAI(api_key="${k('src')}")\n`,
    'secret-notes/todo.md': `${k('ignored-dir')}\n`,
    'logs/run.log': `${k('ignored-file')}\n`,
    'dist/main.js': `const c={apiKey:"${k('bundle')}"};`,
    'dist/server/handler.js': `const c={apiKey:"${k('server-out')}"};`,
    'dist/lib/copy.py': `K = "${k('py-build')}"\n`,
    'sub/.gitignore': 'local.txt\n',
    'sub/local.txt': `${k('nested-ignore')}\n`,
    'sub/kept.txt': `${k('nested-kept')}\n`,
    'node_modules/pkg/index.js': `${k('deps')}\n`,
    'utf16.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`OPENAI_API_KEY=${k('utf16')}\n`, 'utf16le')]),
    'image.bin': Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]), Buffer.from(k('binary'))]),
    'broken.ipynb': `{"cells": [{"source": ["key = \\"${k('broken-nb')}\\""`,
    'bundle.zip': makeZip([
      { name: 'config/app.json', data: Buffer.from(JSON.stringify({ key: k('zip-deflated') })), deflate: true },
      { name: 'notes.txt', data: Buffer.from(k('zip-stored')) },
    ]),
    'backup.tar.gz': gzipSync(
      makeTar([{ name: 'app/.env.production', data: Buffer.from(`OPENAI_API_KEY=${k('tgz')}\n`) }]),
    ),
    'ignored-inline.ts': `const demo = '${k('inline')}'; // keydoctor-ignore\n`,
    'azure.env.example': `AZURE_OPENAI_API_KEY=${foreignKey('azure', 'ex')}\n`,
  });
  // A symlink loop and an unreadable file must not stop the scan.
  mkdirSync(join(p.root, 'loop'));
  symlinkSync('..', join(p.root, 'loop', 'up'));
  symlinkSync(join(p.root, 'app.py'), join(p.root, 'link.py'));
  writeFileSync(join(p.root, 'locked.txt'), k('locked'));
  chmodSync(join(p.root, 'locked.txt'), 0o000);
  after(() => p.cleanup());
  const asRoot = process.getuid?.() === 0;

  const secretsOf = (hits: Array<{ secret: string }>) => new Set(hits.map((h) => h.secret));

  it('respects .gitignore, but reads dotenv files and build output', async () => {
    const r = await scanTree(p.root, { workers: 0 });
    const s = secretsOf(r.hits);
    for (const seed of [
      'env',
      'src',
      'bundle',
      'nested-kept',
      'utf16',
      'broken-nb',
      'zip-deflated',
      'zip-stored',
      'tgz',
    ])
      assert.ok(s.has(k(seed)), `missing ${seed}`);
    for (const seed of [
      'ignored-dir',
      'ignored-file',
      'nested-ignore',
      'deps',
      'binary',
      'inline',
      'server-out',
      'py-build',
    ])
      assert.ok(!s.has(k(seed)), `unexpected ${seed}`);
    assert.equal(r.hits.find((h) => h.secret === k('env'))?.ignored, true);
    assert.equal(r.hits.find((h) => h.secret === k('bundle'))?.context, 'bundle');
    assert.equal(r.hits.find((h) => h.secret === k('zip-deflated'))?.rel, 'bundle.zip!config/app.json');
    assert.equal(r.hits.find((h) => h.secret === k('tgz'))?.rel, 'backup.tar.gz!app/.env.production');
    assert.ok(r.hits.some((h) => h.kind === 'azure-hex32' && h.rel === 'azure.env.example'));
    assert.equal(r.stats.suppressed, 1);
    assert.ok(r.notes.some((n) => n.kind === 'binary'));
    assert.ok(r.notes.some((n) => n.kind === 'parse-error' && n.path === 'broken.ipynb'));
    if (!asRoot) assert.ok(r.notes.some((n) => n.kind === 'unreadable' && n.path === 'locked.txt'));
    // the symlinked file is not read twice
    assert.equal(r.hits.filter((h) => h.secret === k('src')).length, 1);
  });

  it('--no-ignore reads ignored files too (never node_modules)', async () => {
    const s = secretsOf((await scanTree(p.root, { workers: 0, noIgnore: true })).hits);
    for (const seed of ['ignored-dir', 'ignored-file', 'nested-ignore']) assert.ok(s.has(k(seed)), `missing ${seed}`);
    assert.ok(!s.has(k('deps')));
  });

  it('the worker pool finds exactly what the single thread finds', async () => {
    const one = await scanTree(p.root, { workers: 0 });
    const pool = await scanTree(p.root, { workers: 2, poolThreshold: 1 });
    assert.equal(pool.stats.workers, 2);
    assert.deepEqual(
      pool.hits.map((h) => `${h.rel}:${h.line}:${h.fingerprint}`),
      one.hits.map((h) => `${h.rel}:${h.line}:${h.fingerprint}`),
    );
    assert.equal(pool.stats.files, one.stats.files);
  });

  it(
    'the native prefilter finds exactly what the single thread finds, with the same notes and counts',
    { skip: !nativePrefilter() && 'native prefilter not built' },
    async () => {
      const key = (r: Awaited<ReturnType<typeof scanTree>>) => ({
        hits: r.hits.map(
          (h) =>
            `${h.rel}:${h.line}:${h.column}:${h.kind}:${h.context}:${h.ignored === true}:${h.cell ?? ''}:${h.fingerprint}`,
        ),
        notes: r.notes.map((n) => `${n.kind}|${n.path ?? ''}|${n.message}`).sort(),
        files: r.stats.files,
        bytes: r.stats.bytes,
        suppressed: r.stats.suppressed,
      });
      for (const opts of [{}, { noIgnore: true }, { maxFileBytes: 60 }, { maxFiles: 5 }]) {
        const one = await scanTree(p.root, { ...opts, workers: 0 });
        const nat = await scanTree(p.root, opts);
        assert.equal(nat.stats.reader, 'native');
        assert.equal(one.stats.reader, 'thread');
        assert.deepEqual(key(nat), key(one), JSON.stringify(opts));
      }
    },
  );

  it(
    'the native prefilter on a tree without .gitignore: big folders, many batches, the same result',
    { skip: !nativePrefilter() && 'native prefilter not built' },
    async () => {
      const files: Record<string, string | Buffer> = {};
      for (let i = 0; i < 1500; i++)
        files[`big/${'long-file-name-'.repeat(3)}${i}.js`] =
          i % 300 === 7 ? `export const k = '${k(`big-${i}`)}';\n` : `export const v${i} = ${i};\n`;
      for (let i = 0; i < 40; i++)
        files[`deep/d${i % 7}/e${i % 3}/f${i}.txt`] = i === 13 ? `OPENAI_API_KEY=${k('deep')}\n` : 'nothing here\n';
      files['deep/pack.zip'] = makeZip([
        { name: 'inner.env', data: Buffer.from(`OPENAI_API_KEY=${k('zip-in-plain')}\n`) },
      ]);
      const q = tempProject(files);
      try {
        const one = await scanTree(q.root, { workers: 0 });
        const nat = await scanTree(q.root);
        assert.equal(nat.stats.reader, 'native');
        assert.deepEqual(
          nat.hits.map((h) => `${h.rel}:${h.line}:${h.fingerprint}`),
          one.hits.map((h) => `${h.rel}:${h.line}:${h.fingerprint}`),
        );
        assert.equal(nat.stats.files, one.stats.files);
        assert.equal(nat.stats.bytes, one.stats.bytes);
        assert.ok(
          one.hits.some((h) => h.secret === k('zip-in-plain')),
          'an archive among plain files is still opened',
        );
        assert.equal(one.hits.filter((h) => h.rel.startsWith('big/')).length, 5);
      } finally {
        q.cleanup();
      }
    },
  );

  it(
    'the native walk (no .gitignore at the root) leaves folders with a .gitignore to the rules: the same result',
    { skip: !nativePrefilter()?.walk && 'native walk not built' },
    async () => {
      const q = tempProject({
        'app.py': `K = "${k('root-app')}"\n`,
        'sub/.gitignore': 'secret.txt\nlogs/\n',
        'sub/secret.txt': `${k('ignored-by-sub')}\n`,
        'sub/kept.txt': `${k('kept-in-sub')}\n`,
        'sub/.env': `OPENAI_API_KEY=${k('sub-env')}\n`,
        'sub/logs/run.log': `${k('sub-logs')}\n`,
        'sub/deeper/more.txt': `${k('sub-deeper')}\n`,
        'dist/.gitignore': '*\n',
        'dist/main.js': `const c={apiKey:"${k('bundle-under-ignore')}"};`,
        'dist/cache/x.js': `const c={apiKey:"${k('bundle-cache')}"};`,
        'web/dist/cache/y.js': `const c={apiKey:"${k('web-bundle-cache')}"};`,
        'node_modules/p/i.js': `${k('deps')}\n`,
        'pack.zip': makeZip([{ name: 'a.env', data: Buffer.from(`OPENAI_API_KEY=${k('zip')}\n`) }]),
        'image.bin': Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(k('binary'))]),
      });
      try {
        symlinkSync(join(q.root, 'sub'), join(q.root, 'link-to-sub'));
        for (const noIgnore of [false, true]) {
          const one = await scanTree(q.root, { workers: 0, noIgnore });
          const nat = await scanTree(q.root, { noIgnore });
          assert.equal(nat.stats.reader, 'native');
          assert.deepEqual(
            nat.hits.map((h) => `${h.rel}:${h.line}:${h.ignored === true}:${h.fingerprint}`),
            one.hits.map((h) => `${h.rel}:${h.line}:${h.ignored === true}:${h.fingerprint}`),
            `noIgnore ${noIgnore}`,
          );
          assert.deepEqual(
            nat.notes.map((n) => `${n.kind}|${n.path ?? ''}|${n.message}`).sort(),
            one.notes.map((n) => `${n.kind}|${n.path ?? ''}|${n.message}`).sort(),
          );
          assert.deepEqual(
            [nat.stats.files, nat.stats.bytes, nat.stats.suppressed],
            [one.stats.files, one.stats.bytes, one.stats.suppressed],
          );
        }
        const s = secretsOf((await scanTree(q.root)).hits);
        for (const seed of ['root-app', 'kept-in-sub', 'sub-env', 'sub-deeper', 'zip'])
          assert.ok(s.has(k(seed)), `missing ${seed}`);
        for (const seed of ['ignored-by-sub', 'sub-logs', 'deps', 'binary', 'bundle-cache', 'web-bundle-cache'])
          assert.ok(!s.has(k(seed)), `unexpected ${seed}`);
      } finally {
        q.cleanup();
      }
    },
  );

  it(
    'a native walk that fails leaves the tree to the JavaScript walk, with a note',
    { skip: !nativePrefilter()?.walk && 'native walk not built' },
    async () => {
      const q = tempProject({ 'a.py': `K = "${k('walk-fails')}"\n`, 'sub/b.txt': `${k('walk-fails-2')}\n` });
      try {
        const native = nativePrefilter();
        assert.ok(native);
        const failing = { ...native, walk: () => Promise.reject(new Error('out of memory')) };
        const r = await scanNative(q.root, failing, {}, performance.now());
        assert.deepEqual([...secretsOf(r.hits)].sort(), [k('walk-fails'), k('walk-fails-2')].sort());
        assert.ok(r.notes.some((n) => /native walk failed \(out of memory\)/.test(n.message)));
      } finally {
        q.cleanup();
      }
    },
  );

  it('a failing worker does not stop the scan: it runs again on this thread', async () => {
    const bad = join(p.dir, 'bad-worker.mjs');
    writeFileSync(bad, 'throw new Error("boom");\n');
    const one = await scanTree(p.root, { workers: 0 });
    const r = await scanTree(p.root, { workers: 2, poolThreshold: 1, workerScript: new URL(`file://${bad}`) });
    assert.deepEqual(
      r.hits.map((h) => h.fingerprint),
      one.hits.map((h) => h.fingerprint),
    );
    assert.ok(r.notes.some((n) => /worker failed/.test(n.message)));
    assert.equal(r.stats.workers, 0);
  });

  it('files over the size cap are noted, not read', async () => {
    const q = tempProject({ 'big.txt': 'x'.repeat(3000) + k('big'), 'small.txt': k('small') });
    try {
      const r = await scanTree(q.root, { workers: 0, maxFileBytes: 2000 });
      assert.deepEqual(
        r.hits.map((h) => h.rel),
        ['small.txt'],
      );
      assert.ok(r.notes.some((n) => n.kind === 'too-large' && n.path === 'big.txt'));
    } finally {
      q.cleanup();
    }
  });

  it('fingerprints are stable and never contain the key', async () => {
    const a = await scanTree(p.root, { workers: 0 });
    const b = await scanTree(p.root, { workers: 0 });
    assert.deepEqual(
      a.hits.map((h) => h.fingerprint),
      b.hits.map((h) => h.fingerprint),
    );
    for (const h of a.hits)
      assert.ok(!h.fingerprint.includes(h.secret.slice(0, 12)) && /^[0-9a-f]{32}$/.test(h.fingerprint));
  });
});

describe('archives', () => {
  it('damaged zip and tar give problems, not exceptions', () => {
    assert.match(readZip(Buffer.from('PK not really'))?.problems[0] ?? '', /central directory/);
    assert.match(readTar(Buffer.from('nope'), true).problems[0] ?? '', /decompress/);
    const zip = makeZip([{ name: 'a.txt', data: Buffer.from('hello') }]);
    assert.deepEqual(readZip(zip.subarray(0, zip.length - 30)).entries, []);
  });
  it('entries over the size limit are passed over', () => {
    const zip = makeZip([
      { name: 'big.txt', data: Buffer.alloc(5000, 97), deflate: true },
      { name: 'ok.txt', data: Buffer.from('fine') },
    ]);
    const r = readZip(zip, { maxEntryBytes: 1000, maxTotalBytes: 10_000, maxEntries: 10 });
    assert.deepEqual(
      r.entries.map((e) => e.name),
      ['ok.txt'],
    );
    assert.match(r.problems.join(' '), /big\.txt/);
  });
});

describe('a scan of a folder inside a repository (`cd sub && keydoctor scan .`)', () => {
  const native = nativePrefilter();
  it("the work tree's .gitignore rules from above apply: the root's *.env covers sub/.env, on both walks", async () => {
    const p = tempProject({
      '.gitignore': '*.env\n/sub/private/\n',
      'sub/.env': `OPENAI_API_KEY=${openaiKey('proj', 'sub-scan')}\n`,
      'sub/app.py': `KEY = "${openaiKey('proj', 'sub-code')}"\n`,
      'sub/private/x.txt': 'nothing\n',
    });
    try {
      const { spawnSync } = await import('node:child_process');
      assert.equal(spawnSync('git', ['init', '-q', p.root]).status, 0);
      const sub = join(p.root, 'sub');
      for (const opts of [{ workers: 0 }, ...(native?.walk ? [{ workers: 'auto' as const }] : [])]) {
        const r = await scanTree(sub, opts);
        const env = r.hits.find((h) => h.rel === '.env');
        assert.equal(env?.ignored, true, JSON.stringify(opts));
        assert.notEqual(r.hits.find((h) => h.rel === 'app.py')?.ignored, true);
      }
    } finally {
      p.cleanup();
    }
  });
});
