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
import { availableParallelism } from 'node:os';
import { statSync } from 'node:fs';
import type { Note } from '../core/types.js';
import type { TreeScan, TreeScanOptions } from './tree-types.js';
import {
  walkScan,
  walkRoot,
  relOf,
  rootLevels,
  SKIP_DIRS,
  DEFAULT_MAX_FILES as MAX_FILES,
  type Level,
  type WalkStart,
} from './walk.js';
import type { FileReader, ReadOptions, ReaderTake } from './read.js';
import { DEFAULT_MAX_FILE, sortHits } from './limits.js';
import {
  BINARY,
  LOOK,
  DIR_RECORD,
  KIND_PLAIN,
  type NativePrefilter,
  type NativeDeferred,
  type BatchClasses,
} from './native.js';
import { BUNDLE_DIRS, BUNDLE_SKIP, isArchive, isBundleFile, isEnvFile } from './paths.js';
import { gitignoreAt } from '../fs/gitignore.js';
import type { NativeWalkStart } from '../native/addon.js';
import type { ScanHit } from './types.js';
import { nowMs } from '../core/clock.js';

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
  for (let s = 0; s < records.length;) {
    const e = records.indexOf(0, s);
    if (e < 0) break;
    if (records[s] === DIR_RECORD) {
      dirStart = s + 1;
      dirEnd = e;
    } else if (records[s] === KIND_PLAIN) {
      if (want(index))
        out.push([index, `${records.toString('utf8', dirStart, dirEnd)}/${records.toString('utf8', s + 1, e)}`]);
      index++;
    }
    s = e + 1;
  }
  return out;
}

export async function scanNative(
  root: string,
  native: NativePrefilter,
  opts: TreeScanOptions,
  t0: number,
): Promise<TreeScan> {
  const notes: Note[] = [];
  const maxFile = opts.maxFileBytes ?? DEFAULT_MAX_FILE;
  const readOpts: ReadOptions = { maxFileBytes: opts.maxFileBytes, maxArchiveBytes: opts.maxArchiveBytes };
  // Made once read.ts has loaded (below): nothing judges a file before.
  let reader = undefined as unknown as FileReader;
  const base = walkRoot(root);
  // The walk writes every path as `${base}/...`, the root '/' included ('//etc/hosts'): one slice fits all.
  const relOfPath = (abs: string): string => abs.slice(base.length + 1);
  const archives = new ArchiveJobs(readOpts, relOfPath, native.needsLook);
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
          reader.notes.push({
            kind: 'unreadable',
            path: rel,
            message: `scan failed: ${(e as Error).message.slice(0, 120)}`,
          });
        }
      }
    }
    const t = reader.take();
    judged[no] = {
      hits: t.hits,
      notes: t.notes,
      bytes: t.bytes + (r?.bytes ?? 0),
      suppressed: t.suppressed,
      binary: t.binary + binary,
    };
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
      const records = Buffer.concat([
        Buffer.from([DIR_RECORD]),
        Buffer.from(dir, 'utf8'),
        Buffer.from([0]),
        plain.records,
      ]);
      queue.push([batchNo++, { records, count: plain.count, ignored: [] }]);
      pump();
      return;
    }
    folder(dir, room);
    pos += plain.records.copy(buf, pos);
    count += plain.count;
    if (pos >= BATCH_BYTES) send();
  };
  // The native walk lists and sorts the tree in C threads, with the .gitignore rules compiled here
  // (the `ignore` package's own expressions, matched in C: native/ignore.c), and leaves only what
  // needs this thread: files to judge, archives, ignored files that may be dotenv or bundle files,
  // and folders holding a .gitignore, whose rules are compiled here before the walk goes on from
  // them (one round per depth of nested .gitignore files). Rules the addon cannot match leave their
  // folders to the JavaScript walk below. With an explicit file limit, the one-by-one walk keeps
  // its exact order instead.
  let starts: WalkStart[] | undefined;
  let nativeFiles = 0;
  let nativeBytes = 0;
  let nativeBinary = 0;
  // The native walk starts first (its threads run from the call on); the reader's module (detect.ts
  // with its WebAssembly pass, the archive formats) loads on this thread meanwhile.
  // The files the walk marks are judged here as it marks them, while its threads go on (this thread
  // would only wait for them); each one's result is kept by path and merged in the walk's sorted order.
  const early = new Map<string, ReaderTake>();
  const waitingLook: string[] = [];
  let lookOpen = true;
  const judgeEarly = (abs: string): void => {
    try {
      reader.scanFile(abs, relOfPath(abs), false);
    } catch {
      reader.take();
      return; // judged again in scanOthers, which makes its note
    }
    early.set(abs, reader.take());
  };
  const onLook = (abs: string): void => {
    if (!lookOpen || isArchive(abs)) return;
    if (reader === undefined) waitingLook.push(abs);
    else judgeEarly(abs);
  };
  const nativeWalk =
    native.walk && opts.maxFiles === undefined
      ? walkNatively(base, native, opts, maxFile, cores, notes, relOfPath, archives.early, onLook)
      : undefined;
  nativeWalk?.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
  const { FileReader: Reader } = await import('./read.js');
  reader = new Reader(readOpts);
  archives.ready(Reader);
  for (const abs of waitingLook.splice(0)) if (lookOpen) judgeEarly(abs);
  if (nativeWalk) {
    const walked = await nativeWalk;
    if (walked) {
      nativeFiles = walked.files;
      nativeBytes = walked.bytes;
      nativeBinary = walked.binary;
      for (const [abs, ign] of walked.others) others.push([abs, relOfPath(abs), ign]);
      for (const m of walked.maybe) {
        const rel = relOfPath(m.path);
        const slash = m.path.lastIndexOf('/');
        const name = m.path.slice(slash + 1);
        // An ignored file is scanned only when it is a dotenv file or shipped build output (walk.ts).
        if (!isEnvFile(name) && !(m.inBundle && isBundleFile(rel))) continue;
        nativeFiles++;
        const relDir = rel.slice(0, Math.max(0, rel.length - name.length - 1));
        onFile(m.path.slice(0, slash), name, relDir, true);
      }
      starts = walked.js;
    }
  }
  const walked = walkScan(
    root,
    notes,
    { noIgnore: opts.noIgnore, maxFiles: opts.maxFiles ?? MAX_FILES - nativeFiles },
    onFile,
    native.listDir,
    onPlain,
    starts,
  );
  const total = walked + nativeFiles;
  if (count > 0) send();
  walking = false;
  pump();
  lookOpen = false; // a path still queued in the addon comes too late: scanOthers judges it
  const rest = await scanOthers(others, reader, archives, early);
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
  if (binary > 0)
    notes.push({
      kind: 'binary',
      message: `${binary} binary ${binary === 1 ? 'file was' : 'files were'} passed over by the key scan`,
    });
  return {
    hits: sortHits(hits),
    notes,
    stats: { files: total, bytes, ms: Math.round(nowMs() - t0), workers: 0, suppressed, reader: 'native' },
  };
}

