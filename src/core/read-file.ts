/**
 * The one way keydoctor reads a whole file (every collector, the CLI's input files, the scan):
 * open without blocking (a FIFO never hangs the run), fstat the open file, refuse anything that is
 * not a regular file (FIFOs, sockets, character and block devices such as /dev/zero, folders; a
 * symbolic link counts as what it points to), refuse it unread when it is over the caller's size
 * cap, else one read. One open, one fstat, one read, one close: cheaper than statSync plus
 * readFileSync, which open and stat the file twice, and with no window between the check and the read.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import type { Note } from './types.js';
import { nativeAddon, errnoName } from '../native/addon.js';

/** Error code of a path that exists but is not a regular file (ours; the native reader says EINVAL). */
export const NOT_REGULAR = 'ENOTREG';

/** O_NONBLOCK: opening a FIFO for reading returns at once instead of waiting for a writer. O_NOCTTY: a terminal never becomes ours. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function notRegular(path: string, st: Stats): NodeJS.ErrnoException {
  const kind = kindOf(st);
  const e = new Error(`${path} is ${kind}`) as NodeJS.ErrnoException & { what: string };
  e.code = NOT_REGULAR;
  e.what = kind;
  return e;
}

/**
 * The file's bytes, or its size when that is over `max` (nothing is read then). Throws like openSync
 * when it cannot be opened, and an error with code ENOTREG when it is not a regular file.
 */
export function readFileLimited(path: string, max: number): Buffer | number {
  const fd = openSync(path, OPEN_FLAGS);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw notRegular(path, st);
    const size = st.size;
    if (size > max) return size;
    const buf = Buffer.allocUnsafe(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off);
      if (n <= 0) break;
      off += n;
    }
    return off < size ? buf.subarray(0, off) : buf;
  } finally {
    closeSync(fd);
  }
}

/** One file of readFilesLimited: its bytes, its size when over the limit, or why it cannot be read. */
export type ReadResult = Buffer | number | { code: string };

/**
 * Many whole files at once, in order: with the native addon one call reads them all (no four
 * JavaScript-to-C++ calls per file; it applies the same checks: non-blocking open, regular files
 * only, size before reading), else readFileLimited one by one. Never throws for a file.
 */
export function readFilesLimited(paths: readonly string[], max: number): ReadResult[] {
  const addon = nativeAddon();
  if (addon?.readFiles && paths.length > 0) {
    try {
      const got = addon.readFiles(Buffer.from(paths.join('\0') + '\0'), paths.length, max);
      return got.map((r) => (typeof r === 'number' && r < 0 ? { code: errnoName(-r) } : r));
    } catch {
      // a path with a NUL byte, or the addon failing: one by one below
    }
  }
  return paths.map((p) => {
    try {
      return readFileLimited(p, max);
    } catch (e) {
      return { code: (e as NodeJS.ErrnoException).code ?? String(e) };
    }
  });
}

/**
 * readFilesLimited on the thread pool (the addon's readFilesAsync), so the caller works on the files
 * it has while these are read: the same results, each file's bytes a view of one buffer for the
 * batch. Without the addon (or when it fails), readFilesLimited here.
 */
export async function readFilesLimitedAsync(paths: readonly string[], max: number): Promise<ReadResult[]> {
  const addon = nativeAddon();
  if (addon?.readFilesAsync && paths.length > 0) {
    try {
      const [data, meta] = await addon.readFilesAsync(Buffer.from(paths.join('\0') + '\0'), paths.length, max);
      const out: ReadResult[] = new Array<ReadResult>(paths.length);
      for (let i = 0; i < paths.length; i++) {
        const at = meta[2 * i] ?? -2;
        const n = meta[2 * i + 1] ?? 0;
        out[i] = at >= 0 ? data.subarray(at, at + n) : at === -1 ? n : { code: errnoName(n) };
      }
      return out;
    } catch {
      // a path with a NUL byte, or the addon failing: read here below
    }
  }
  return readFilesLimited(paths, max);
}

