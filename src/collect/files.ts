/**
 * The project's file listing: one walk, respecting .gitignore (nested ones included, and at the top
 * of a git work tree .git/info/exclude and core.excludesFile), never
 * following symlinked folders (so loops cannot happen), skipping folders no user file lives in.
 * Ignored files that sit in walked folders are listed with `ignored: true` (a .env file usually is).
 */
import { lstatSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { Ignore } from 'ignore';
import type { Note } from '../core/types.js';
import { ENTRY_DIR, ENTRY_FILE, allEntries, listDirents, type Lister, type Listing } from '../fs/listing.js';
import { nativePrefilter } from '../scan/native.js';
import {
  TEST_IGNORED,
  TEST_UNIGNORED,
  gitignoreAt,
  gitignoreUnreadableByGit,
  repoIgnores,
  ancestorIgnores,
  testMany,
} from '../fs/gitignore.js';
import type { ProjectFile } from '../core/facts.js';
import { SKIP_DIRS } from '../fs/skip.js';

/** Folders never walked (src/fs/skip.ts, the one list the scan's walk uses too). */
export const ALWAYS_SKIP = SKIP_DIRS;

export interface WalkOptions {
  /** Include files under ignored folders too (scan --no-ignore). */
  noIgnore?: boolean;
  /** Stop after this many files (a note says so). */
  maxFiles?: number;
  /** Extra folder names to skip. */
  skipDirs?: Set<string>;
  /** How folders are listed (default: the native addon's listDir where built, else readdir). */
  list?: Lister;
  /**
   * Symbolic links to files with these names are followed when they point inside the project or
   * HOME (a `.env` linked to `config/dev.env` is what the loader reads); links elsewhere, and
   * FIFOs, devices or sockets with these names, become notes. Other links are never followed.
   */
  followLinks?: { names: (name: string) => boolean; home?: string };
  /** Test the .gitignore rules with the native addon where it is built (default true; false: the `ignore` package alone, for the tests that hold both equal). */
  nativeIgnore?: boolean;
}

/** A .gitignore in force: its folder relative to the root ('' = the root) and its rules. */
/**
 * A .gitignore in force: its folder relative to the root ('' = the root), its rules, and whether
 * they ignore the folder being listed or one above it (inside the level's folder): the package's
 * test() then says "ignored" for everything below, without asking the rules.
 */
interface Level {
  baseRel: string;
  ig: Ignore;
  under?: boolean;
}

export function walkProject(root: string, notes: Note[], opts: WalkOptions = {}): ProjectFile[] {
  const out: ProjectFile[] = [];
  const max = opts.maxFiles ?? 200_000;
  // Relative paths are carried down the walk (no path.relative per file: it was most of the walk's time).
  const list = opts.list ?? nativePrefilter()?.listDir ?? listDirents;
  const base = root.length > 1 && root.endsWith('/') ? root.slice(0, -1) : root;
  const visit = (dir: string, dirRel: string, levels: Level[], parentIgnored: boolean): void => {
    if (out.length >= max) return;
    let listing: Listing;
    try {
      listing = list(dir);
    } catch (e) {
      notes.push({
        kind: 'unreadable',
        path: dirRel || '.',
        message: `cannot list folder: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
      });
      return;
    }
    const { names, kinds } = allEntries(listing);
    let here = levels;
    if (!opts.noIgnore && names.some((n, i) => n === '.gitignore' && kinds[i] === ENTRY_FILE)) {
      try {
        const ig = gitignoreAt(join(dir, '.gitignore'));
        here = [...levels, { baseRel: dirRel, ig }];
        if (gitignoreUnreadableByGit(join(dir, '.gitignore')))
          notes.push({
            kind: 'encoding',
            path: dirRel ? `${dirRel}/.gitignore` : '.gitignore',
            message:
              'saved as UTF-16 (or holds NUL bytes): git reads it byte for byte, so none of its rules apply; save it as UTF-8',
          });
      } catch {
        notes.push({
          kind: 'unreadable',
          path: dirRel ? `${dirRel}/.gitignore` : '.gitignore',
          message: 'cannot read .gitignore',
        });
      }
    }
    // The entries the rules are asked about (folders walked, files, links followed), all of them
    // with one call per rule level (native where built): below an ignored folder nothing is asked.
    const decided =
      parentIgnored || here.length === 0
        ? undefined
        : ignoredEntries(
            here,
            dirRel,
            names,
            kinds,
            (n, k) =>
              k === ENTRY_DIR
                ? !(ALWAYS_SKIP.has(n) || opts.skipDirs?.has(n))
                : k === ENTRY_FILE || follow?.names(n) === true,
            native,
          );
    const ignoredAt = decided?.ignored;
    for (let i = 0; i < names.length; i++) {
      if (out.length >= max) {
        notes.push({ kind: 'limit', message: `stopped listing after ${max} files` });
        return;
      }
      // Symbolic links (kind 0, like sockets and devices) are never followed: no loops, no escapes.
      const name = names[i] as string;
      const kind = kinds[i];
      const entryRel = dirRel ? `${dirRel}/${name}` : name;
      const ignored = parentIgnored || ignoredAt?.[i] === 1;
      if (kind === ENTRY_DIR) {
        if (ALWAYS_SKIP.has(name) || opts.skipDirs?.has(name)) continue;
        if (ignored && !opts.noIgnore) continue;
        visit(`${dir}/${name}`, entryRel, decided ? levelsBelow(here, decided.byLevel, i) : here, ignored);
      } else if (kind === ENTRY_FILE) {
        out.push({ path: `${dir}/${name}`, rel: entryRel, ignored });
      } else if (follow?.names(name)) {
        const link = followLink(`${dir}/${name}`, entryRel, follow.realRoot, follow.realHome, notes);
        if (link !== undefined) out.push({ path: `${dir}/${name}`, rel: entryRel, ignored, link });
      }
    }
  };
  const native = opts.nativeIgnore !== false;
  const follow = opts.followLinks
    ? {
        names: opts.followLinks.names,
        realRoot: realOr(base),
        realHome: opts.followLinks.home ? realOr(opts.followLinks.home) : undefined,
      }
    : undefined;
  // At the top of a git work tree, git's own ignore files count below the .gitignore files.
  visit(
    base,
    '',
    opts.noIgnore
      ? []
      : [...ancestorIgnores(base), ...repoIgnores(base).map(({ ig }) => ig)].map((ig) => ({ baseRel: '', ig })),
    false,
  );
  return out;
}

function realOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

function within(parent: string, p: string): string | undefined {
  const r = relative(parent, p);
  return r !== '' && !r.startsWith('..') && !isAbsolute(r) ? r.split(sep).join('/') : undefined;
}

/**
 * A listed entry that is neither a plain file nor a folder, with a name the collectors read: a
 * symbolic link to a regular file inside the project or HOME gives where it points; anything else
 * (a link elsewhere, a dangling link, a FIFO, a device) gives a note and undefined.
 */
function followLink(
  abs: string,
  rel: string,
  realRoot: string,
  realHome: string | undefined,
  notes: Note[],
): string | undefined {
  let st;
  try {
    st = lstatSync(abs);
  } catch {
    return undefined;
  }
  if (!st.isSymbolicLink()) {
    const what = st.isFIFO()
      ? 'a FIFO (named pipe)'
      : st.isSocket()
        ? 'a socket'
        : st.isCharacterDevice() || st.isBlockDevice()
          ? 'a device'
          : 'not a regular file';
    notes.push({ kind: 'skipped', path: rel, message: `${what}, not a regular file: not read` });
    return undefined;
  }
  let target: string;
  try {
    target = realpathSync(abs);
  } catch (e) {
    notes.push({
      kind: 'skipped',
      path: rel,
      message: `a symbolic link that leads nowhere (${(e as NodeJS.ErrnoException).code ?? 'error'}): not read`,
    });
    return undefined;
  }
  const inRoot = within(realRoot, target);
  const inHome = inRoot === undefined && realHome ? within(realHome, target) : undefined;
  if (inRoot === undefined && inHome === undefined) {
    notes.push({
      kind: 'skipped',
      path: rel,
      message: `a symbolic link to ${target}, outside the project and your home folder: not followed (what the app loads from it is unknown to keydoctor)`,
    });
    return undefined;
  }
  let tst;
  try {
    tst = statSync(target);
  } catch {
    return undefined;
  }
  if (!tst.isFile()) {
    if (!tst.isDirectory())
      notes.push({
        kind: 'skipped',
        path: rel,
        message: `a symbolic link to ${inRoot ?? `~/${inHome}`}, which is not a regular file: not read`,
      });
    return undefined;
  }
  return inRoot ?? `~/${inHome}`;
}

/**
 * Which of a folder's entries the rule levels ignore (1) or not (0; 2 for an entry not asked about),
 * as isIgnored decides each: every level tests the entries it is asked about in one testMany call,
 * a later level's decision overriding an earlier one's.
 */
function ignoredEntries(
  levels: Level[],
  dirRel: string,
  names: readonly string[],
  kinds: ArrayLike<number>,
  asked: (name: string, kind: number) => boolean,
  native: boolean,
): { ignored: Uint8Array; byLevel: Array<Uint8Array | undefined> } {
  const ignored = new Uint8Array(names.length).fill(2);
  const byLevel: Array<Uint8Array | undefined> = [];
  const at: number[] = [];
  for (let i = 0; i < names.length; i++) if (asked(names[i] as string, kinds[i] as number)) at.push(i);
  if (at.length === 0) return { ignored, byLevel };
  for (const i of at) ignored[i] = 0;
  for (const l of levels) {
    if (l.under) {
      // the level ignores this folder: everything in it, whatever its own rules say
      for (const i of at) ignored[i] = 1;
      byLevel.push(undefined);
      continue;
    }
    // the entries' paths relative to the level's folder (which is dirRel or above it)
    const prefix = l.baseRel
      ? dirRel === l.baseRel
        ? ''
        : `${dirRel.slice(l.baseRel.length + 1)}/`
      : dirRel
        ? `${dirRel}/`
        : '';
    const paths = at.map((i) =>
      kinds[i] === ENTRY_DIR ? `${prefix}${names[i] as string}/` : `${prefix}${names[i] as string}`,
    );
    const got = testMany(l.ig, paths, native);
    const mine = new Uint8Array(names.length);
    at.forEach((i, k) => {
      mine[i] = got[k] as number;
      if (got[k] === TEST_IGNORED) ignored[i] = 1;
      else if (got[k] === TEST_UNIGNORED) ignored[i] = 0;
    });
    byLevel.push(mine);
  }
  return { ignored, byLevel };
}

/** The levels in force inside entry `i` (a folder): those that ignore it now ignore what is under it. */
function levelsBelow(levels: Level[], byLevel: Array<Uint8Array | undefined>, i: number): Level[] {
  let out: Level[] | undefined;
  levels.forEach((l, k) => {
    if (l.under || byLevel[k]?.[i] !== TEST_IGNORED) return;
    out ??= [...levels];
    out[k] = { ...l, under: true };
  });
  return out ?? levels;
}

/** `relPath` is relative to the root, with forward slashes; each level sees it relative to its own folder. */
function isIgnored(levels: Level[], relPath: string, isDir: boolean): boolean {
  let ignored = false;
  for (const l of levels) {
    const r = l.baseRel ? relPath.slice(l.baseRel.length + 1) : relPath;
    const t = l.ig.test(isDir ? r + '/' : r);
    if (t.ignored) ignored = true;
    else if (t.unignored) ignored = false;
  }
  return ignored;
}

/** Whether a (possibly non-existent) path would be ignored by the .gitignore files from root down. */
export function gitignoreCovers(root: string, relPath: string): boolean {
  const parts = relPath.split('/');
  const levels: Level[] = ancestorIgnores(root).map((ig) => ({ baseRel: '', ig }));
  for (let i = 0; i < parts.length; i++) {
    const baseRel = parts.slice(0, i).join('/');
    try {
      const ig = gitignoreAt(join(root, baseRel, '.gitignore'));
      levels.push({ baseRel, ig });
    } catch {
      // no .gitignore here
    }
  }
  return isIgnored(levels, parts.join('/'), false);
}

export function rel(root: string, abs: string): string {
  return relative(root, abs).split(sep).join('/');
}