/** At most this many archives are open at once, holding at most this many bytes (a larger one opens alone). */
const ARCHIVES_AT_ONCE = 4;
const ARCHIVE_BYTES_AT_ONCE = 32 << 20;

/**
 * The archives being opened, each on libuv's threads with a reader of its own, a few at a time.
 * The native walk names archives as it finds them, so the first ones start decompressing while it
 * still walks (`early`); the rest start as earlier ones end, in the walk's order (scanOthers).
 */
export class ArchiveJobs {
  private open = 0;
  private openBytes = 0;
  private closed = false;
  private readonly jobs = new Map<string, Promise<ReaderTake>>();
  /** The reader class, once read.ts has loaded; archives found before wait in `waiting`. */
  private Reader: typeof FileReader | undefined;
  private readonly waiting: string[] = [];
  /** Called when an archive is done and another may start. */
  onFree: () => void = () => {};

  constructor(
    private readonly readOpts: ReadOptions,
    private readonly relOfPath: (abs: string) => string,
    private readonly needsLook?: (buffers: Buffer[]) => Promise<boolean[]>,
  ) {}

  /** An archive the walk just found: it starts now if the limits allow, else in its turn later. */
  readonly early = (abs: string): void => {
    // The walk names .gitignore files too (its `special` list): those are read as files, later.
    if (this.closed || !isArchive(abs)) return;
    if (this.Reader) this.start(abs, this.relOfPath(abs), false);
    else this.waiting.push(abs);
  };

  /** read.ts has loaded: the archives found meanwhile start, in the order they were found. */
  ready(Reader: typeof FileReader): void {
    this.Reader = Reader;
    for (const abs of this.waiting.splice(0)) this.early(abs);
  }

  /** From now on archives start only in the list's order (scanOthers). */
  close(): void {
    this.closed = true;
  }

