/**
 * A .tar.gz of one gzip member is inflated raw (its deflate stream, without the CRC-32 of the
 * whole output); everything else goes to zlib's gunzip. Either way the entries, and the problem
 * of a file that cannot be read, are gunzip's, here and off the thread.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync, gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { gzipBody, openArchive, readArchive, readTar, type ArchiveResult } from '../../src/scan/archive.js';
import { openaiKey } from '../helpers/keys.js';
import { tar } from '../helpers/archives.js';

/** gzipSync's member with another header: these flags and the fields they announce. */
function withHeader(gz: Buffer, flags: number, fields: Buffer): Buffer {
  const head = Buffer.from(gz.subarray(0, 10));
  head[3] = flags;
  return Buffer.concat([head, fields, gz.subarray(10)]);
}

const key = openaiKey('proj', 'gzip-body');
const env = Buffer.from(`OPENAI_API_KEY=${key}\n`);
// Large enough (over 64 KiB compressed) for openArchive to inflate it on libuv's threads.
const body = tar([
  ['blob.bin', randomBytes(100_000)],
  ['app/.env', env],
]);
const gz = gzipSync(body);

/** What the archive gives when zlib's gunzip decompresses it, or gunzip's problem line. */
function viaGunzip(buf: Buffer): ArchiveResult {
  let plain: Buffer;
  try {
    plain = gunzipSync(buf);
  } catch (e) {
    return { entries: [], problems: [`cannot decompress (${(e as Error).message.slice(0, 80)})`] };
  }
  return readTar(plain, false);
}

const shape = (r: ArchiveResult) => ({
  problems: r.problems,
  entries: r.entries.map((e) => [e.name, e.data.toString('base64')]),
});

describe('gzipBody', () => {
  it('finds the deflate stream after a plain header and after each optional field', () => {
    assert.equal(gzipBody(gz), 10);
    assert.equal(gzipBody(withHeader(gz, 8, Buffer.from('layer.tar\0'))), 20);
    const extra = Buffer.from([3, 0, 1, 2, 3]);
    assert.equal(gzipBody(withHeader(gz, 4 | 8 | 16, Buffer.concat([extra, Buffer.from('a\0note\0')]))), 22);
  });

  it('leaves to gunzip what it does not read: a header CRC, reserved flags, another method, no gzip, a short file', () => {
    assert.equal(gzipBody(withHeader(gz, 2, Buffer.from([0, 0]))), -1);
    assert.equal(gzipBody(withHeader(gz, 0x20, Buffer.alloc(0))), -1);
    const deflate64 = Buffer.from(gz);
    deflate64[2] = 9;
    assert.equal(gzipBody(deflate64), -1);
    assert.equal(gzipBody(body), -1);
    assert.equal(gzipBody(gz.subarray(0, 17)), -1);
    const nameToTheEnd = Buffer.concat([
      withHeader(gz, 8, Buffer.alloc(0)).subarray(0, 10),
      Buffer.from('a name with no end'),
    ]);
    assert.equal(gzipBody(nameToTheEnd), -1);
  });
});

describe('a .tar.gz reads as zlib gunzip reads it', () => {
  const two = gzipSync(tar([['second/.env', env]]));
  const truncated = gz.subarray(0, 60_000);
  const badSize = Buffer.from(gz);
  badSize.writeUInt32LE((body.length + 1) >>> 0, badSize.length - 4);
  const cases: Array<[string, Buffer]> = [
    ['one member', gz],
    ['one member with a file name in its header', withHeader(gz, 8, Buffer.from('image.tar\0'))],
    ['two members (concatenated gzip files)', Buffer.concat([gz, two])],
    ['a member followed by bytes that are not gzip', Buffer.concat([gz, Buffer.from('trailing bytes')])],
    ['a stream cut short', truncated],
    ['a trailer whose length is not the output', badSize],
    ['a header CRC (gunzip reads it)', withHeader(gz, 2, Buffer.from([0, 0]))],
  ];
  for (const [what, buf] of cases) {
    it(what, async () => {
      const want = shape(viaGunzip(buf));
      assert.deepEqual(shape(readArchive(buf, 'tar.gz')), want, 'read here');
      assert.deepEqual(shape(await openArchive(buf, 'tar.gz')), want, 'read off the thread');
    });
  }

  it('the key in a one-member .tar.gz is read, here and off the thread', async () => {
    for (const r of [readArchive(gz, 'tar.gz'), await openArchive(gz, 'tar.gz')]) {
      const found = r.entries.find((e) => e.name === 'app/.env');
      assert.equal(found?.data.toString(), env.toString());
    }
  });

  it('a CRC that does not match the output is not checked (the content is read all the same)', async () => {
    const badCrc = Buffer.from(gz);
    badCrc.writeUInt32LE((badCrc.readUInt32LE(badCrc.length - 8) ^ 1) >>> 0, badCrc.length - 8);
    assert.throws(() => gunzipSync(badCrc), /incorrect data check/);
    const want = shape(readTar(body, false));
    assert.deepEqual(shape(readArchive(badCrc, 'tar.gz')), want);
    assert.deepEqual(shape(await openArchive(badCrc, 'tar.gz')), want);
  });
});
