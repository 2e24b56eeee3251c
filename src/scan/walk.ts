/**
 * The scanner's file walk: the working tree, respecting .gitignore (nested ones too) unless
 * `noIgnore`. Never follows symlinks (no loops, no escapes). Two exceptions to .gitignore, because
 * they are where leaks hide: dotenv files (listed with `ignored: true`, the exposure checks decide)
 * and build-output folders (`dist/`, `.next/`, `build/`, `out/`: what ships to users).
 * Streams files to a callback so reading can start before the walk ends.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Ignore } from 'ignore';
import type { Note } from '../core/types.js';
import { BUNDLE_DIRS, BUNDLE_SKIP, isBundleFile, isEnvFile } from './paths.js';

/**
 * Folders never walked: the same list as ALWAYS_SKIP in collect/files.ts (a test keeps them equal),
 * repeated here so the scan does not load that module and the `ignore` package unless a .gitignore
 * is actually found (start-up time is part of every scan).
 */
export const SKIP_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn', '__pycache__', '.venv', 'venv', '.tox', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.cache', '.yarn', '.pnpm-store', 'bower_components', '.terraform', '.gradle', '.idea', '.DS_Store']);

let ignoreFactory: ((options?: object) => Ignore) | undefined;
function makeIgnore(): Ignore {
  ignoreFactory ??= createRequire(import.meta.url)('ignore') as (options?: object) => Ignore;
  return ignoreFactory();
}

export interface WalkedFile {
  abs: string;
  rel: string;
  /** Matched by a .gitignore (scanned only because it is a dotenv file or build output, or --no-ignore). */
  ignored: boolean;
}

export interface ScanWalkOptions {
  noIgnore?: boolean;
  /** Stop after this many files (a note says so). */
  maxFiles?: number;
  /** Scan build-output folders even when ignored (default true). */
  bundles?: boolean;
}

interface Level {
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

export function walkScan(root: string, notes: Note[], opts: ScanWalkOptions, onFile: (f: WalkedFile) => void): number {
  const max = opts.maxFiles ?? 500_000;
  const bundles = opts.bundles !== false;
  let count = 0;
  let stopped = false;
  const visit = (dir: string, relDir: string, levels: Level[], parentIgnored: boolean, inBundle: boolean): void => {
    if (stopped) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      notes.push({ kind: 'unreadable', path: relDir || '.', message: `cannot list folder: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
      return;
    }
    let here = levels;
    if (!opts.noIgnore) {
      for (const e of entries) {
        if (e.name !== '.gitignore' || !e.isFile()) continue;
        try {
          here = [...levels, { base: relDir ? relDir + '/' : '', ig: makeIgnore().add(readFileSync(join(dir, '.gitignore'), 'utf8')) }];
        } catch {
          notes.push({ kind: 'unreadable', path: relDir ? `${relDir}/.gitignore` : '.gitignore', message: 'cannot read .gitignore' });
        }
      }
    }
    const checkIgnore = here.length > 0 && !opts.noIgnore;
    const subdirs: Array<[string, string, boolean, boolean]> = [];
    for (const e of entries) {
      const rel = relDir ? `${relDir}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (SKIP_DIRS.has(e.name)) continue;
        if (inBundle && BUNDLE_SKIP.has(e.name)) continue;
        const ignored = parentIgnored || (checkIgnore && test(here, rel, true));
        const bundle = inBundle || BUNDLE_DIRS.has(e.name);
        if (ignored && !opts.noIgnore && !(bundles && bundle)) continue;
        subdirs.push([`${dir}/${e.name}`, rel, ignored, bundle]);
      } else if (e.isFile()) {
        const ignored = parentIgnored || (checkIgnore && test(here, rel, false));
        // An ignored file is scanned only when it is a dotenv file or shipped build output (or --no-ignore).
        if (ignored && !opts.noIgnore && !isEnvFile(rel) && !(inBundle && isBundleFile(rel))) continue;
        if (count >= max) {
          if (!stopped) notes.push({ kind: 'limit', message: `stopped the scan after ${max} files` });
          stopped = true;
          return;
        }
        count++;
        onFile({ abs: `${dir}/${e.name}`, rel, ignored });
      }
      // Symbolic links (and sockets, fifos, devices) are never followed or read.
    }
    for (const [abs, rel, ignored, bundle] of subdirs) visit(abs, rel, here, ignored, bundle);
  };
  visit(root.length > 1 && root.endsWith('/') ? root.slice(0, -1) : root, '', [], false, false);
  return count;
}