  /** The archive's job, started now if it was not yet and the limits allow; undefined when it must wait. */
  start(abs: string, rel: string, ign: boolean): Promise<ReaderTake> | undefined {
    const have = this.jobs.get(abs);
    if (have) return have;
    const Reader = this.Reader;
    if (!Reader || this.open >= ARCHIVES_AT_ONCE) return undefined;
    let size = 0;
    try {
      size = statSync(abs).size;
    } catch {
      // the reader makes the note
    }
    if (this.open > 0 && this.openBytes + size > ARCHIVE_BYTES_AT_ONCE) return undefined;
    this.open++;
    this.openBytes += size;
    // Sized for the archive (one more byte: a full buffer means "read on"), not the shared 1 MB.
    // A zip read in pieces needs no buffer of its size (read.ts's SparseZip).
    const own = new Reader(this.readOpts, Reader.readsSparsely(rel, size) ? 4096 : size + 1);
    const job = own
      .scanArchiveFile(abs, rel, ign, this.needsLook)
      .catch((e: unknown) => {
        own.notes.push({
          kind: 'unreadable',
          path: rel,
          message: `scan failed: ${(e as Error).message.slice(0, 120)}`,
        });
      })
      .then(() => {
        this.open--;
        this.openBytes -= size;
        this.onFree();
        return own.take();
      });
    this.jobs.set(abs, job);
    return job;
  }
}

/**
 * The files the walk left to this thread, read one by one: the archives decompress on libuv's
 * threads (ArchiveJobs) while this thread reads the others. The results are joined in the list's
 * order, so hits and notes do not depend on which archive was done first, or started during the walk.
 */
export async function scanOthers(
  others: Array<[abs: string, rel: string, ignored: boolean]>,
  reader: FileReader,
  archives: ArchiveJobs,
  early?: ReadonlyMap<string, ReaderTake>,
): Promise<ReaderTake> {
  archives.close();
  const results: ReaderTake[] = new Array<ReaderTake>(others.length);
  const queue: number[] = [];
  for (let i = 0; i < others.length; i++) if (isArchive((others[i] as [string, string, boolean])[1])) queue.push(i);
  // Done when every archive's result is in: not when the jobs started so far are, since the first
  // in the list may wait for archives the walk started (none of them ours yet) to end.
  let left = queue.length;
  let allIn: () => void = () => {};
  const all = new Promise<void>((resolve) => {
    allIn = resolve;
  });
  if (left === 0) allIn();
  const start = (): void => {
    while (queue.length > 0) {
      const i = queue[0] as number;
      const [abs, rel, ign] = others[i] as [string, string, boolean];
      const job = archives.start(abs, rel, ign);
      if (!job) break; // an open archive's end calls onFree, which comes back here
      queue.shift();
      void job
        .then((r) => {
          results[i] = r;
        })
        .finally(() => {
          if (--left === 0) allIn();
        });
    }
  };
  archives.onFree = () => queueMicrotask(start);
  start();
  for (let i = 0; i < others.length; i++) {
    const [abs, rel, ign] = others[i] as [string, string, boolean];
    if (isArchive(rel)) continue;
    const judged = ign ? undefined : early?.get(abs);
    if (judged) {
      results[i] = judged;
      continue;
    }
    reader.scanFile(abs, rel, ign);
    results[i] = reader.take();
  }
  await all;
  const out: ReaderTake = reader.take();
  for (const r of results) {
    if (!r) continue;
    for (const h of r.hits) out.hits.push(h);
    for (const n of r.notes) out.notes.push(n);
    out.bytes += r.bytes;
    out.suppressed += r.suppressed;
    out.binary += r.binary;
    out.files += r.files;
  }
  return out;
}

interface Walked {
  files: number;
  bytes: number;
  binary: number;
  /** Files to read one by one here ([absolute path, ignored]). */
  others: Array<[string, boolean]>;
  /** Ignored files: this thread keeps the dotenv and bundle files among them. */
  maybe: Array<{ path: string; inBundle: boolean }>;
  /** Folders the JavaScript walk takes, with their levels. */
  js: WalkStart[];
}

/**
 * The native walk of the tree, in rounds: the root with the rules in force there, then every
 * folder holding a .gitignore that the round before left here, with that file's rules added.
 * undefined when the first round failed (the JavaScript walk then does the whole tree).
 */
