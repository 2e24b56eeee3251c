/**
 * keydoctor's own state in a project (`.keydoctor/`: fix backups and their manifests, rotation
 * journals) is read back later by `keydoctor fix --undo` and `keydoctor rotate --resume / --abort`,
 * which then write files, delete folders and call the Admin API. A cloned repository can ship a
 * `.keydoctor/` of its own, so nothing read from there is trusted because of where it is:
 *
 * - **Folders**: `.keydoctor` and every folder under it are opened without following a symlink,
 *   must be real folders owned by the user, and are made private (0700); the self-ignoring
 *   `.gitignore` is created exclusively (a dangling symlink in its place is never followed).
 * - **Documents**: every manifest and journal carries a seal, an HMAC-SHA256 of its content under a
 *   key only this user on this machine holds (`$XDG_STATE_HOME/keydoctor/seal.key`, else
 *   `~/.local/state/keydoctor/seal.key`: 32 random bytes, file 0600 in a 0700 folder, made on the
 *   first backup). A document without a valid seal, or sealed for another project folder, is not
 *   one keydoctor wrote here: it is ignored (and said so), never acted on.
 */
import * as fs from 'node:fs';
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export class StateError extends Error {}

/** What a seal is for: a manifest cannot pass for a journal, nor the reverse. */
export type SealKind = 'backup-manifest' | 'rotation-journal';

export interface StateLocation {
  /** HOME (the seal key lives under it unless XDG_STATE_HOME says otherwise). */
  home?: string;
  env?: Record<string, string | undefined>;
}

/** The folder that holds the seal key. */
export function stateDir(loc: StateLocation = {}): string {
  const xdg = loc.env?.XDG_STATE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'keydoctor');
  const home = loc.home ?? (loc.env?.HOME && isAbsolute(loc.env.HOME) ? loc.env.HOME : homedir());
  return join(home, '.local', 'state', 'keydoctor');
}

const uid = (): number | undefined => (typeof process.getuid === 'function' ? process.getuid() : undefined);

/** A folder keydoctor may keep private state in: a real folder (not a link), the user's, made 0700. */
function checkPrivateDir(p: string, st: fs.Stats): void {
  if (st.isSymbolicLink() || !st.isDirectory())
    throw new StateError(`${p} is not a folder keydoctor made (a symlink or a file): keydoctor keeps no state there`);
  const me = uid();
  if (me !== undefined && st.uid !== me)
    throw new StateError(`${p} belongs to another user: keydoctor keeps no state there`);
  if ((st.mode & 0o077) !== 0) fs.chmodSync(p, 0o700);
}

