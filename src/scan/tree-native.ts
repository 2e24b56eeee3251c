/**
 * The working-tree scan with the native prefilter (native.ts): the walk writes paths into batches,
 * the pool reads and sorts them, and only the files it marks are read again and judged here.
 *
 * Pacing, on the machine's cores:
 * - During the walk, `cores` batches run at a time: more would slow the walk (which decides when
 *   the last batch can go) for no gain.
 * - After the walk, every batch goes to the pool at once: the pool must never wait for this
 *   thread, which is busy now and then (judging marked files, loading the report's modules).
 * - Each batch's marked files are judged as soon as the batch is done, while the others still run.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Note } from '../core/types.js';
import type { TreeScan, TreeScanOptions } from './tree.js';
import { walkScan, walkRoot, relOf, SKIP_DIRS, DEFAULT_MAX_FILES as MAX_FILES, type WalkStart } from './walk.js';
import { FileReader, DEFAULT_MAX_FILE, sortHits, type ReadOptions } from './read.js';
import { BINARY, LOOK, DIR_RECORD, KIND_PLAIN, type NativePrefilter, type NativeWalk, type BatchClasses } from './native.js';
import { BUNDLE_DIRS, BUNDLE_SKIP, isArchive } from './paths.js';
import type { ScanHit } from './types.js';

/** Bytes of paths per batch: a few hundred files, a few milliseconds of a pool thread. */
const BATCH_BYTES = 8 << 10;

/** A batch of records (copied off the heap) with the indexes of its git-ignored files. */
interface Batch {
  records: Buffer;
  count: number;
  ignored: number[];
}

interface Judged {
  hits: ScanHit[];
  notes: Note[];
  bytes: number;
  suppressed: number;
  binary: number;
}

type Utf8Write = { utf8Write?: (text: string, offset: number) => number };

/** Writes UTF-8 at `pos` (room is checked by the caller); Buffer#utf8Write skips write's argument handling. */
function write(buf: Buffer, text: string, pos: number): number {
  const fast = (buf as unknown as Utf8Write).utf8Write;
  return fast ? fast.call(buf, text, pos) : buf.write(text, pos, 'utf8');
}

/** The files of a batch's records that `want` picks by index, as absolute paths. */
function filesOf(records: Buffer, want: (i: number) => boolean): Array<[index: number, abs: string]> {
  const out: Array<[number, string]> = [];
  let dirStart = -1;
  let dirEnd = -1;
  let index = 0;
  for (let s = 0; s < records.length; ) {
    const e = records.indexOf(0, s);
    if (e < 0) break;
    if (records[s] === DIR_RECORD) {
      dirStart = s + 1;
      dirEnd = e;
    } else if (records[s] === KIND_PLAIN) {
      if (want(index)) out.push([index, `${records.toString('utf8', dirStart, dirEnd)}/${records.toString('utf8', s + 1, e)}`]);
      index++;
    }
    s = e + 1;
  }
  return out;
}

