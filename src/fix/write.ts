/**
 * Writing a file without ever leaving it half-written (npm write-file-atomic's method, plus the
 * checks a fixer needs):
 * - a symlink is resolved and its target written, so the link stays a link;
 * - the content is compared with the hash the plan was made against, before writing and again just
 *   before the rename: a file edited in between is refused, not overwritten;
 * - a file without any write permission bit is refused (a read-only file stays read-only);
 * - the new content goes to a temporary file in the same folder (created 0600, so a key is never
 *   readable by others while it is written), gets the original's mode and owner, is fsynced, then
 *   renamed over the original (atomic on POSIX); the folder is fsynced after;
 * - on any error the temporary file is removed and the original is untouched.
 * A crash at any point leaves either the old content or the new one, and at worst a stray
 * `.<name>.keydoctor-*.tmp` file next to it, never a mix.
 */
import * as fs from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sha256 } from './content.js';

/** The file operations a write uses (tests inject failures: a full disk, a crash before the rename). */
export interface WriteHooks {
  /** Replaces fs.writeSync for the temporary file (inject ENOSPC). */
  write?: (fd: number, data: Buffer) => void;
  /** Runs after the temporary file is complete and fsynced, just before the rename (a crash test kills the process here). */
  beforeRename?: (tmp: string, target: string) => void;
}

export class WriteError extends Error {
  constructor(
    readonly kind: 'changed' | 'read-only' | 'no-space' | 'io',
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface WriteOptions {
  /** sha256 of the bytes the change was planned against; '' = the file must not exist yet. */
  expectHash?: string;
  /** Mode for a file that does not exist yet (default 0644 less the umask; 0600 for backups). */
  mode?: number;
  /** Give an existing file `mode` too (a private output file such as a saved trace). */
  forceMode?: boolean;
  hooks?: WriteHooks;
}

function errKind(code: string | undefined): 'read-only' | 'no-space' | 'io' {
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'no-space';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'read-only';
  return 'io';
}

function describe(code: string | undefined, e: unknown): string {
  switch (code) {
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'the disk quota is exceeded';
    case 'EROFS':
      return 'the file system is read-only';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return (e as Error).message ?? String(e);
  }
}

/** The file a write lands on: the symlink's final target, or the path itself when it does not exist. */
export function resolveWriteTarget(path: string): string {
  try {
    return fs.realpathSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    // A dangling symlink would be replaced by a file: refuse.
    try {
      if (fs.lstatSync(path).isSymbolicLink())
        throw new WriteError('io', 'it is a symlink to a file that does not exist');
    } catch (e2) {
      if (e2 instanceof WriteError) throw e2;
    }
    return join(fs.realpathSync(dirname(path)), basename(path));
  }
}

function currentHash(target: string): string {
  try {
    return sha256(fs.readFileSync(target));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw e;
  }
}

/**
 * Writes `data` to `path` atomically (see the module comment). Returns the file actually written
 * (the symlink target). Throws {@link WriteError}; the original is then unchanged.
 */
export function writeFileAtomic(path: string, data: Buffer, opts: WriteOptions = {}): string {
  let target: string;
  try {
    target = resolveWriteTarget(path);
  } catch (e) {
    if (e instanceof WriteError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new WriteError(errKind(code), describe(code, e), code);
  }
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      const code = (e as NodeJS.ErrnoException).code;
      throw new WriteError(errKind(code), describe(code, e), code);
    }
  }
  if (st && !st.isFile()) throw new WriteError('io', 'not a regular file');
  if (st && (st.mode & 0o222) === 0)
    throw new WriteError(
      'read-only',
      `the file is read-only (mode ${(st.mode & 0o777).toString(8).padStart(3, '0')})`,
      'EACCES',
    );
  const check = (): void => {
    if (opts.expectHash === undefined) return;
    const now = currentHash(target);
    if (now !== opts.expectHash)
      throw new WriteError(
        'changed',
        opts.expectHash === ''
          ? 'the file was created since the plan was made'
          : now === ''
            ? 'the file was deleted since the plan was made'
            : 'the file changed since the plan was made',
      );
  };
  check();

  const dir = dirname(target);
  const tmp = join(dir, `.${basename(target)}.keydoctor-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  let created = false;
  try {
    fd = fs.openSync(tmp, 'wx', 0o600);
    created = true;
    if (opts.hooks?.write) opts.hooks.write(fd, data);
    else {
      let off = 0;
      while (off < data.length) off += fs.writeSync(fd, data, off, data.length - off);
    }
    const mode =
      st && !(opts.forceMode && opts.mode !== undefined) ? st.mode & 0o7777 : (opts.mode ?? 0o666 & ~currentUmask());
    fs.fchmodSync(fd, mode);
    if (st) {
      try {
        fs.fchownSync(fd, st.uid, st.gid);
      } catch {
        // Not permitted (another user's file, written by its group): the owner becomes the writer.
      }
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    opts.hooks?.beforeRename?.(tmp, target);
    check();
    fs.renameSync(tmp, target);
    created = false;
  } catch (e) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // already closed
      }
    }
    if (created) {
      try {
        fs.unlinkSync(tmp);
      } catch {
        // nothing to remove
      }
    }
    if (e instanceof WriteError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new WriteError(errKind(code), describe(code, e), code);
  }
  fsyncDir(dir);
  return target;
}

/**
 * Writes a file the user named for keydoctor's own output (`trace --save FILE`, `scan --baseline
 * FILE`): atomically, and never through a symlink at that path. A repository can ship `trace.json` or
 * its baseline as a link to `~/.bashrc`, dangling or not; writing through it would replace or create
 * a file outside the project. Throws {@link WriteError}.
 */
export function writeOutputFile(path: string, data: Buffer | string, opts: { mode?: number } = {}): void {
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new WriteError(errKind(code), describe(code, e), code);
  }
  if (st?.isSymbolicLink())
    throw new WriteError('io', `it is a symlink (to ${fs.readlinkSync(path)}): keydoctor does not write through it`);
  if (st && !st.isFile()) throw new WriteError('io', 'not a regular file');
  writeFileAtomic(path, Buffer.isBuffer(data) ? data : Buffer.from(data), {
    mode: opts.mode,
    forceMode: opts.mode !== undefined,
  });
}

/** Deletes a file keydoctor created (undo), after the same hash check. */
export function removeFile(path: string, expectHash: string): void {
  const target = resolveWriteTarget(path);
  const now = currentHash(target);
  if (now === '') return;
  if (now !== expectHash) throw new WriteError('changed', 'the file changed since keydoctor wrote it');
  try {
    fs.unlinkSync(target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new WriteError(errKind(code), describe(code, e), code);
  }
  fsyncDir(dirname(target));
}

export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Not every file system lets a folder be fsynced; the rename is done either way.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

let umaskCache: number | undefined;
function currentUmask(): number {
  if (umaskCache === undefined) {
    // process.umask() without an argument is deprecated; setting and restoring reads it.
    const m = process.umask(0o022);
    process.umask(m);
    umaskCache = m;
  }
  return umaskCache;
}
