/**
 * The project's file listing: one walk, respecting .gitignore (nested ones included), never
 * following symlinked folders (so loops cannot happen), skipping folders no user file lives in.
 * Ignored files that sit in walked folders are listed with `ignored: true` (a .env file usually is).
 */
import { join, relative, sep } from 'node:path';
import type { Ignore } from 'ignore';
import type { Note } from '../core/types.js';
import { ENTRY_DIR, ENTRY_FILE, allEntries, listDirents, type Lister, type Listing } from './listing.js';
import { nativePrefilter } from '../scan/native.js';
import { gitignoreAt } from './gitignore.js';

export interface ProjectFile {
  /** Absolute path. */
  path: string;
  /** Relative to the root, with forward slashes. */
  rel: string;
  /** Matched by a .gitignore (or a default-skip rule). */
  ignored: boolean;
}

/** Folders never walked: dependency trees, caches, VCS internals. */
export const ALWAYS_SKIP = new Set(['.git', 'node_modules', '.hg', '.svn', '__pycache__', '.venv', 'venv', '.tox', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.cache', '.yarn', '.pnpm-store', 'bower_components', '.terraform', '.gradle', '.idea', '.DS_Store', '.keydoctor']);

export interface WalkOptions {
  /** Include files under ignored folders too (scan --no-ignore). */
  noIgnore?: boolean;
  /** Stop after this many files (a note says so). */
  maxFiles?: number;
  /** Extra folder names to skip. */
  skipDirs?: Set<string>;
  /** How folders are listed (default: the native addon's listDir where built, else readdir). */
  list?: Lister;
}

/** A .gitignore in force: its folder relative to the root ('' = the root) and its rules. */
interface Level { baseRel: string; ig: Ignore }

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
      notes.push({ kind: 'unreadable', path: dirRel || '.', message: `cannot list folder: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
      return;
    }
    const { names, kinds } = allEntries(listing);
    let here = levels;
    if (!opts.noIgnore && names.some((n, i) => n === '.gitignore' && kinds[i] === ENTRY_FILE)) {
      try {
        const ig = gitignoreAt(join(dir, '.gitignore'));
        here = [...levels, { baseRel: dirRel, ig }];
      } catch {
        notes.push({ kind: 'unreadable', path: dirRel ? `${dirRel}/.gitignore` : '.gitignore', message: 'cannot read .gitignore' });
      }
    }
    for (let i = 0; i < names.length; i++) {
      if (out.length >= max) {
        notes.push({ kind: 'limit', message: `stopped listing after ${max} files` });
        return;
      }
      // Symbolic links (kind 0, like sockets and devices) are never followed: no loops, no escapes.
      const name = names[i] as string;
      const kind = kinds[i];
      const entryRel = dirRel ? `${dirRel}/${name}` : name;
      if (kind === ENTRY_DIR) {
        if (ALWAYS_SKIP.has(name) || opts.skipDirs?.has(name)) continue;
        const ignored = parentIgnored || isIgnored(here, entryRel, true);
        if (ignored && !opts.noIgnore) continue;
        visit(`${dir}/${name}`, entryRel, here, ignored);
      } else if (kind === ENTRY_FILE) {
        const ignored = parentIgnored || isIgnored(here, entryRel, false);
        out.push({ path: `${dir}/${name}`, rel: entryRel, ignored });
      }
    }
  };
  visit(base, '', [], false);
  return out;
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
  const levels: Level[] = [];
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
