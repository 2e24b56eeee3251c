/**
 * Reading one file for the scanner: one open/read/close into a reused buffer, early skips
 * (binary: a NUL in the first 8 KiB; too large: over the size cap), UTF-16 decoding, archives.
 * Used the same way on the main thread (small trees) and inside the worker pool.
 */
import { openSync, readSync, closeSync, fstatSync, constants, type Stats } from 'node:fs';
import { DEFAULT_MAX_FILE, sortHits } from './limits.js';
import { sha256hex } from '../core/hash.js';
import type { Note } from '../core/types.js';
import type { ScanContext, ScanHit } from './types.js';
import { detect, MAX_HITS_PER_FILE, type Detection } from './detect.js';
import { contextOf, decodesPrefixesAt, isArchive, isLockfile } from './paths.js';
import {
  readArchive,
  readZip,
  openArchive,
  archiveFormat,
  DEFAULT_ARCHIVE_LIMITS,
  type Need,
  type ArchiveEntry,
  type ArchiveResult,
} from './archive.js';

export { DEFAULT_MAX_FILE, sortHits };

export interface ReadOptions {
  /** Files larger than this are passed over with a note (default 25 MB). */
  maxFileBytes?: number;
  /** Archives larger than this are not opened (default 64 MB). */
  maxArchiveBytes?: number;
}

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);
/** Largest read buffer a reader keeps between files. */
const KEEP = 4 << 20;

/** Stable id of one key in one place for baselines and SARIF: never the key itself. */
export function fingerprint(kind: string, rel: string, secret: string): string {
  return sha256hex(`keydoctor-scan:1:${kind}:${rel}:${sha256hex(secret)}`).slice(0, 32);
}

export function toHit(d: Detection, rel: string, context: ScanContext, extra: Partial<ScanHit> = {}): ScanHit {
  const hit: ScanHit = {
    secret: d.secret,
    kind: d.kind,
    label: d.label,
    provider: d.provider,
    rel,
    line: d.line,
    column: d.column,
    context,
    encoding: d.encoding,
    fingerprint: fingerprint(d.kind, rel, d.secret),
    ...extra,
  };
  if (d.name) hit.name = d.name;
  if (d.cell !== undefined) hit.cell = d.cell;
  return hit;
}

/** UTF-16 with a BOM becomes UTF-8 (so keys in such files are still found); anything else as is. */
function decodeText(buf: Buffer): Buffer | undefined {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe)
    return Buffer.from(buf.subarray(2).toString('utf16le'), 'utf8');
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const body = Buffer.from(buf.subarray(2, 2 + ((buf.length - 2) & ~1)));
    body.swap16();
    return Buffer.from(body.toString('utf16le'), 'utf8');
  }
  return undefined;
}

export interface ContentResult {
  hits: ScanHit[];
  notes: Note[];
  suppressed: number;
  binary: boolean;
}

const NOTHING: ContentResult = Object.freeze({ hits: [], notes: [], suppressed: 0, binary: false }) as ContentResult;
const BINARY: ContentResult = Object.freeze({ hits: [], notes: [], suppressed: 0, binary: true }) as ContentResult;

/**
 * Scans a buffer that holds one file's content (also used for staged blobs and archive entries).
 * `context` may be given lazily: most files hold no anchor at all and never need it.
 */
export function scanContent(
  content: Buffer,
  rel: string,
  context: ScanContext | (() => ScanContext),
  extra: Partial<ScanHit> = {},
): ContentResult {
  let buf = content;
  const b0 = buf[0];
  const utf16 = b0 === 0xff || b0 === 0xfe ? decodeText(buf) : undefined;
  if (utf16) buf = utf16;
  else if ((buf.length <= 8192 ? buf : buf.subarray(0, 8192)).indexOf(0) >= 0) return BINARY;
  // No latin1 text here: detect's anchor pass reads the bytes (it makes text only where it needs it).
  const r = detect(buf, {
    context,
    prefixes: typeof context === 'string' ? undefined : decodesPrefixesAt(rel),
    ...(isLockfile(rel) ? { lockfile: true } : {}),
    ...(/(^|\/)(GoogleService-Info\.plist|google-services\.json)$/.test(rel) ? { publicConfig: true } : {}),
  });
  if (r.hits.length === 0 && r.problems.length === 0)
    return r.suppressed ? { hits: [], notes: [], suppressed: r.suppressed, binary: false } : NOTHING;
  const c = typeof context === 'string' ? context : context();
  const notes: Note[] = r.problems.map((message) => ({ kind: 'parse-error', path: rel, message }));
  if (r.capped)
    notes.push({
      kind: 'limit',
      path: rel,
      message: `${r.capped} more keys in this file are not listed (at most ${MAX_HITS_PER_FILE} per file)`,
    });
  return { hits: r.hits.map((d) => toHit(d, rel, c, extra)), notes, suppressed: r.suppressed, binary: false };
}

