/**
 * Zips of SPARSE_MIN bytes or more are read in the pieces their reader looks at (read.ts's
 * SparseZip, archive.ts's `need`): a war of jars and classes costs a few small reads. What the scan
 * finds in them must be exactly what reading them whole finds: well-formed zips, and zips damaged
 * anywhere (central directory, local headers, end record), on both the thread path (scanFile) and
 * the archive jobs' path (scanArchiveFile).
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileReader, SPARSE_MIN, type ReaderTake } from '../../src/scan/read.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { openaiKey } from '../helpers/keys.js';
import { zip, type Entry } from '../helpers/archives.js';

const made: TempProject[] = [];
after(() => {
  for (const p of made) p.cleanup();
});

/** A war: inner jars and classes (passed over by name), and a few text entries holding keys. */
function war(seed: string): Buffer {
  const entries: Entry[] = [
    ['META-INF/MANIFEST.MF', Buffer.from('Manifest-Version: 1.0\n')],
    ['WEB-INF/lib/big.jar', randomBytes(4 * SPARSE_MIN)],
    ['WEB-INF/classes/App.class', Buffer.concat([Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0]), randomBytes(60_000)])],
    ['WEB-INF/web.xml', Buffer.from(`<web-app><param>${openaiKey('proj', `${seed}-a`)}</param></web-app>\n`)],
    ['WEB-INF/lib/other.jar', randomBytes(100_000)],
    ['WEB-INF/classes/app.properties', Buffer.from(`openai.api-key=${openaiKey('proj', `${seed}-b`)}\n`)],
  ];
  return zip(entries);
}

function shape(t: ReaderTake) {
  return {
    hits: t.hits.map((h) => `${h.rel}|${h.line}:${h.column}|${h.kind}|${h.fingerprint}`),
    notes: t.notes.map((n) => `${n.kind}|${n.path ?? ''}|${n.message}`),
    bytes: t.bytes,
    binary: t.binary,
    files: t.files,
  };
}

/** What the scan finds in the zip read whole (a staged blob's path: the bytes are all there). */
function whole(buf: Buffer, rel: string) {
  const r = new FileReader();
  r.scanBuffer(buf, rel);
  return shape(r.take());
}

async function bothPaths(buf: Buffer, rel = 'app.war') {
  const p = tempProject({ [rel]: buf });
  made.push(p);
  const abs = join(p.root, rel);
  const a = new FileReader();
  a.scanFile(abs, rel, false);
  const b = new FileReader({}, 4096);
  await b.scanArchiveFile(abs, rel, false);
  return { thread: shape(a.take()), jobs: shape(b.take()), readThread: a.sparseRead, readJobs: b.sparseRead };
}

describe('zips read in pieces', () => {
  it('a war of jars: the same hits as read whole, from a fraction of its bytes', async () => {
    const buf = war('w1');
    assert.ok(buf.length >= SPARSE_MIN);
    const want = whole(buf, 'app.war');
    assert.equal(want.hits.length, 2, 'both text entries hold a key');
    const got = await bothPaths(buf);
    assert.deepEqual(got.thread, want);
    assert.deepEqual(got.jobs, want);
    for (const read of [got.readThread, got.readJobs]) {
      assert.ok(read > 0, 'the sparse path read the zip');
      assert.ok(read < buf.length / 4, `read ${read} of ${buf.length} bytes`);
    }
  });

  it('a zip under SPARSE_MIN is read whole, as before', async () => {
    const small = zip([['config.yml', Buffer.from(`key: ${openaiKey('proj', 'small')}\n`)]]);
    const got = await bothPaths(small, 'small.zip');
    assert.equal(got.readThread + got.readJobs, 0);
    assert.deepEqual(got.thread, whole(small, 'small.zip'));
  });

  it('damaged anywhere: the same hits and notes as read whole (300 seeded corruptions)', async () => {
    const base = war('w2');
    // Where a reader looks: the end record, the central directory, the local headers.
    const cdAt = base.readUInt32LE(base.length - 22 + 16);
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const p = tempProject({});
    made.push(p);
    for (let i = 0; i < 300; i++) {
      const buf = Buffer.from(base);
      const flips = 1 + rnd(4);
      for (let f = 0; f < flips; f++) {
        const region = rnd(3);
        const at =
          region === 0 ? buf.length - 22 + rnd(22) : region === 1 ? cdAt + rnd(buf.length - 22 - cdAt) : rnd(cdAt); // anywhere before the central directory: headers and data
        buf[at] = rnd(256);
      }
      // Sometimes cut short too, or with a comment after the end record.
      const cut = rnd(10) === 0 ? buf.subarray(0, buf.length - rnd(200)) : buf;
      const file = rnd(10) === 0 ? Buffer.concat([cut, Buffer.from('comment')]) : cut;
      const rel = `bad-${i}.war`;
      const abs = join(p.root, rel);
      writeFileSync(abs, file);
      const want = whole(file, rel);
      const a = new FileReader();
      a.scanFile(abs, rel, false);
      assert.deepEqual(shape(a.take()), want, `thread path, corruption ${i}`);
      const b = new FileReader({}, 4096);
      await b.scanArchiveFile(abs, rel, false);
      assert.deepEqual(shape(b.take()), want, `jobs path, corruption ${i}`);
    }
  });

  it('an unreadable zip is a note, not a throw', async () => {
    const r = new FileReader();
    r.scanFile('/nonexistent/keydoctor/app.war', 'app.war', false);
    await r.scanArchiveFile('/nonexistent/keydoctor/app.war', 'app.war', false);
    const t = r.take();
    assert.equal(t.notes.length, 2);
    assert.ok(t.notes.every((n) => n.kind === 'unreadable'));
  });
});
