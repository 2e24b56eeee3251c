/**
 * Backups and undo. Before its first change in a run, every file is copied to
 * `<project>/.keydoctor/backups/<time>/files/<n>` (folders 0700, files 0600; `.keydoctor/.gitignore`
 * holds `*`, so git ignores the whole folder without an edit to the project's .gitignore), encrypted
 * under a key derived from this user's seal key (`docker build`'s `COPY . .`, a zip or a deploy tool
 * copies the folder along: a copy of the project carries no readable key), and
 * `manifest.json` there records, per file, where it lives, whether it existed, its mode and the
 * hashes before and after. The manifest is rewritten atomically after every file, so even a run
 * that crashed half-way can be undone.
 *
 * `keydoctor fix --undo` restores the last run that is not undone yet: a file is put back only if it
 * still holds what keydoctor wrote (otherwise it is left alone, with a note and the backup's path);
 * a file keydoctor created is deleted. The manifest and backups never hold a key in their names.
 *
 * A cloned repository can ship a `.keydoctor/backups/` of its own: the folders are never followed
 * through a symlink, and a manifest is acted on only when its seal (src/fix/state.ts) shows that
 * keydoctor wrote it, on this machine, for this project folder. Any other is ignored, with a note.
 */
import * as fs from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { sha256 } from './content.js';
import { writeFileAtomic, removeFile, WriteError, type WriteHooks } from './write.js';
import {
  decryptBackup,
  encryptBackup,
  isPrivateDir,
  projectStateDir,
  seal,
  sealProblem,
  StateError,
  type StateLocation,
} from './state.js';

export const KEYDOCTOR_DIR = '.keydoctor';

export interface BackupEntry {
  /** Absolute path as addressed, and the file written (its symlink target). */
  path: string;
  target: string;
  display: string;
  existed: boolean;
  /** Relative to the run folder ('' when the file did not exist). */
  backup: string;
  mode?: number;
  hashBefore: string;
  /** Set once the new content is written. */
  hashAfter?: string;
}

export interface Manifest {
  version: 1;
  tool: 'keydoctor';
  command: string;
  created: string;
  root: string;
  files: BackupEntry[];
  undone?: string;
  /** HMAC of the rest under this user's seal key (src/fix/state.ts). */
  seal?: string;
}

export class BackupError extends Error {}

/** The project's `.keydoctor` folder, made private and self-ignoring (never through a symlink). */
export function keydoctorDir(root: string): string {
  try {
    return projectStateDir(root);
  } catch (e) {
    throw e instanceof StateError ? new BackupError(`${e.message}: no backup written`) : e;
  }
}

function stamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.(\d+)Z$/, '$1Z');
}

/** One run's backup folder; created on the first file it backs up. */
export class BackupRun {
  readonly dir: string;
  private manifest: Manifest;
  private made = false;

  constructor(
    readonly root: string,
    command: string,
    now: Date = new Date(),
    private readonly hooks?: WriteHooks,
    /** Where this user's seal key is (HOME, XDG_STATE_HOME). */
    private readonly loc: StateLocation = {},
  ) {
    let name = stamp(now);
    const base = join(root, KEYDOCTOR_DIR, 'backups');
    let n = 1;
    while (fs.existsSync(join(base, name))) name = `${stamp(now)}-${++n}`;
    this.dir = join(base, name);
    this.manifest = { version: 1, tool: 'keydoctor', command, created: now.toISOString(), root, files: [] };
  }

  get entries(): readonly BackupEntry[] {
    return this.manifest.files;
  }

  has(target: string): boolean {
    return this.manifest.files.some((f) => f.target === target);
  }

  private init(): void {
    if (this.made) return;
    try {
      projectStateDir(this.root, 'backups', basename(this.dir), 'files');
    } catch (e) {
      throw e instanceof StateError ? new BackupError(`${e.message}: no backup written`) : e;
    }
    this.made = true;
  }

  private save(): void {
    saveManifest(this.dir, this.manifest, this.loc);
  }