/** What a reader scanned since its last take(). */
export interface ReaderTake {
  hits: ScanHit[];
  notes: Note[];
  bytes: number;
  suppressed: number;
  binary: number;
  files: number;
}

/** Archive entries at least this large go through the native gate first (smaller ones cost less here than a trip to the pool). */
const GATE_MIN = 64 << 10;

/** A note for a file that could not be opened or read. */
function cannot(what: 'open' | 'read', rel: string, e: unknown): Note {
  return {
    kind: 'unreadable',
    path: rel,
    message: `cannot ${what}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
  };
}

/** Type and size before reading (the same checks as core/read-file.ts): never a device or a FIFO, nothing over the cap. */
function refuse(st: Stats, rel: string, cap: number): Note | undefined {
  if (!st.isFile())
    return { kind: 'skipped', path: rel, message: 'not a regular file (a FIFO, device or socket): not scanned' };
  if (st.size > cap)
    return {
      kind: 'too-large',
      path: rel,
      message: `${(st.size / 1e6).toFixed(1)} MB is over the scan's ${(cap / 1e6).toFixed(0)} MB cap: not scanned`,
    };
  return undefined;
}

/** Zips at least this large are read in the pieces their reader asks for (SparseZip), not whole. */
export const SPARSE_MIN = 256 << 10;
/** SparseZip reads whole blocks of this size (neighbouring asks then cost one read). */
const BLOCK = 16 << 10;

/**
 * A zip read only where its reader looks (archive.ts's zipReader calls `need` before each read):
 * the end record and central directory, then the entries it opens. A war of jars and classes,
 * whose few text entries are what the scan reads, costs a few small reads, not its whole size.
 * The buffer is zeroed (its untouched pages cost no memory): a part never read holds zeros, never
 * bytes of another file.
 */
class SparseZip {
  readonly buf: Buffer;
  private readonly done: Uint8Array;
  /** Bytes read from the file so far. */
  read = 0;

  constructor(
    readonly fd: number,
    readonly size: number,
  ) {
    this.buf = Buffer.alloc(size);
    this.done = new Uint8Array(Math.ceil(size / BLOCK));
  }

  readonly need: Need = (from, to) => {
    const last = Math.min(this.done.length, Math.ceil(Math.min(to, this.size) / BLOCK));
    for (let i = Math.max(0, Math.floor(from / BLOCK)); i < last;) {
      if (this.done[i]) {
        i++;
        continue;
      }
      let j = i;
      while (j < last && !this.done[j]) this.done[j++] = 1;
      const end = Math.min(this.size, j * BLOCK);
      for (let at = i * BLOCK; at < end;) {
        const r = readSync(this.fd, this.buf, at, end - at, at);
        if (r <= 0) break; // the file shrank: the rest stays zeros, as a short read would leave it
        at += r;
        this.read += r;
      }
      i = j;
    }
  };
}

/** A reader owns one growing buffer, reused for every file it reads. */
export class FileReader {
  private buf: Buffer;
  private readonly maxFile: number;
  private readonly maxArchive: number;

  /** Whether a file is read as a SparseZip (an archive's reader then needs no buffer of its size). */
  static readsSparsely(rel: string, size: number): boolean {
    return size >= SPARSE_MIN && archiveFormat(rel) === 'zip';
  }

