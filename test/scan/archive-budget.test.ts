/**
 * Archive budgets (R08): every byte inflated counts against the archive's budget, kept or not;
 * entries that share one local header are read once; an archive stops at its budget; whatever
 * goes wrong inside one archive is one note.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import {
  readZip,
  readTar,
  readArchive,
  openArchive,
  DEFAULT_ARCHIVE_LIMITS,
  type ArchiveFormat,
  type ArchiveLimits,
} from '../../src/scan/archive.js';
import { nativePrefilter } from '../../src/scan/native.js';
import { scanTree } from '../../src/scan/index.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { openaiKey } from '../helpers/keys.js';
import { tar } from '../helpers/archives.js';

const made: TempProject[] = [];
after(() => {
  for (const p of made) p.cleanup();
});

interface Local {
  name: string;
  body: Buffer;
  deflate: boolean;
  claim: number;
}
/** A zip whose central entries each name one local header (several may share one) and claim a size. */
function zip(locals: Local[], central: Array<{ name: string; local: number; claim: number }>): Buffer {
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let offset = 0;
  for (const l of locals) {
    const name = Buffer.from(l.name);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(l.deflate ? 8 : 0, 8);
    lh.writeUInt32LE(l.body.length, 18);
    lh.writeUInt32LE(l.claim, 22);
    lh.writeUInt16LE(name.length, 26);
    offsets.push(offset);
    parts.push(lh, name, l.body);
    offset += 30 + name.length + l.body.length;
  }
  const cds: Buffer[] = [];
  for (const c of central) {
    const l = locals[c.local] as Local;
    const name = Buffer.from(c.name);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(l.deflate ? 8 : 0, 10);
    ch.writeUInt32LE(l.body.length, 20);
    ch.writeUInt32LE(c.claim, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offsets[c.local] as number, 42);
    cds.push(ch, name);
  }
  const cd = Buffer.concat(cds);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(central.length, 65535), 8);
  end.writeUInt16LE(Math.min(central.length, 65535), 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

const zeros16 = deflateRawSync(Buffer.alloc(16 << 20), { level: 9 });

describe('zip budgets', () => {
  it('20,000 entries sharing one stream that inflates past the entry cap: one inflation, one problem line', () => {
    const central = Array.from({ length: 20000 }, (_, i) => ({ name: `f${i}.txt`, local: 0, claim: 100 }));
    const r = readZip(zip([{ name: 'a.txt', body: zeros16, deflate: true, claim: 100 }], central));
    assert.equal(r.entries.length, 0);
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0] ?? '', /1 entry inflating past 8 MB/);
    assert.match(r.problems[0] ?? '', /19999 entries overlapping another entry/);
  });

  it('distinct streams that each lie about their size: failed inflations use up the budget, and the archive stops there', () => {
    const locals = Array.from({ length: 40 }, (_, i) => ({
      name: `b${i}.txt`,
      body: zeros16,
      deflate: true,
      claim: 100,
    }));
    const r = readZip(
      zip(
        locals,
        locals.map((l, i) => ({ name: l.name, local: i, claim: 100 })),
      ),
    );
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0] ?? '', /stopped after 64 MB of uncompressed content/);
    // 64 MB of budget, each failure costs the 8 MB cap: about eight inflations, not forty.
    const m = /(\d+) entries inflating past/.exec(r.problems[0] ?? '');
    assert.ok(
      m && Number(m[1]) <= DEFAULT_ARCHIVE_LIMITS.maxTotalBytes / DEFAULT_ARCHIVE_LIMITS.maxEntryBytes + 1,
      r.problems[0],
    );
  });

  it('a small honest archive is read whole, with no problem', () => {
    const key = openaiKey('proj', 'in-zip');
    const body = Buffer.from(`OPENAI_API_KEY=${key}\n`);
    const r = readZip(
      zip(
        [
          { name: 'conf/.env', body: deflateRawSync(body), deflate: true, claim: body.length },
          { name: 'README', body: Buffer.from('hi'), deflate: false, claim: 2 },
        ],
        [
          { name: 'conf/.env', local: 0, claim: body.length },
          { name: 'README', local: 1, claim: 2 },
        ],
      ),
    );
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.entries.map((e) => e.name),
      ['conf/.env', 'README'],
    );
  });

  it('a damaged tar is one problem line', () => {
    const r = readTar(Buffer.alloc(2048, 0x41), false);
    assert.ok(r.problems.length <= 1);
  });

  it('the scan gives one note for the archive and still finds a key next to it', async () => {
    const central = Array.from({ length: 5000 }, (_, i) => ({ name: `f${i}.txt`, local: 0, claim: 100 }));
    const key = openaiKey('proj', 'next-to-zip');
    const p = tempProject({
      'release.whl': zip([{ name: 'a.txt', body: zeros16, deflate: true, claim: 100 }], central),
      'app.py': `KEY = "${key}"\n`,
    });
    made.push(p);
    const r = await scanTree(p.root, { workers: 0 });
    assert.equal(r.notes.filter((n) => n.path === 'release.whl').length, 1);
    assert.ok(r.hits.some((h) => h.rel === 'app.py'));
  });
});

