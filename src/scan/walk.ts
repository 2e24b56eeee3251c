/**
 * The scanner's file walk: the working tree, respecting .gitignore (nested ones too) unless
 * `noIgnore`. Never follows symlinks (no loops, no escapes). Two exceptions to .gitignore, because
 * they are where leaks hide: dotenv files (listed with `ignored: true`, the exposure checks decide)
 * and build-output folders (`dist/`, `.next/`, `build/`, `out/`: what ships to users).
 * Streams files to a callback so reading can start before the walk ends.
 */
import { join } from 'node:path';
import type { Ignore } from 'ignore';
import type { Note } from '../core/types.js';
import { ancestorIgnores, gitignoreAt, repoIgnores } from '../fs/gitignore.js';
import { ENTRY_DIR, ENTRY_FILE, allEntries, listDirents, type Lister, type Listing } from '../fs/listing.js';
import { BUNDLE_DIRS, BUNDLE_SKIP, isBundleFile, isEnvFile } from './paths.js';
import { SKIP_DIRS } from '../fs/skip.js';

/** Files a walk takes at most, unless told otherwise. */
export const DEFAULT_MAX_FILES = 500_000;

export { SKIP_DIRS };

/**
 * One file of the walk: its folder (absolute: the root as walkRoot() gives it, then `/` and the
 * relative folder), its name, its folder relative to the root ('' at the root; relOf() joins) and
 * whether a .gitignore matches it (then it is scanned only because it is a dotenv file or build
 * output, or because of --no-ignore). Plain arguments: no object and no string per file.
 */
export type OnFile = (dir: string, name: string, relDir: string, ignored: boolean) => void;
/**
 * A folder's plain files at once (Listing.plain: no rule applies to any of them, none is ignored):
 * given instead of one onFile call each, when the walk's caller can take them that way.
 */
export type OnPlain = (dir: string, relDir: string, plain: NonNullable<Listing['plain']>) => void;

export interface ScanWalkOptions {
  noIgnore?: boolean;
  /** Stop after this many files (a note says so). */
  maxFiles?: number;
  /** Scan build-output folders even when ignored (default true). */
  bundles?: boolean;
}

export interface Level {
  /** Relative path of the folder holding the .gitignore ('' = root), with a trailing slash unless root. */
  base: string;
  ig: Ignore;
}

function test(levels: Level[], rel: string, isDir: boolean): boolean {
  let ignored = false;
  for (const l of levels) {
    if (l.base && !rel.startsWith(l.base)) continue;
    const r = rel.slice(l.base.length);
    const t = l.ig.test(isDir ? r + '/' : r);
    if (t.ignored) ignored = true;
    else if (t.unignored) ignored = false;
  }
  return ignored;
}

/** One folder still to list. */
interface DirJob {
  dir: string;
  relDir: string;
  levels: Level[];
  ignored: boolean;
  inBundle: boolean;
  /** Its own .gitignore is already among the levels (a start folder of the native walk's). */
  own?: boolean;
}

/** The walk's state and its per-folder rules. */
class Walk {
  count = 0;
  stopped = false;
  private readonly max: number;
  private readonly bundles: boolean;

  constructor(
    private readonly notes: Note[],
    private readonly opts: ScanWalkOptions,
    private readonly onFile: OnFile,
    private readonly onPlain?: OnPlain,
  ) {
    this.max = opts.maxFiles ?? DEFAULT_MAX_FILES;
    this.bundles = opts.bundles !== false;
  }