/** Makes (or checks) a private folder; each given part below `base` is made in turn, none followed if it is a link. */
export function privateDir(base: string, ...parts: string[]): string {
  let p = base;
  for (const part of parts) {
    p = join(p, part);
    try {
      checkPrivateDir(p, fs.lstatSync(p));
      continue;
    } catch (e) {
      if (e instanceof StateError) throw e;
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    try {
      fs.mkdirSync(p, { mode: 0o700 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    checkPrivateDir(p, fs.lstatSync(p));
    fs.chmodSync(p, 0o700);
  }
  return p;
}

/** A file created only if nothing (not even a dangling symlink) is at its path. */
export function createExclusive(p: string, content: string | Buffer, mode = 0o600): boolean {
  try {
    fs.writeFileSync(p, content, { flag: 'wx', mode });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

/** The project's `.keydoctor` folder (private, self-ignoring), and a subfolder of it. */
export function projectStateDir(root: string, ...sub: string[]): string {
  const dir = privateDir(root, '.keydoctor');
  createExclusive(
    join(dir, '.gitignore'),
    '# keydoctor: backups and rotation journals (they may hold keys): never commit them\n*\n',
  );
  return sub.length ? privateDir(dir, ...sub) : dir;
}

/** Whether a path is a real folder (never a symlink) owned by the user. */
export function isPrivateDir(p: string): boolean {
  try {
    const st = fs.lstatSync(p);
    const me = uid();
    return st.isDirectory() && !st.isSymbolicLink() && (me === undefined || st.uid === me);
  } catch {
    return false;
  }
}

function readKeyFile(p: string): Buffer | undefined {
  let fd: number;
  try {
    fd = fs.openSync(p, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateError(`cannot read keydoctor's seal key ${p}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    const st = fs.fstatSync(fd);
    const me = uid();
    if (!st.isFile() || (me !== undefined && st.uid !== me) || (st.mode & 0o077) !== 0 || st.size > 1024)
      throw new StateError(`keydoctor's seal key ${p} is not a private file of this user: keydoctor does not use it`);
    const hex = fs.readFileSync(fd, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new StateError(`keydoctor's seal key ${p} is damaged`);
    return Buffer.from(hex, 'hex');
  } finally {
    fs.closeSync(fd);
  }
}

const keys = new Map<string, Buffer>();

/** This user's seal key (made on first use when `create`), or undefined when there is none yet. */
export function sealKey(loc: StateLocation, create: boolean): Buffer | undefined {
  const dir = stateDir(loc);
  const p = join(dir, 'seal.key');
  const cached = keys.get(p);
  if (cached) return cached;
  let k = readKeyFile(p);
  if (!k && create) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    checkPrivateDir(dir, fs.lstatSync(dir));
    // Written aside, then linked into place: a concurrent run either wins or reads the complete key.
    const tmp = join(dir, `.seal.key.${process.pid}-${randomBytes(4).toString('hex')}`);
    fs.writeFileSync(tmp, randomBytes(32).toString('hex') + '\n', { flag: 'wx', mode: 0o600 });
    try {
      fs.linkSync(tmp, p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
    k = readKeyFile(p);
  }
  if (k) keys.set(p, k);
  return k;
}

function mac(key: Buffer, kind: SealKind, doc: object): string {
  const { seal: _drop, ...rest } = doc as Record<string, unknown>;
  void _drop;
  return createHmac('sha256', key).update(`keydoctor-seal-v1\n${kind}\n`).update(JSON.stringify(rest)).digest('hex');
}

/** The document with its seal (the key is made when there is none yet). */
export function seal<T extends object>(doc: T, kind: SealKind, loc: StateLocation): T & { seal: string } {
  let key: Buffer | undefined;
  try {
    key = sealKey(loc, true);
  } catch (e) {
    throw new StateError(
      e instanceof StateError
        ? e.message
        : `cannot make keydoctor's seal key in ${stateDir(loc)}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
    );
  }
  if (!key) throw new StateError(`cannot make keydoctor's seal key in ${stateDir(loc)}`);
  return { ...doc, seal: mac(key, kind, doc) };
}

/** Why a document read back is not trusted, or undefined when its seal holds. */
export function sealProblem(doc: unknown, kind: SealKind, loc: StateLocation): string | undefined {
  if (!doc || typeof doc !== 'object') return 'it is not a keydoctor document';
  const s = (doc as { seal?: unknown }).seal;
  if (typeof s !== 'string' || !/^[0-9a-f]{64}$/.test(s))
    return 'it has no seal: keydoctor did not write it on this machine (a copy from elsewhere, or part of the repository)';
  let key: Buffer | undefined;
  try {
    key = sealKey(loc, false);
  } catch (e) {
    return (e as Error).message;
  }
  if (!key)
    return `its seal cannot be checked: there is no seal key in ${stateDir(loc)} (written by another user, on another machine, or with another HOME)`;
  const want = Buffer.from(mac(key, kind, doc), 'hex');
  if (!timingSafeEqual(want, Buffer.from(s, 'hex')))
    return 'its seal does not match: keydoctor did not write it as it is now (edited, or made elsewhere)';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Backup copies, encrypted

const BACKUP_MAGIC = Buffer.from('KDB1');

/** The backups' key: derived from the seal key (never stored), so only this user on this machine can read a copy. */
function backupKey(loc: StateLocation, create: boolean): Buffer {
  let k: Buffer | undefined;
  try {
    k = sealKey(loc, create);
  } catch (e) {
    throw new StateError(
      e instanceof StateError
        ? e.message
        : `cannot make keydoctor's seal key in ${stateDir(loc)}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
    );
  }
  if (!k)
    throw new StateError(
      `there is no seal key in ${stateDir(loc)} (written by another user, on another machine, or with another HOME)`,
    );
  return createHmac('sha256', k).update('keydoctor-backup-v1').digest();
}

/**
 * A backup copy as it is stored: AES-256-GCM under a key derived from this user's seal key. The
 * copies sit in the project (`.keydoctor/backups/`), which git ignores but `docker build` (COPY . .),
 * a zip, rsync or a deploy tool does not: a copy of the project must carry no readable key.
 */
export function encryptBackup(plain: Buffer, loc: StateLocation): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', backupKey(loc, true), iv);
  const body = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([BACKUP_MAGIC, iv, c.getAuthTag(), body]);
}

/** The bytes of a backup copy; throws StateError when it is not one this user's key made (or it is damaged). */
export function decryptBackup(stored: Buffer, loc: StateLocation): Buffer {
  if (stored.length < 32 || !stored.subarray(0, 4).equals(BACKUP_MAGIC))
    throw new StateError('the backup copy is not one keydoctor encrypted');
  const d = createDecipheriv('aes-256-gcm', backupKey(loc, false), stored.subarray(4, 16));
  d.setAuthTag(stored.subarray(16, 32));
  try {
    return Buffer.concat([d.update(stored.subarray(32)), d.final()]);
  } catch {
    throw new StateError('the backup copy is damaged, or was encrypted by another user or machine');
  }
}