/** Missing: the path (or a folder on the way) does not exist. */
export function isMissing(code: string | undefined): boolean {
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Words for a read failure, for notes: "a FIFO (named pipe), not a regular file", "EACCES". */
export function readProblem(e: unknown): string {
  const x = e as (NodeJS.ErrnoException & { what?: string }) | undefined;
  if (x?.code === NOT_REGULAR) return `${x.what ?? 'not a regular file'}, not a regular file`;
  if (x?.code === 'EINVAL') return 'not a regular file';
  return x?.code ?? String(e);
}

export interface TextReadOptions {
  /** Size cap in bytes: a larger file is not read (a note says so). */
  max: number;
  /** What the file is, for the notes ("dotenv file", "start-up file"). */
  what: string;
  /** Also note a missing file (default: silent). */
  noteMissing?: boolean;
  /** Keep NUL bytes (default: a file with a NUL byte is binary: a note, no text). */
  allowBinary?: boolean;
}

/**
 * A text file for parsing (UTF-8, a leading BOM dropped), or undefined with a note saying why:
 * not a regular file, over the cap, binary, unreadable (missing: no note unless asked). `pre`: what
 * a batch read (ReadAhead) got for the file; a failed one is read again here, so that its note is
 * the same as without the batch.
 */
export function readTextFile(
  path: string,
  shown: string,
  notes: Pick<Note[], 'push'>,
  opts: TextReadOptions,
  pre?: ReadResult,
): string | undefined {
  let got: Buffer | number;
  if (Buffer.isBuffer(pre) || typeof pre === 'number') got = pre;
  else {
    try {
      got = readFileLimited(path, opts.max);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (isMissing(code) && !opts.noteMissing) return undefined;
      if (code === NOT_REGULAR)
        notes.push({ kind: 'skipped', path: shown, message: `${opts.what} is ${readProblem(e)}: not read` });
      else notes.push({ kind: 'unreadable', path: shown, message: `cannot read ${opts.what}: ${readProblem(e)}` });
      return undefined;
    }
  }
  if (typeof got === 'number') {
    notes.push({
      kind: 'too-large',
      path: shown,
      message: `${opts.what} is ${got} bytes, over the ${opts.max}-byte cap: not read`,
    });
    return undefined;
  }
  if (!opts.allowBinary && got.includes(0)) {
    notes.push({
      kind: 'binary',
      path: shown,
      message: `${opts.what} contains NUL bytes (binary or damaged): not read`,
    });
    return undefined;
  }
  const text = got.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Reads ahead, for a collector that reads many of a known list of files in the list's order: asked
 * for one file, it reads that file and the next ones of the list in one readFilesLimited call, and
 * hands each result over once. What it read and passed over is dropped when it reads on, so it
 * holds about one chunk; a file asked for after that is read again.
 */
export class ReadAhead {
  private readonly index = new Map<string, number>();
  private readonly got = new Map<string, ReadResult>();

  /** `files`: [name the caller asks by, path to read]. */
  constructor(
    private readonly files: ReadonlyArray<readonly [string, string]>,
    private readonly max: number,
    private readonly chunk = 256,
  ) {
    files.forEach(([name], i) => {
      if (!this.index.has(name)) this.index.set(name, i);
    });
  }

  /** The batch read's result for `name`, or undefined when it is not in the list (or was handed over before). */
  take(name: string): ReadResult | undefined {
    const at = this.index.get(name);
    if (at === undefined) return undefined;
    let r = this.got.get(name);
    if (r === undefined) {
      this.got.clear();
      const next: Array<readonly [string, string]> = [];
      for (let i = at; i < this.files.length && next.length < this.chunk; i++) {
        const f = this.files[i] as readonly [string, string];
        if (this.index.get(f[0]) === i) next.push(f);
      }
      const res = readFilesLimited(
        next.map((f) => f[1]),
        this.max,
      );
      next.forEach((f, k) => this.got.set(f[0], res[k] as ReadResult));
      r = this.got.get(name);
    }
    this.got.delete(name);
    this.index.delete(name);
    return r;
  }
}