// Random bytes do not compress: these archives are large enough (over 64 KiB compressed) for
// openArchive to inflate them on libuv's threads.
const noise = (n: number) => randomBytes(n);

describe('archives opened off the main thread = archives read on it', () => {
  const key = openaiKey('proj', 'async-archive');
  const env = Buffer.from(`OPENAI_API_KEY=${key}\n`);
  const bigTar = tar([
    ['layer.tar', noise(300_000)],
    ['blob.bin', noise(200_000)],
    ['app/.env', env],
  ]);
  const cases: Array<[string, Buffer, ArchiveFormat, ArchiveLimits?]> = [
    ['a large .tar.gz with a key after a skipped entry', gzipSync(bigTar), 'tar.gz'],
    [
      'the same .tar.gz over a small budget (gunzip past its maxOutputLength)',
      gzipSync(bigTar),
      'tar.gz',
      { maxEntryBytes: 1 << 20, maxTotalBytes: 100_000, maxEntries: 100 },
    ],
    ['a truncated .tar.gz', gzipSync(bigTar).subarray(0, 250_000), 'tar.gz'],
    [
      'a damaged .tar.gz (bytes flipped inside the stream)',
      (() => {
        const b = gzipSync(bigTar);
        for (let i = 1000; i < 1100; i++) b[i] = (b[i] as number) ^ 0xff;
        return b;
      })(),
      'tar.gz',
    ],
    ['a plain .tar', bigTar, 'tar'],
    [
      'a zip of large deflated entries, one lying about its size, one over the entry cap',
      zip(
        [
          { name: 'a.bin', body: deflateRawSync(noise(150_000)), deflate: true, claim: 150_000 },
          {
            name: 'conf/.env',
            body: deflateRawSync(Buffer.concat([noise(100_000), Buffer.from('\n'), env])),
            deflate: true,
            claim: 100_001 + env.length,
          },
          { name: 'liar.txt', body: deflateRawSync(noise(120_000)), deflate: true, claim: 1000 },
        ],
        [
          { name: 'a.bin', local: 0, claim: 150_000 },
          { name: 'conf/.env', local: 1, claim: 100_001 + env.length },
          { name: 'liar.txt', local: 2, claim: 1000 },
        ],
      ),
      'zip',
      { maxEntryBytes: 110_000, maxTotalBytes: 1 << 20, maxEntries: 100 },
    ],
  ];
  for (const [what, buf, format, limits] of cases) {
    it(what, async () => {
      const here = readArchive(buf, format, limits);
      const off = await openArchive(buf, format, limits);
      assert.deepEqual(off.problems, here.problems);
      assert.deepEqual(
        off.entries.map((e) => [e.name, e.data.toString('base64')]),
        here.entries.map((e) => [e.name, e.data.toString('base64')]),
      );
    });
  }

  it(
    'a tree of several large archives: the native path (archives opened off the thread) finds what the single thread finds, with the same notes',
    { skip: !nativePrefilter() && 'native prefilter not built' },
    async () => {
      const files: Record<string, string | Buffer> = { 'app.py': `KEY = "${openaiKey('proj', 'beside')}"\n` };
      for (let i = 0; i < 6; i++) {
        const inner = tar([
          ['pad.bin', noise(100_000 + i * 1000)],
          [`conf${i}/.env`, Buffer.from(`OPENAI_API_KEY=${openaiKey('proj', `tgz-${i}`)}\n`)],
        ]);
        files[`images/img${i}.tar.gz`] = i === 3 ? gzipSync(inner).subarray(0, 70_000) : gzipSync(inner);
        // Text (base64 lines: no NUL, so not passed over as binary) that still compresses little.
        const body = Buffer.from(
          `${noise(100_000).toString('base64').replace(/.{76}/g, '$&\n')}\nkey=${openaiKey('proj', `jar-${i}`)}\n`,
        );
        files[`libs/lib${i}.jar`] = zip(
          [{ name: `cfg${i}.properties`, body: deflateRawSync(body), deflate: true, claim: body.length }],
          [{ name: `cfg${i}.properties`, local: 0, claim: body.length }],
        );
      }
      const p = tempProject(files);
      made.push(p);
      const one = await scanTree(p.root, { workers: 0 });
      const nat = await scanTree(p.root);
      assert.equal(one.stats.reader, 'thread');
      assert.equal(nat.stats.reader, 'native');
      const view = (r: typeof one) => ({
        hits: r.hits.map((h) => `${h.rel}:${h.line}:${h.column}:${h.fingerprint}`),
        notes: r.notes.map((n) => `${n.kind}|${n.path ?? ''}|${n.message}`),
        files: r.stats.files,
        bytes: r.stats.bytes,
      });
      assert.deepEqual(view(nat), view(one));
      // 5 of 6 .tar.gz (one is cut short), every .jar, and app.py
      assert.equal(one.hits.length, 5 + 6 + 1, JSON.stringify(view(one).hits));
    },
  );
});