  unreadable(job: DirJob, e: unknown): void {
    this.notes.push({
      kind: 'unreadable',
      path: job.relDir || '.',
      message: `cannot list folder: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
    });
  }

  /** Applies the rules to one listed folder: files go to onFile, folders to walk come back. */
  folder(job: DirJob, listing: Listing): DirJob[] {
    const { dir, relDir, ignored: parentIgnored, inBundle } = job;
    const { opts } = this;
    let { names, kinds } = listing;
    let here = job.levels;
    if (!opts.noIgnore && !job.own) {
      for (let i = 0; i < names.length; i++) {
        if (names[i] !== '.gitignore' || kinds[i] !== ENTRY_FILE) continue;
        try {
          here = [...here, { base: relDir ? relDir + '/' : '', ig: gitignoreAt(join(dir, '.gitignore')) }];
        } catch {
          this.notes.push({
            kind: 'unreadable',
            path: relDir ? `${relDir}/.gitignore` : '.gitignore',
            message: 'cannot read .gitignore',
          });
        }
      }
    }
    const checkIgnore = here.length > 0 && !opts.noIgnore;
    const { plain } = listing;
    if (plain) {
      // No rule applies to a plain file here: all of them go at once (one by one near the file limit).
      // They go before the folder's other files (`names`), so the limit must hold for all of them:
      // else the limit would stop at other files than the one-by-one walk (which goes by name).
      if (!checkIgnore && !parentIgnored && this.onPlain && this.count + plain.count + names.length < this.max) {
        this.count += plain.count;
        this.onPlain(dir, relDir, plain);
      } else ({ names, kinds } = allEntries(listing));
    }
    const subdirs: DirJob[] = [];
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      const kind = kinds[i];
      if (kind === ENTRY_DIR) {
        if (SKIP_DIRS.has(name)) continue;
        if (inBundle && BUNDLE_SKIP.has(name)) continue;
        const rel = relDir ? `${relDir}/${name}` : name;
        const ignored = parentIgnored || (checkIgnore && test(here, rel, true));
        const bundle = inBundle || BUNDLE_DIRS.has(name);
        if (ignored && !opts.noIgnore && !(this.bundles && bundle)) continue;
        subdirs.push({ dir: `${dir}/${name}`, relDir: rel, levels: here, ignored, inBundle: bundle });
      } else if (kind === ENTRY_FILE) {
        // The file's relative path is made only where it is needed (most files need none here).
        const ignored = parentIgnored || (checkIgnore && test(here, relDir ? `${relDir}/${name}` : name, false));
        // An ignored file is scanned only when it is a dotenv file or shipped build output (or --no-ignore).
        if (
          ignored &&
          !opts.noIgnore &&
          !isEnvFile(name) &&
          !(inBundle && isBundleFile(relDir ? `${relDir}/${name}` : name))
        )
          continue;
        if (this.count >= this.max) {
          if (!this.stopped) this.notes.push({ kind: 'limit', message: `stopped the scan after ${this.max} files` });
          this.stopped = true;
          return [];
        }
        this.count++;
        this.onFile(dir, name, relDir, ignored);
      }
      // Symbolic links (and sockets, fifos, devices) are never followed or read.
    }
    return subdirs;
  }
}

/**
 * The levels in force above the root's own .gitignore: git's core.excludesFile and
 * .git/info/exclude, at the top of a work tree.
 */
export function rootLevels(root: string): Level[] {
  const r = walkRoot(root);
  // Scanning a folder inside a repository (`cd sub && keydoctor scan .`): the work tree's rules from
  // above apply there as they do to the doctor (the root's *.env covers sub/.env).
  const above = ancestorIgnores(r);
  return (above.length ? above : repoIgnores(r).map(({ ig }) => ig)).map((ig) => ({ base: '', ig }));
}

/** A folder to start a walk from (relative to the root). */
export interface WalkStart {
  relDir: string;
  /** Inside a build-output folder (dist/, .next/, ...). */
  inBundle: boolean;
  /** A folder above is ignored (it is walked as build output). */
  ignored?: boolean;
  /** The .gitignore levels in force (none: no rule applies above it). */
  levels?: Level[];
  /** Its own .gitignore is among `levels` already. */
  own?: boolean;
}

/**
 * Walks depth first from the root, or from `starts` (folders the native walk left to this one);
 * returns the number of files given to onFile.
 */
export function walkScan(
  root: string,
  notes: Note[],
  opts: ScanWalkOptions,
  onFile: OnFile,
  list: Lister = listDirents,
  onPlain?: OnPlain,
  starts?: WalkStart[],
): number {
  const walk = new Walk(notes, opts, onFile, onPlain);
  const visit = (job: DirJob): void => {
    if (walk.stopped) return;
    let listing: Listing;
    try {
      listing = list(job.dir);
    } catch (e) {
      walk.unreadable(job, e);
      return;
    }
    for (const sub of walk.folder(job, listing)) visit(sub);
  };
  const base = walkRoot(root);
  if (!starts)
    visit({ dir: base, relDir: '', levels: opts.noIgnore ? [] : rootLevels(root), ignored: false, inBundle: false });
  else
    for (const s of starts)
      visit({
        dir: s.relDir ? `${base}/${s.relDir}` : base,
        relDir: s.relDir,
        levels: s.levels ?? [],
        ignored: s.ignored ?? false,
        inBundle: s.inBundle,
        own: s.own,
      });
  return walk.count;
}

/** The root as the walk writes it at the start of every folder path (no trailing slash). */
export function walkRoot(root: string): string {
  return root.length > 1 && root.endsWith('/') ? root.slice(0, -1) : root;
}

/** A file's path relative to the root, from the arguments the walk gives. */
export function relOf(relDir: string, name: string): string {
  return relDir ? `${relDir}/${name}` : name;
}