export async function scanNative(root: string, native: NativePrefilter, opts: TreeScanOptions, t0: number): Promise<TreeScan> {
  const notes: Note[] = [];
  const maxFile = opts.maxFileBytes ?? DEFAULT_MAX_FILE;
  const readOpts: ReadOptions = { maxFileBytes: opts.maxFileBytes, maxArchiveBytes: opts.maxArchiveBytes };
  const reader = new FileReader(readOpts);
  const base = walkRoot(root);
  // The walk writes every path as `${base}/...`, the root '/' included ('//etc/hosts'): one slice fits all.
  const relOfPath = (abs: string): string => abs.slice(base.length + 1);
  const cores = availableParallelism();

  // Results by batch number, so the outcome does not depend on which batch finished first.
  const judged: Judged[] = [];
  const queue: Array<[number, Batch]> = [];
  const running: Array<Promise<void>> = [];
  let walking = true;
  let batchNo = 0;

  const judge = (no: number, b: Batch, r: BatchClasses | undefined): void => {
    let binary = 0;
    let look = !r; // a batch the prefilter could not do is read here, every file of it
    if (r) {
      for (const c of r.classes) {
        if (c === BINARY) binary++;
        else if (c === LOOK) look = true;
      }
    }
    if (look) {
      const classes = r?.classes;
      for (const [i, abs] of filesOf(b.records, classes ? (i) => classes[i] === LOOK : () => true)) {
        const rel = relOfPath(abs);
        try {
          reader.scanFile(abs, rel, b.ignored.includes(i));
        } catch (e) {
          reader.notes.push({ kind: 'unreadable', path: rel, message: `scan failed: ${(e as Error).message.slice(0, 120)}` });
        }
      }
    }
    const t = reader.take();
    judged[no] = { hits: t.hits, notes: t.notes, bytes: t.bytes + (r?.bytes ?? 0), suppressed: t.suppressed, binary: t.binary + binary };
  };
  const pump = (): void => {
    const limit = walking ? cores : Infinity;
    while (queue.length > 0 && native.busy() < limit) {
      const [no, b] = queue.shift() as [number, Batch];
      // The next batch goes to the pool before this one's marked files are judged here.
      running.push(
        native.classify(b.records, b.count, maxFile).then(
          (r) => {
            pump();
            judge(no, b, r);
          },
          () => {
            pump();
            judge(no, b, undefined);
          },
        ),
      );
    }
  };

  // The walk writes paths into this buffer (a folder record, then the names in it): no string or
  // object is kept per file; the marked files are named back from the batch's records.
  const buf = Buffer.allocUnsafe(BATCH_BYTES + 4096);
  let pos = 0;
  let lastDir: string | undefined;
  let count = 0;
  let ignored: number[] = [];
  const others: Array<[abs: string, rel: string, ignored: boolean]> = [];
  const send = (): void => {
    queue.push([batchNo++, { records: Buffer.from(buf.subarray(0, pos)), count, ignored }]);
    count = 0;
    ignored = [];
    pos = 0;
    lastDir = undefined;
    pump();
  };
  const folder = (dir: string, room: number): void => {
    if (pos + room > buf.length) send();
    if (dir !== lastDir) {
      buf[pos++] = DIR_RECORD;
      pos += write(buf, dir, pos);
      buf[pos++] = 0;
      lastDir = dir;
    }
  };
  const onFile = (dir: string, name: string, relDir: string, ign: boolean): void => {
    // Archives are opened in JavaScript (read.ts knows their formats); so is a path too long for a batch.
    const room = 3 * (dir.length + name.length) + 5; // UTF-8 takes at most 3 bytes per UTF-16 unit
    if (isArchive(name) || room > buf.length) {
      others.push([`${dir}/${name}`, relOf(relDir, name), ign]);
      return;
    }
    folder(dir, room);
    buf[pos++] = KIND_PLAIN;
    pos += write(buf, name, pos);
    buf[pos++] = 0;
    if (ign) ignored.push(count);
    count++;
    if (pos >= BATCH_BYTES) send();
  };
  // A folder's plain files come as records the prefilter reads as they are: one copy, not one
  // string per file.
  const onPlain = (dir: string, _relDir: string, plain: { records: Buffer; count: number }): void => {
    const room = 3 * dir.length + 2 + plain.records.length;
    if (room > buf.length) {
      if (count > 0) send();
      const records = Buffer.concat([Buffer.from([DIR_RECORD]), Buffer.from(dir, 'utf8'), Buffer.from([0]), plain.records]);
      queue.push([batchNo++, { records, count: plain.count, ignored: [] }]);
      pump();
      return;
    }
    folder(dir, room);
    pos += plain.records.copy(buf, pos);
    count += plain.count;
    if (pos >= BATCH_BYTES) send();
  };
  // Where no .gitignore rule applies (no .gitignore at the root, or --no-ignore), the native walk
  // lists and sorts the whole tree in C threads and leaves only what needs this thread: files to
  // judge, archives, and the folders that hold a .gitignore (walked below, with their rules). With
  // an explicit file limit, the one-by-one walk keeps its exact order instead.
  let starts: WalkStart[] | undefined;
  let nativeFiles = 0;
  let nativeBytes = 0;
  let nativeBinary = 0;
  let w: NativeWalk | undefined;
  // A .gitignore at the root (most projects) means rules apply from the top: no native walk to start.
  const rootRules = !opts.noIgnore && existsSync(`${base}/.gitignore`);
  if (native.walk && opts.maxFiles === undefined && !rootRules) {
    try {
      w = await native.walk(base, {
        skip: [...SKIP_DIRS],
        bundleDirs: [...BUNDLE_DIRS],
        bundleSkip: [...BUNDLE_SKIP],
        stopAtGitignore: !opts.noIgnore,
        maxFiles: MAX_FILES,
        maxFileBytes: maxFile,
        threads: cores,
      });
    } catch (e) {
      // out of memory in the addon, or the like: the JavaScript walk does the whole tree
      notes.push({ kind: 'info', message: `the native walk failed (${(e as Error).message.slice(0, 100)}); the tree was walked in JavaScript` });
    }
  }
  if (w) {
    nativeFiles = w.files;
    nativeBytes = w.bytes;
    nativeBinary = w.binary;
    for (const e of w.errors.sort((a, b) => (a.dir < b.dir ? -1 : 1))) notes.push({ kind: 'unreadable', path: relOfPath(e.dir) || '.', message: `cannot list folder: ${e.code}` });
    if (w.stopped) notes.push({ kind: 'limit', message: `stopped the scan after ${MAX_FILES} files` });
    for (const abs of [...w.look, ...w.special].sort()) others.push([abs, relOfPath(abs), false]);
    starts = w.deferred.map((d) => ({ relDir: relOfPath(d.dir), inBundle: d.inBundle })).sort((a, b) => (a.relDir < b.relDir ? -1 : 1));
  }
  const walked = walkScan(root, notes, { noIgnore: opts.noIgnore, maxFiles: opts.maxFiles ?? MAX_FILES - nativeFiles }, onFile, native.listDir, onPlain, starts);
  const total = walked + nativeFiles;
  if (count > 0) send();
  walking = false;
  pump();
  for (const [abs, rel, ign] of others) reader.scanFile(abs, rel, ign);
  const rest = reader.take();
  // `running` grows while batches finish (each one's finally starts the next).
  for (let i = 0; i < running.length; i++) await running[i];

  const hits: ScanHit[] = [];
  let bytes = rest.bytes + nativeBytes;
  let suppressed = rest.suppressed;
  let binary = rest.binary + nativeBinary;
  for (const j of [...judged, rest]) {
    if (!j) continue;
    for (const h of j.hits) hits.push(h);
    for (const n of j.notes) notes.push(n);
    if (j !== rest) {
      bytes += j.bytes;
      suppressed += j.suppressed;
      binary += j.binary;
    }
  }
  if (binary > 0) notes.push({ kind: 'binary', message: `${binary} binary ${binary === 1 ? 'file was' : 'files were'} passed over by the key scan` });
  return { hits: sortHits(hits), notes, stats: { files: total, bytes, ms: Math.round(performance.now() - t0), workers: 0, suppressed, reader: 'native' } };
}