  /** Copies the file's current bytes before its first change in this run (no-op after). */
  backUp(path: string, target: string, display: string, bytes: Buffer, existed: boolean): void {
    if (this.has(target)) return;
    this.init();
    const n = this.manifest.files.length + 1;
    let mode: number | undefined;
    if (existed) {
      try {
        mode = fs.statSync(target).mode & 0o7777;
      } catch {
        mode = undefined;
      }
      let stored: Buffer;
      try {
        stored = encryptBackup(bytes, this.loc);
      } catch (e) {
        throw e instanceof StateError ? new BackupError(`${e.message}: no backup written`) : e;
      }
      writeFileAtomic(join(this.dir, 'files', String(n)), stored, { mode: 0o600, expectHash: '', hooks: undefined });
    }
    this.manifest.files.push({
      path,
      target,
      display,
      existed,
      backup: existed ? `files/${n}` : '',
      mode,
      hashBefore: existed ? sha256(bytes) : '',
    });
    this.save();
  }

  /** Records what was written. */
  written(target: string, bytes: Buffer): void {
    const e = this.manifest.files.find((f) => f.target === target);
    if (!e) return;
    e.hashAfter = sha256(bytes);
    this.save();
  }

  /** The write hooks passed through (tests). */
  get writeHooks(): WriteHooks | undefined {
    return this.hooks;
  }
}

export interface UndoResult {
  /** The run undone (folder name), when there was one. */
  run?: string;
  restored: string[];
  deleted: string[];
  unchanged: string[];
  problems: Array<{ display: string; message: string; backup?: string }>;
  /** Backup folders newer than the run undone that keydoctor did not write here (not acted on), with the reason. */
  ignored?: Array<{ name: string; reason: string }>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Temporary files a killed keydoctor left next to a file (`.<name>.keydoctor-<pid>-<hex>.tmp`, the pid gone). */
export function removeStaleTemps(target: string): string[] {
  const dir = dirname(target);
  const prefix = `.${basename(target)}.keydoctor-`;
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return removed;
  }
  for (const n of names) {
    if (!n.startsWith(prefix) || !n.endsWith('.tmp')) continue;
    const m = /^(\d+)-[0-9a-f]+\.tmp$/.exec(n.slice(prefix.length));
    if (!m || alive(Number(m[1]))) continue;
    try {
      fs.unlinkSync(join(dir, n));
      removed.push(n);
    } catch {
      // gone already
    }
  }
  return removed;
}

function saveManifest(dir: string, m: Manifest, loc: StateLocation): void {
  let sealed: Manifest;
  try {
    sealed = seal(m, 'backup-manifest', loc);
  } catch (e) {
    throw e instanceof StateError ? new BackupError(`${e.message}: no backup written`) : e;
  }
  m.seal = sealed.seal;
  writeFileAtomic(join(dir, 'manifest.json'), Buffer.from(JSON.stringify(sealed, null, 2) + '\n'), { mode: 0o600 });
}

export interface BackupRunInfo {
  name: string;
  dir: string;
  manifest: Manifest;
}

/** A backup copy's original bytes (copies are encrypted: see encryptBackup in state.ts). */
export function readBackupCopy(path: string, loc: StateLocation): Buffer {
  const stored = fs.readFileSync(path);
  try {
    return decryptBackup(stored, loc);
  } catch (e) {
    throw e instanceof StateError ? new WriteError('io', e.message) : e;
  }
}

/** Whether a manifest entry is one keydoctor could have written: paths absolute, the copy `files/<n>`, hashes well-formed. */
function wellFormed(f: BackupEntry): boolean {
  const hex = (h: unknown) => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h);
  return (
    typeof f === 'object' &&
    f !== null &&
    typeof f.target === 'string' &&
    isAbsolute(f.target) &&
    typeof f.display === 'string' &&
    (f.existed
      ? typeof f.backup === 'string' && /^files\/\d+$/.test(f.backup) && hex(f.hashBefore)
      : f.backup === '' && f.hashBefore === '') &&
    (f.hashAfter === undefined || hex(f.hashAfter))
  );
}

/**
 * Backup runs of a project, newest first: only those keydoctor wrote here (a sealed manifest, for
 * this project folder, in real folders). The others are listed in `ignored` with the reason.
 */
