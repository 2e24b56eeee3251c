/**
 * The system's libdeflate (native/inflate.c) stands in for zlib only where it decodes a stream whole
 * into the size the archive claims; everything else is zlib's. So every archive, whole or damaged,
 * with true or false size claims, reads the same with it and without it (KEYDOCTOR_LIBDEFLATE=0),
 * here and off the thread.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import {
  fastInflation,
  resetFastInflation,
  openArchive,
  readArchive,
  type ArchiveFormat,
  type ArchiveResult,
} from '../../src/scan/archive.js';
import { nativeAddon } from '../../src/native/addon.js';
import { openaiKey } from '../helpers/keys.js';
import { tar, zip } from '../helpers/archives.js';

const skip = fastInflation()
  ? false
  : 'no libdeflate here (libdeflate.so.0 missing, the addon not built, KEYDOCTOR_NATIVE=0 or KEYDOCTOR_LIBDEFLATE=0): zlib alone';

/** A deterministic generator (xorshift32), so each mutated archive is the same on every run. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

/** Text that compresses like source code: repeated lines with some variety. */
function text(n: number, seed: number): Buffer {
  const r = rng(seed);
  const words = ['const', 'client', 'OpenAI', 'apiKey', 'process.env', 'return', 'await', '{', '}', '(', ')', ';'];
  let s = '';
  while (s.length < n) s += `${words[Math.floor(r() * words.length)]} ${Math.floor(r() * 1000)}\n`;
  return Buffer.from(s.slice(0, n));
}

const key = openaiKey('proj', 'libdeflate');
const env = Buffer.from(`OPENAI_API_KEY=${key}\n`);

const shape = (r: ArchiveResult) => ({
  problems: r.problems,
  entries: r.entries.map((e) => [e.name, e.data.length, e.data.toString('base64')]),
});

/** The archive read with libdeflate (when `fast`) or with zlib alone, here and on the thread pool. */
async function readBoth(buf: Buffer, format: ArchiveFormat, fast: boolean): Promise<[unknown, unknown]> {
  const was = process.env.KEYDOCTOR_LIBDEFLATE;
  if (fast) delete process.env.KEYDOCTOR_LIBDEFLATE;
  else process.env.KEYDOCTOR_LIBDEFLATE = '0';
  resetFastInflation();
  try {
    assert.equal(Boolean(fastInflation()), fast, 'libdeflate on as asked');
    return [shape(readArchive(buf, format)), shape(await openArchive(buf, format))];
  } finally {
    if (was === undefined) delete process.env.KEYDOCTOR_LIBDEFLATE;
    else process.env.KEYDOCTOR_LIBDEFLATE = was;
    resetFastInflation();
  }
}

/** Mutations of an archive: byte flips inside it, cuts, and false size claims. */
function mutations(buf: Buffer, seed: number, claims: number[]): Array<[string, Buffer]> {
  const r = rng(seed);
  const out: Array<[string, Buffer]> = [['whole', buf]];
  for (let i = 0; i < 12; i++) {
    const b = Buffer.from(buf);
    const at = Math.floor(r() * b.length);
    b[at] = (b[at] as number) ^ (1 + Math.floor(r() * 255));
    out.push([`byte ${at} flipped`, b]);
  }
  for (let i = 0; i < 4; i++) {
    const cut = Math.floor(r() * buf.length);
    out.push([`cut at ${cut}`, buf.subarray(0, cut)]);
  }
  for (const at of claims) {
    for (const delta of [-1, 1, 1000, -1000]) {
      const b = Buffer.from(buf);
      b.writeUInt32LE((b.readUInt32LE(at) + delta) >>> 0, at);
      out.push([`the size claim at ${at} ${delta > 0 ? '+' : ''}${delta}`, b]);
    }
  }
  return out;
}

