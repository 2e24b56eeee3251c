/**
 * The rules no fix may break, checked for every planned file before anything is written:
 * - edit only inside the project, or HOME's shell start-up files (never `node_modules`, virtualenvs,
 *   `.git`, vendored code);
 * - never follow a symlink out of them (a link is written at its target only when the target is
 *   inside the same area);
 * - a file a dotfile manager owns is named: chezmoi's target files and home-manager's links into
 *   /nix/store are left alone, with the command that edits their source; a GNU stow link is written
 *   at its target, which is the package's source file (the link stays a link);
 * - never write a key into a file git tracks or does not ignore, nor into code: a fix may remove
 *   characters around a key already in a file, but a key that is not in the file already (set-key)
 *   goes only into git-ignored files and HOME start-up files outside any repository.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readlinkSync, realpathSync, lstatSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { inside, realTarget } from './content.js';
import { gitignoreCovers } from '../collect/files.js';

/** Path segments never edited. */
const NEVER_DIRS = new Set([
  'node_modules',
  '.git',
  '.venv',
  'venv',
  'site-packages',
  'dist-packages',
  'vendor',
  'bower_components',
  '.tox',
  '__pypackages__',
  '.keydoctor',
]);

export interface GuardContext {
  root: string;
  home: string;
  /** Absolute paths of HOME start-up files the doctor read (shell-rc, fish, sourced files). */
  startupFiles: Set<string>;
  env: Record<string, string | undefined>;
}

export interface Verdict {
  ok: boolean;
  reason?: string;
  /** What to do instead (the dotfile manager's command). */
  instead?: string;
  /** Said with the change when it is allowed (a stow link: the change goes to the package's file). */
  note?: string;
}

const OK: Verdict = { ok: true };

function segments(dir: string, abs: string): string[] {
  return relative(dir, abs).split(sep);
}

/** Where a path may be edited: 'project', 'home' (a start-up file), or a reason it may not. */
export function area(ctx: GuardContext, abs: string): { area: 'project' | 'home' } | { reason: string } {
  if (inside(ctx.root, abs)) {
    const bad = segments(ctx.root, abs).find((s) => NEVER_DIRS.has(s));
    if (bad) return { reason: `it is inside ${bad}/, which keydoctor never edits (installed or generated files)` };
    return { area: 'project' };
  }
  if (inside(ctx.home, abs) && ctx.startupFiles.has(abs)) return { area: 'home' };
  if (inside(ctx.home, abs)) return { reason: 'it is outside the project and not a shell start-up file' };
  return { reason: 'it is outside the project and HOME' };
}

/** chezmoi's source folder, when chezmoi is in use. */
function chezmoiSource(ctx: GuardContext): string | undefined {
  const data =
    ctx.env.XDG_DATA_HOME && isAbsolute(ctx.env.XDG_DATA_HOME)
      ? ctx.env.XDG_DATA_HOME
      : join(ctx.home, '.local', 'share');
  const dir = join(data, 'chezmoi');
  return existsSync(dir) ? dir : undefined;
}

/** chezmoi's source file name for one path component: `.zshrc` → `dot_zshrc` (with attribute prefixes and suffixes allowed). */
function chezmoiMatches(sourceName: string, name: string): boolean {
  let s = sourceName.replace(/\.(tmpl|age|asc)$/, '');
  for (;;) {
    const m =
      /^(private_|readonly_|empty_|executable_|create_|modify_|encrypted_|exact_|external_|remove_|once_|onchange_|before_|after_|literal_)/.exec(
        s,
      );
    if (!m) break;
    s = s.slice(m[0].length);
  }
  const want = name.startsWith('.') ? `dot_${name.slice(1)}` : name;
  return s === want;
}

function chezmoiManaged(ctx: GuardContext, abs: string): string | undefined {
  const src = chezmoiSource(ctx);
  if (!src) return undefined;
  const parts = segments(ctx.home, abs);
  let dir = src;
  for (let i = 0; i < parts.length; i++) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return undefined;
    }
    const hit = names.find((n) => chezmoiMatches(n, parts[i] as string));
    if (!hit) return undefined;
    dir = join(dir, hit);
  }
  return dir;
}

/** A GNU stow link: a relative symlink (at the file or a parent) into `<stow dir>/<package>/<same path>`. */
function stowManaged(ctx: GuardContext, abs: string): { source: string; pkg: string; stowDir: string } | undefined {
  const parts = segments(ctx.home, abs);
  for (let i = 0; i < parts.length; i++) {
    const linkPath = join(ctx.home, ...parts.slice(0, i + 1));
    let st;
    try {
      st = lstatSync(linkPath);
    } catch {
      return undefined;
    }
    if (!st.isSymbolicLink()) continue;
    const raw = readlinkSync(linkPath);
    if (isAbsolute(raw)) return undefined;
    let real: string;
    try {
      real = realpathSync(linkPath);
    } catch {
      return undefined;
    }
    const tail = parts.slice(0, i + 1).join(sep);
    if (!real.endsWith(sep + tail)) return undefined;
    const pkgDir = real.slice(0, real.length - tail.length - 1);
    const stowDir = dirname(pkgDir);
    if (!inside(ctx.home, stowDir)) return undefined;
    return { source: join(real, ...parts.slice(i + 1)), pkg: basename(pkgDir), stowDir };
  }
  return undefined;
}

