/**
 * Backups and undo. Before its first change in a run, every file is copied to
 * `<project>/.keydoctor/backups/<time>/files/<n>` (folders 0700, files 0600; `.keydoctor/.gitignore`
 * holds `*`, so git ignores the whole folder without an edit to the project's .gitignore), and
 * `manifest.json` there records, per file, where it lives, whether it existed, its mode and the
 * hashes before and after. The manifest is rewritten atomically after every file, so even a run
 * that crashed half-way can be undone.
 *
 * `keydoctor fix --undo` restores the last run that is not undone yet: a file is put back only if it
 * still holds what keydoctor wrote (otherwise it is left alone, with a note and the backup's path);
 * a file keydoctor created is deleted. The manifest and backups never hold a key in their names.
 */
import * as fs from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { sha256 } from './content.js';
import { writeFileAtomic, removeFile, WriteError, type WriteHooks } from './write.js';

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
}

export class BackupError extends Error {}

function ensurePrivateDir(p: string): void {
  try {
    const st = fs.lstatSync(p);
    if (st.isSymbolicLink() || !st.isDirectory()) throw new BackupError(`${p} is not a folder keydoctor made (a symlink or a file): no backup written`);
    return;
  } catch (e) {
    if (e instanceof BackupError) throw e;
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  fs.mkdirSync(p, { mode: 0o700 });
  fs.chmodSync(p, 0o700);
}

/** The project's `.keydoctor` folder, made private and self-ignoring. */
export function keydoctorDir(root: string): string {
  const dir = join(root, KEYDOCTOR_DIR);
  ensurePrivateDir(dir);
  const gi = join(dir, '.gitignore');
  if (!fs.existsSync(gi)) fs.writeFileSync(gi, '# keydoctor: backups of files before `keydoctor fix` changed them (they may hold keys)\n*\n', { mode: 0o600 });
  return dir;
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.(\d+)Z$/, '$1Z');
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
    keydoctorDir(this.root);
    ensurePrivateDir(join(this.root, KEYDOCTOR_DIR, 'backups'));
    ensurePrivateDir(this.dir);
    ensurePrivateDir(join(this.dir, 'files'));
    this.made = true;
  }

  private save(): void {
    writeFileAtomic(join(this.dir, 'manifest.json'), Buffer.from(JSON.stringify(this.manifest, null, 2) + '\n'), { mode: 0o600 });
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
      writeFileAtomic(join(this.dir, 'files', String(n)), bytes, { mode: 0o600, expectHash: '', hooks: undefined });
    }
    this.manifest.files.push({ path, target, display, existed, backup: existed ? `files/${n}` : '', mode, hashBefore: existed ? sha256(bytes) : '' });
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

/** Backup runs of a project, newest first. */
export function listRuns(root: string): Array<{ name: string; dir: string; manifest: Manifest }> {
  const base = join(root, KEYDOCTOR_DIR, 'backups');
  let names: string[];
  try {
    names = fs.readdirSync(base);
  } catch {
    return [];
  }
  const out: Array<{ name: string; dir: string; manifest: Manifest }> = [];
  for (const name of names.sort().reverse()) {
    const dir = join(base, name);
    try {
      const m = JSON.parse(fs.readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
      if (m.tool === 'keydoctor' && Array.isArray(m.files)) out.push({ name, dir, manifest: m });
    } catch {
      // a folder without a readable manifest is not a run
    }
  }
  return out;
}

/** Restores the last run that is not undone yet (see the module comment). */
export function undoLastRun(root: string, now: Date = new Date()): UndoResult {
  const run = listRuns(root).find((r) => !r.manifest.undone && r.manifest.files.some((f) => f.hashAfter !== undefined));
  const res: UndoResult = { restored: [], deleted: [], unchanged: [], problems: [] };
  if (!run) return res;
  res.run = run.name;
  for (const f of [...run.manifest.files].reverse()) {
    if (f.hashAfter === undefined) continue; // backed up, never written
    let cur: string;
    try {
      cur = fs.existsSync(f.target) ? sha256(fs.readFileSync(f.target)) : '';
    } catch (e) {
      res.problems.push({ display: f.display, message: `cannot read it: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
      continue;
    }
    if (cur === f.hashBefore) {
      res.unchanged.push(f.display);
      continue;
    }
    if (cur !== f.hashAfter) {
      res.problems.push({ display: f.display, message: 'it changed since keydoctor wrote it: left as it is', backup: f.backup ? join(run.dir, f.backup) : undefined });
      continue;
    }
    try {
      if (!f.existed) {
        removeFile(f.target, f.hashAfter);
        res.deleted.push(f.display);
      } else {
        const bytes = fs.readFileSync(join(run.dir, f.backup));
        if (sha256(bytes) !== f.hashBefore) throw new WriteError('io', 'the backup copy is damaged');
        writeFileAtomic(f.target, bytes, { expectHash: f.hashAfter });
        if (f.mode !== undefined) fs.chmodSync(f.target, f.mode);
        res.restored.push(f.display);
      }
    } catch (e) {
      res.problems.push({ display: f.display, message: (e as Error).message, backup: f.backup ? join(run.dir, f.backup) : undefined });
    }
  }
  for (const f of run.manifest.files) removeStaleTemps(f.target);
  if (res.problems.length === 0) {
    run.manifest.undone = now.toISOString();
    writeFileAtomic(join(run.dir, 'manifest.json'), Buffer.from(JSON.stringify(run.manifest, null, 2) + '\n'), { mode: 0o600 });
  }
  return res;
}