async function walkNatively(
  base: string,
  native: NativePrefilter,
  opts: TreeScanOptions,
  maxFile: number,
  cores: number,
  notes: Note[],
  relOfPath: (abs: string) => string,
  onSpecial?: (abs: string) => void,
  onLook?: (abs: string) => void,
): Promise<Walked | undefined> {
  const walk = native.walk;
  if (!walk) return undefined;
  const out: Walked = { files: 0, bytes: 0, binary: 0, others: [], maybe: [], js: [] };
  // Level instances by native id, to hand levels back to the JavaScript walk.
  const byId = new Map<number, Level['ig']>();
  const idOf = (ig: Level['ig']): number | undefined => {
    const id = native.ruleset?.(ig);
    if (id !== undefined) byId.set(id, ig);
    return id;
  };
  /** The native levels as the JavaScript walk's, for a folder at `relDir`. */
  const jsLevels = (relDir: string, levels: NativeWalkStart['levels']): Level[] =>
    levels.map(([id, b]) => ({ base: `${relDir}/`.slice(0, b), ig: byId.get(id) as Level['ig'] }));

  let pending: NativeWalkStart[] = [];
  if (opts.noIgnore) {
    pending.push({ dir: base, inBundle: false, ignored: false, own: true, levels: [] });
  } else {
    // The root: git's own ignore files, then the root's .gitignore.
    const levels: Level[] = rootLevels(base);
    let unreadable = false;
    try {
      levels.push({ base: '', ig: gitignoreAt(`${base}/.gitignore`) });
    } catch (e) {
      unreadable = (e as NodeJS.ErrnoException).code !== 'ENOENT';
    }
    const ids = levels.map((l) => idOf(l.ig));
    if (unreadable || !ids.every((id) => id !== undefined)) {
      // Rules the addon cannot match (or a note to make): the JavaScript walk takes the tree.
      return undefined;
    }
    pending.push({
      dir: base,
      inBundle: false,
      ignored: false,
      own: true,
      levels: ids.map((id) => [id as number, 0, false]),
    });
  }
  let first = true;
  while (pending.length > 0) {
    let w;
    try {
      w = await walk(base, {
        skip: [...SKIP_DIRS],
        bundleDirs: [...BUNDLE_DIRS],
        bundleSkip: [...BUNDLE_SKIP],
        stopAtGitignore: !opts.noIgnore,
        maxFiles: MAX_FILES - out.files,
        maxFileBytes: maxFile,
        threads: cores,
        starts: pending,
        onSpecial,
        onLook,
      });
    } catch (e) {
      // out of memory in the addon, or the like: the JavaScript walk does these folders
      notes.push({
        kind: 'info',
        message: `the native walk failed (${(e as Error).message.slice(0, 100)}); the tree was walked in JavaScript`,
      });
      if (first) return undefined;
      for (const p of pending) {
        const relDir = relOfPath(p.dir);
        out.js.push({
          relDir,
          inBundle: p.inBundle,
          ignored: p.ignored,
          own: p.own,
          levels: jsLevels(relDir, p.levels),
        });
      }
      break;
    }
    first = false;
    out.files += w.files;
    out.bytes += w.bytes;
    out.binary += w.binary;
    for (const e of w.errors.sort((a, b) => (a.dir < b.dir ? -1 : 1)))
      notes.push({ kind: 'unreadable', path: relOfPath(e.dir) || '.', message: `cannot list folder: ${e.code}` });
    if (w.stopped) {
      notes.push({ kind: 'limit', message: `stopped the scan after ${MAX_FILES} files` });
      pending = [];
    }
    for (const abs of [...w.look, ...w.special].sort()) out.others.push([abs, false]);
    for (const m of w.maybe) out.maybe.push(m);
    const next: NativeWalkStart[] = [];
    for (const d of w.deferred.sort((a, b) => (a.dir < b.dir ? -1 : 1))) {
      if (w.stopped) break;
      const relDir = relOfPath(d.dir);
      if (d.kind === 'j') {
        out.js.push({
          relDir,
          inBundle: d.inBundle,
          ignored: d.ignored,
          own: true,
          levels: jsLevels(relDir, d.levels),
        });
        continue;
      }
      const more = nextStart(d, relDir, notes, idOf);
      if (more === 'js')
        out.js.push({ relDir, inBundle: d.inBundle, ignored: d.ignored, levels: jsLevels(relDir, d.levels) });
      else next.push(more);
    }
    if (!w.stopped) pending = next;
  }
  out.js.sort((a, b) => (a.relDir < b.relDir ? -1 : 1));
  return out;
}

/** The next round's start at a folder holding a .gitignore, or 'js' when the addon cannot match its rules. */
function nextStart(
  d: NativeDeferred,
  relDir: string,
  notes: Note[],
  idOf: (ig: Level['ig']) => number | undefined,
): NativeWalkStart | 'js' {
  let ig: Level['ig'];
  try {
    ig = gitignoreAt(`${d.dir}/.gitignore`);
  } catch {
    notes.push({
      kind: 'unreadable',
      path: relDir ? `${relDir}/.gitignore` : '.gitignore',
      message: 'cannot read .gitignore',
    });
    return { dir: d.dir, inBundle: d.inBundle, ignored: d.ignored, own: true, levels: d.levels };
  }
  const id = idOf(ig);
  if (id === undefined) return 'js';
  return {
    dir: d.dir,
    inBundle: d.inBundle,
    ignored: d.ignored,
    own: true,
    levels: [...d.levels, [id, relDir.length + 1, false]],
  };
}