/** The dotfile manager that owns a HOME file, if any, with what to do instead. */
export function dotfileManager(ctx: GuardContext, abs: string): Verdict {
  let real: string | undefined;
  try {
    real = realpathSync(abs);
  } catch {
    real = undefined;
  }
  if (real && (real.startsWith('/nix/store/') || /\/\.nix-profile\//.test(real))) {
    return {
      ok: false,
      reason: `it is managed by home-manager (a link into ${real.startsWith('/nix/store/') ? '/nix/store' : 'the nix profile'})`,
      instead:
        'change the setting in your home-manager configuration (home.nix: programs.<shell> or home.sessionVariables), then run `home-manager switch`',
    };
  }
  const chez = chezmoiManaged(ctx, abs);
  if (chez)
    return {
      ok: false,
      reason: `it is managed by chezmoi (source ${displayHome(ctx, chez)}): chezmoi apply would undo the change`,
      instead: `chezmoi edit ${displayHome(ctx, abs)} (then chezmoi apply)`,
    };
  const stow = stowManaged(ctx, abs);
  if (stow) {
    // The link's target is the file stow manages: writing it edits the source, and the link stays.
    const src = real ?? stow.source;
    return {
      ok: true,
      note: `a GNU stow link: the change goes to its source ${displayHome(ctx, src)} (package ${stow.pkg} of ${displayHome(ctx, stow.stowDir)}); commit it in your dotfiles repository if it is one`,
    };
  }
  return OK;
}

function displayHome(ctx: GuardContext, p: string): string {
  return inside(ctx.home, p) ? `~/${relative(ctx.home, p).split(sep).join('/')}` : p;
}

/** Where a file may be written at all (area, symlinks, dotfile managers). */
export function mayEdit(ctx: GuardContext, abs: string): Verdict {
  const a = area(ctx, abs);
  if ('reason' in a) return { ok: false, reason: a.reason };
  let note: string | undefined;
  if (a.area === 'home') {
    const m = dotfileManager(ctx, abs);
    if (!m.ok) return m;
    note = m.note;
  }
  const real = realTarget(abs);
  if (real !== abs) {
    const base = a.area === 'project' ? realTarget(ctx.root) : realTarget(ctx.home);
    if (!inside(base, real))
      return {
        ok: false,
        reason: `it is a symlink to ${real}, outside the ${a.area === 'project' ? 'project' : 'home folder'}: keydoctor does not follow it`,
      };
    if (a.area === 'project') {
      const bad = segments(base, real).find((s) => NEVER_DIRS.has(s));
      if (bad) return { ok: false, reason: `it is a symlink into ${bad}/` };
    }
  }
  return note ? { ok: true, note } : OK;
}

// ---------------------------------------------------------------------------------------------
// git: tracked and ignored

function git(cwd: string, args: string[]): { ok: boolean; out: string } {
  try {
    return {
      ok: true,
      out: execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'ignore'], timeout: 10000 }).toString('utf8'),
    };
  } catch {
    return { ok: false, out: '' };
  }
}

/** The git work tree holding a path, if any. */
export function workTreeOf(abs: string): string | undefined {
  let dir = dirname(abs);
  while (!existsSync(dir)) {
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  const r = git(dir, ['rev-parse', '--show-toplevel']);
  return r.ok ? r.out.trim() || undefined : undefined;
}

export interface GitStatus {
  repo?: string;
  tracked: boolean;
  ignored: boolean;
}

/** Whether git tracks or ignores a file (by git itself where there is a repository, else by the project's .gitignore files). */
export function gitStatus(root: string, abs: string): GitStatus {
  const real = realTarget(abs);
  const repo = workTreeOf(real);
  if (!repo) {
    if (inside(root, abs))
      return { tracked: false, ignored: gitignoreCovers(root, relative(root, abs).split(sep).join('/')) };
    return { tracked: false, ignored: false };
  }
  const rel = relative(repo, real);
  const tracked = git(repo, ['ls-files', '--error-unmatch', '--', rel]).ok;
  const ignored = !tracked && git(repo, ['check-ignore', '-q', '--', rel]).ok;
  return { repo, tracked, ignored };
}

/** Whether a key may be written into this file (set-key, or a fix that adds a key the file did not hold). */
export function mayWriteKey(ctx: GuardContext, abs: string, isCode: boolean, willBeIgnored = false): Verdict {
  if (isCode)
    return { ok: false, reason: 'it is code: a key in code ends up in the repository and in every copy of it' };
  const a = area(ctx, abs);
  if ('reason' in a) return { ok: false, reason: a.reason };
  const st = gitStatus(ctx.root, abs);
  if (st.tracked)
    return {
      ok: false,
      reason: 'git tracks it: the key would be committed',
      instead: 'keep the key in a git-ignored file (.env) or the environment',
    };
  if (a.area === 'home' && !st.repo) return OK;
  if (!st.ignored && !willBeIgnored)
    return {
      ok: false,
      reason: st.repo
        ? 'git does not ignore it: the next `git add .` would commit the key'
        : 'no .gitignore rule covers it: if this folder becomes a repository, `git add .` commits the key',
      instead: 'add it to .gitignore first (keydoctor fix does that for dotenv files)',
    };
  return OK;
}