  /** `bufferBytes`: the read buffer's first size (a reader for one archive takes the archive's size). */
  constructor(opts: ReadOptions = {}, bufferBytes = 1 << 20) {
    this.buf = Buffer.allocUnsafe(Math.max(4096, bufferBytes));
    this.maxFile = opts.maxFileBytes ?? DEFAULT_MAX_FILE;
    this.maxArchive = opts.maxArchiveBytes ?? DEFAULT_ARCHIVE_LIMITS.maxTotalBytes;
  }

  /** Reads a whole file into the shared buffer; returns the byte count, or a note. */
  private read(abs: string, rel: string, cap: number): number | Note {
    let fd: number;
    try {
      // Non-blocking: a FIFO put where the walk saw a file returns at once instead of hanging.
      fd = openSync(abs, OPEN_FLAGS);
    } catch (e) {
      return cannot('open', rel, e);
    }
    try {
      const st = fstatSync(fd);
      const refused = refuse(st, rel, cap);
      if (refused) return refused;
      let n = readSync(fd, this.buf, 0, this.buf.length, 0);
      if (n === this.buf.length) {
        const size = st.size;
        if (size + 1 > this.buf.length) {
          const bigger = Buffer.allocUnsafe(
            Math.min(cap + 1, size + 1 > KEEP ? size + 1 : Math.max(size + 1, this.buf.length * 2)),
          );
          this.buf.copy(bigger, 0, 0, n);
          this.buf = bigger;
        }
        for (;;) {
          const r = readSync(fd, this.buf, n, this.buf.length - n, n);
          if (r <= 0) break;
          n += r;
          if (n >= this.buf.length) break;
        }
      }
      if (n > cap)
        return {
          kind: 'too-large',
          path: rel,
          message: `${(n / 1e6).toFixed(1)} MB is over the scan's ${(cap / 1e6).toFixed(1)} MB cap: not scanned`,
        };
      return n;
    } catch (e) {
      return cannot('read', rel, e);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * A zip of SPARSE_MIN bytes or more, open for reading in pieces (its fd is the caller's to close
   * once the reader is done: scanFile closes it here), or true when it cannot be read (the note is
   * made), or undefined for a smaller file, which read() reads whole.
   */
  private openSparse(abs: string, rel: string): SparseZip | true | undefined {
    let fd: number;
    try {
      fd = openSync(abs, OPEN_FLAGS);
    } catch (e) {
      this.notes.push(cannot('open', rel, e));
      return true;
    }
    let keep = false;
    try {
      const st = fstatSync(fd);
      const refused = refuse(st, rel, this.maxArchive);
      if (refused) {
        this.notes.push(refused);
        return true;
      }
      if (st.size < SPARSE_MIN) return undefined;
      this.bytes += st.size;
      keep = true;
      return new SparseZip(fd, st.size);
    } catch (e) {
      this.notes.push(cannot('read', rel, e));
      return true;
    } finally {
      if (!keep) closeSync(fd);
    }
  }

  /** Bytes read from zips read in pieces (SparseZip): less than their sizes, which `bytes` counts. */
  sparseRead = 0;

  /** Hits, notes and counters of every file this reader scanned since the last take(). */
  hits: ScanHit[] = [];
  notes: Note[] = [];
  bytes = 0;
  suppressed = 0;
  binary = 0;
  files = 0;

  take(): ReaderTake {
    const out = {
      hits: this.hits,
      notes: this.notes,
      bytes: this.bytes,
      suppressed: this.suppressed,
      binary: this.binary,
      files: this.files,
    };
    this.hits = [];
    this.notes = [];
    this.bytes = this.suppressed = this.binary = this.files = 0;
    return out;
  }

  private add(r: ContentResult): void {
    for (const h of r.hits) this.hits.push(h);
    for (const n of r.notes) this.notes.push(n);
    this.suppressed += r.suppressed;
    if (r.binary) this.binary++;
  }

  /** Reads and scans one file; results accumulate on the reader (no per-file objects). */
  scanFile(abs: string, rel: string, ignored: boolean): void {
    this.files++;
    const archive = isArchive(rel);
    if (archive && archiveFormat(rel) === 'zip') {
      const sparse = this.openSparse(abs, rel);
      if (sparse) {
        const extra: Partial<ScanHit> = ignored ? { ignored: true } : {};
        if (sparse === true) return;
        try {
          this.addArchive(readZip(sparse.buf, undefined, sparse.need), rel, extra);
        } catch (e) {
          this.notes.push(cannot('read', rel, e));
        } finally {
          this.sparseRead += sparse.read;
          closeSync(sparse.fd);
        }
        return;
      }
    }
    const n = this.read(abs, rel, archive ? this.maxArchive : this.maxFile);
    if (typeof n !== 'number') {
      this.notes.push(n);
      return;
    }
    this.bytes += n;
    const extra: Partial<ScanHit> = ignored ? { ignored: true } : {};
    if (archive) this.scanArchive(this.buf.subarray(0, n), rel, extra);
    else this.add(scanContent(this.buf.subarray(0, n), rel, () => contextOf(rel), extra));
    // A buffer grown for one large file is not kept: memory stays flat across the walk.
    if (this.buf.length > KEEP) this.buf = Buffer.allocUnsafe(1 << 20);
  }

  /**
   * Scans content that is not a file on disk (a staged blob) exactly as scanFile scans a file:
   * archives opened, UTF-16 decoded, binary content counted and passed over.
   */
  scanBuffer(buf: Buffer, rel: string, extra: Partial<ScanHit> = {}): void {
    this.files++;
    this.bytes += buf.length;
    if (isArchive(rel)) this.scanArchive(buf, rel, extra);
    else this.add(scanContent(buf, rel, () => contextOf(rel), extra));
  }

  private scanArchive(buf: Buffer, rel: string, extra: Partial<ScanHit>): void {
    this.addArchive(readArchive(buf, archiveFormat(rel)), rel, extra);
  }

  /** `clean`: entries known to hold no anchor (the native gate), which scanContent would find nothing in. */
  private addArchive(res: ArchiveResult, rel: string, extra: Partial<ScanHit>, clean?: Set<ArchiveEntry>): void {
    for (const message of res.problems) this.notes.push({ kind: 'info', path: rel, message: `archive: ${message}` });
    for (const e of res.entries) {
      if (clean?.has(e)) continue;
      this.add(scanContent(e.data, `${rel}!${e.name}`, 'archive', extra));
    }
  }

  /**
   * scanFile for an archive, its large decompressions on libuv's threads (archive.ts's
   * openArchive), so this thread goes on with other files meanwhile. The results are exactly
   * scanFile's; they accumulate on this reader, which must not read anything else until the
   * promise settles (give each archive a reader of its own).
   */
  async scanArchiveFile(
    abs: string,
    rel: string,
    ignored: boolean,
    needsLook?: (buffers: Buffer[]) => Promise<boolean[]>,
  ): Promise<void> {
    this.files++;
    const extra: Partial<ScanHit> = ignored ? { ignored: true } : {};
    const format = archiveFormat(rel);
    let res: ArchiveResult;
    const sparse = format === 'zip' ? this.openSparse(abs, rel) : undefined;
    if (sparse === true) return;
    if (sparse) {
      try {
        res = await openArchive(sparse.buf, format, undefined, sparse.need);
      } finally {
        this.sparseRead += sparse.read;
        closeSync(sparse.fd);
      }
    } else {
      const n = this.read(abs, rel, this.maxArchive);
      if (typeof n !== 'number') {
        this.notes.push(n);
        return;
      }
      this.bytes += n;
      res = await openArchive(this.buf.subarray(0, n), format);
    }
    // Large entries are tested for anchors on the pool first (the native gate, where it is built):
    // most hold none, and this thread then has nothing to judge (5 MB of JSON in a zip: 4-12 ms).
    let clean: Set<ArchiveEntry> | undefined;
    const big = needsLook ? res.entries.filter((e) => e.data.length >= GATE_MIN) : [];
    if (needsLook && big.length > 0) {
      try {
        const look = await needsLook(big.map((e) => e.data));
        clean = new Set(big.filter((_, i) => !look[i]));
      } catch {
        // judged here, every one
      }
    }
    this.addArchive(res, rel, extra, clean);
  }
}