describe('libdeflate through the addon', { skip }, () => {
  const addon = nativeAddon();
  const data = Buffer.concat([text(300_000, 7), env, randomBytes(2000)]);
  const raw = deflateRawSync(data);

  it('inflates a whole stream into the room its size needs, and says how much input it used', async () => {
    for (const got of [addon?.inflateRaw?.(raw, data.length), await addon?.inflateRawAsync?.(raw, data.length)]) {
      assert.ok(Array.isArray(got));
      assert.ok(got[0].equals(data));
      assert.equal(got[1], raw.length);
    }
    // Bytes after the stream are not its own: the count says where it ended.
    const trailing = addon?.inflateRaw?.(Buffer.concat([raw, Buffer.from('more')]), data.length);
    assert.ok(Array.isArray(trailing));
    assert.equal(trailing[1], raw.length);
  });

  it('gives the exact output when the room is larger than it (a size claim that was too high)', () => {
    const got = addon?.inflateRaw?.(raw, data.length + 5000);
    assert.ok(Array.isArray(got));
    assert.equal(got[0].length, data.length);
    assert.ok(got[0].equals(data));
  });

  it('returns a status, never a partial output, for too little room, a cut stream and damaged data', async () => {
    assert.equal(addon?.inflateRaw?.(raw, data.length - 1), 3);
    assert.equal(await addon?.inflateRawAsync?.(raw, data.length - 1), 3);
    assert.equal(typeof addon?.inflateRaw?.(raw.subarray(0, raw.length >> 1), data.length), 'number');
    assert.equal(typeof addon?.inflateRaw?.(Buffer.from([0xff, 0xff, 0xff, 0xff]), 100), 'number');
    assert.equal(typeof (await addon?.inflateRawAsync?.(Buffer.alloc(0), 100)), 'number');
  });

  it('refuses arguments that are not (Buffer, room)', () => {
    const call = addon?.inflateRaw as unknown as (...a: unknown[]) => unknown;
    assert.throws(() => call('text', 10), TypeError);
    assert.throws(() => call(raw), TypeError);
    assert.throws(() => call(raw, -1), TypeError);
  });
});

describe('archives read the same with libdeflate and with zlib alone', { skip }, () => {
  const big = Buffer.concat([text(200_000, 11), env, text(50_000, 12)]);
  const cases: Array<[string, ArchiveFormat, Buffer, number[]]> = [];
  // A .tar.gz large enough to go to the thread pool, and a small one inflated on this thread; the
  // gzip trailer's size claim is the last 4 bytes.
  for (const [label, body] of [
    [
      'large',
      tar([
        ['src/app.ts', big],
        ['app/.env', env],
        ['blob.bin', randomBytes(70_000)],
      ]),
    ],
    ['small', tar([['app/.env', env]])],
  ] as const) {
    const gz = gzipSync(body);
    cases.push([`a ${label} .tar.gz`, 'tar.gz', gz, [gz.length - 4]]);
  }
  cases.push([
    'two gzip members',
    'tar.gz',
    Buffer.concat([gzipSync(tar([['a/.env', env]])), gzipSync(tar([['b/.env', env]]))]),
    [],
  ]);
  // A zip: the central directory's uncompressed size of the first entry is its claim.
  const z = zip([
    ['src/app.ts', big],
    ['app/.env', env],
    ['empty.txt', Buffer.alloc(0)],
  ]);
  const eocd = z.length - 22;
  const central = z.readUInt32LE(eocd + 16);
  cases.push(['a zip', 'zip', z, [central + 24]]);

  for (const [label, format, buf, claims] of cases) {
    it(`${label}, whole, damaged, cut and with false size claims`, async () => {
      const outcomes = new Set<string>();
      for (const [what, b] of mutations(buf, label.length * 7919, claims)) {
        const [fastHere, fastPool] = await readBoth(b, format, true);
        const [zlibHere, zlibPool] = await readBoth(b, format, false);
        assert.deepEqual(fastHere, zlibHere, `${what}: here`);
        assert.deepEqual(fastPool, zlibPool, `${what}: on the pool`);
        outcomes.add((zlibHere as { problems: string[] }).problems.length > 0 ? 'problem' : 'read');
      }
      // The corpus has archives zlib reads and archives it cannot: both paths are compared.
      if (claims.length > 0) assert.deepEqual([...outcomes].sort(), ['problem', 'read']);
      // The whole archive's key is found (the fast path reads what zlib reads).
      const whole = readArchive(buf, format);
      assert.ok(whole.entries.length > 0);
      assert.ok(whole.entries.some((e) => e.data.includes(key)));
    });
  }
});

after(() => resetFastInflation());