export function listRuns(
  root: string,
  loc: StateLocation = {},
  ignored: Array<{ name: string; reason: string }> = [],
): BackupRunInfo[] {
  const kd = join(root, KEYDOCTOR_DIR);
  const base = join(kd, 'backups');
  if (!isPrivateDir(kd) || !isPrivateDir(base)) {
    if (fs.existsSync(base))
      ignored.push({ name: `${KEYDOCTOR_DIR}/backups`, reason: "it is a symlink or not this user's folder" });
    return [];
  }
  let names: string[];
  try {
    names = fs.readdirSync(base);
  } catch {
    return [];
  }
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    realRoot = root;
  }
  const out: BackupRunInfo[] = [];
  for (const name of names.sort().reverse()) {
    const dir = join(base, name);
    if (!isPrivateDir(dir)) continue;
    let m: Manifest;
    try {
      const p = join(dir, 'manifest.json');
      const st = fs.lstatSync(p);
      if (!st.isFile() || st.size > 4 * 1024 * 1024) continue;
      m = JSON.parse(fs.readFileSync(p, 'utf8')) as Manifest;
    } catch {
      continue; // a folder without a readable manifest is not a run
    }
    if (!m || m.tool !== 'keydoctor' || !Array.isArray(m.files)) continue;
    const why =
      sealProblem(m, 'backup-manifest', loc) ??
      (m.root !== root && m.root !== realRoot
        ? 'it was made for another project folder'
        : m.files.every(wellFormed)
          ? undefined
          : 'it is malformed');
    if (why) {
      ignored.push({ name, reason: why });
      continue;
    }
    out.push({ name, dir, manifest: m });
  }
  return out;
}

/** Restores the last run that is not undone yet (see the module comment). */
export function undoLastRun(root: string, o: StateLocation & { now?: Date } = {}): UndoResult {
  const ignored: Array<{ name: string; reason: string }> = [];
  const runs = listRuns(root, o, ignored);
  const run = runs.find((r) => !r.manifest.undone && r.manifest.files.some((f) => f.hashAfter !== undefined));
  const res: UndoResult = { restored: [], deleted: [], unchanged: [], problems: [] };
  // Runs newer than the one undone that keydoctor did not write are named (a repository's own .keydoctor/).
  const newest = run?.name;
  const skipped = ignored.filter((i) => newest === undefined || i.name > newest);
  if (skipped.length) res.ignored = skipped;
  if (!run) return res;
  res.run = run.name;
  for (const f of [...run.manifest.files].reverse()) {
    if (f.hashAfter === undefined) continue; // backed up, never written
    let cur: string;
    try {
      cur = fs.existsSync(f.target) ? sha256(fs.readFileSync(f.target)) : '';
    } catch (e) {
      res.problems.push({
        display: f.display,
        message: `cannot read it: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
      });
      continue;
    }
    if (cur === f.hashBefore) {
      res.unchanged.push(f.display);
      continue;
    }
    if (cur !== f.hashAfter) {
      res.problems.push({
        display: f.display,
        message: 'it changed since keydoctor wrote it: left as it is',
        backup: f.backup ? join(run.dir, f.backup) : undefined,
      });
      continue;
    }
    try {
      if (!f.existed) {
        removeFile(f.target, f.hashAfter);
        res.deleted.push(f.display);
      } else {
        const bytes = readBackupCopy(join(run.dir, f.backup), o);
        if (sha256(bytes) !== f.hashBefore) throw new WriteError('io', 'the backup copy is damaged');
        writeFileAtomic(f.target, bytes, { expectHash: f.hashAfter });
        if (f.mode !== undefined) fs.chmodSync(f.target, f.mode);
        res.restored.push(f.display);
      }
    } catch (e) {
      res.problems.push({
        display: f.display,
        message: (e as Error).message,
        backup: f.backup ? join(run.dir, f.backup) : undefined,
      });
    }
  }
  for (const f of run.manifest.files) removeStaleTemps(f.target);
  if (res.problems.length === 0) {
    run.manifest.undone = (o.now ?? new Date()).toISOString();
    try {
      saveManifest(run.dir, run.manifest, o);
    } catch (e) {
      res.problems.push({
        display: join(KEYDOCTOR_DIR, 'backups', run.name, 'manifest.json'),
        message: `restored, but not marked as undone: ${(e as Error).message}`,
      });
    }
  }
  return res;
}
