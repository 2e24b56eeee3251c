/**
 * .gitignore rules for the walks. The project walk and the scan walk read the same .gitignore
 * files and test the same paths: one `ignore` instance per file and content serves both, so the
 * second walk's tests come from the first one's cache.
 *
 * At the top of a git work tree, git also applies `.git/info/exclude` and the file named by
 * `core.excludesFile` (default `~/.config/git/ignore`), below every .gitignore: repoIgnores() gives
 * them, outermost first, for the walks to put before the root's .gitignore.
 *
 * The native walk (native/ignore.c) matches the regular expressions this package compiles, which
 * nativeRules() reads off an instance, so both walks decide alike (test/scan/ignore-native.test.ts).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { readFileLimited } from '../core/read-file.js';
import { nativeAddon } from '../native/addon.js';

/** A .gitignore larger than this is not read (the walk notes it as unreadable). */
const MAX_GITIGNORE = 4 << 20;
import { nodeRequire } from '../core/require.js';
import type { Ignore } from 'ignore';

// Loaded with require: importing the CommonJS package from ESM costs a parse of its source for named exports.
let factory: (() => Ignore) | undefined;
const cache = new Map<string, { text: string; ig: Ignore; utf16: boolean }>();

/**
 * A .gitignore saved as UTF-16 (PowerShell's `echo .env > .gitignore` on Windows PowerShell 5):
 * git reads its bytes as they are, so `.\0e\0n\0v` matches nothing and none of its rules apply.
 * The walks read it the same way; this says why.
 */
function looksUtf16(buf: Buffer): boolean {
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) return true;
  return buf.subarray(0, 512).includes(0);
}

/** Whether the .gitignore at `path`, as gitignoreAt last read it, is UTF-16 (or otherwise holds NUL bytes). */
export function gitignoreUnreadableByGit(path: string): boolean {
  return cache.get(path)?.utf16 === true;
}

/** The rules of the .gitignore at `path` (throws when it cannot be read). */
export function gitignoreAt(path: string): Ignore {
  const buf = readFileLimited(path, MAX_GITIGNORE);
  if (typeof buf === 'number') throw Object.assign(new Error(`.gitignore of ${buf} bytes`), { code: 'EFBIG' });
  const text = buf.toString('utf8');
  const hit = cache.get(path);
  if (hit && hit.text === text) return hit.ig;
  factory ??= nodeRequire()('ignore') as () => Ignore;
  const ig = factory().add(text);
  cache.set(path, { text, ig, utf16: looksUtf16(buf) });
  return ig;
}

/** The rules of an ignore file's text (tests; the walks use gitignoreAt). */
export function ignoreOf(text: string): Ignore {
  factory ??= nodeRequire()('ignore') as () => Ignore;
  return factory().add(text);
}

/** Where to look for git's own ignore settings (tests pass their own). */
export interface RepoIgnoreEnv {
  env?: NodeJS.ProcessEnv;
  home?: string;
}

/**
 * git's ignore files below the .gitignore files of the work tree whose top is `root` (nothing when
 * `root` holds no `.git`): the `core.excludesFile` one, then `.git/info/exclude` (later wins, as
 * the levels of the walks go). Files that are absent or unreadable are passed over.
 */
export function repoIgnores(root: string, where: RepoIgnoreEnv = {}): Array<{ path: string; ig: Ignore }> {
  const dirs = gitDirs(root);
  if (!dirs) return [];
  const env = where.env ?? process.env;
  const home = where.home ?? env.HOME ?? homedir();
  const out: Array<{ path: string; ig: Ignore }> = [];
  const xdg = env.XDG_CONFIG_HOME ? env.XDG_CONFIG_HOME : join(home, '.config');
  let excludes: string | undefined = join(xdg, 'git', 'ignore');
  const configured = excludesFileSetting(dirs.common, env, home, xdg);
  if (configured !== undefined) excludes = configured === '' ? undefined : expandPath(configured, home, root);
  for (const path of [excludes, join(dirs.common, 'info', 'exclude')]) {
    if (!path) continue;
    try {
      out.push({ path, ig: gitignoreAt(path) });
    } catch {
      // absent or unreadable: git passes it over too
    }
  }
  return out;
}

/**
 * Where `root` is a folder inside a git work tree (not its top), the rules in force there from above:
 * git's own ignore files of the work tree, then each .gitignore from the top down to root's parent,
 * as rules for paths relative to root. A rule without a slash (`.env`, `*.env`, `node_modules/`)
 * applies at any depth, so as it is; an anchored one applies when it names a path under root (it is
 * re-anchored there); other anchored rules (`apps/*\/.env`) are left out. The home folder is never
 * taken for a work tree's top (a dotfiles repository ignoring `*` would hide the whole project).
 */
export function ancestorIgnores(root: string, where: RepoIgnoreEnv = {}): Ignore[] {
  const env = where.env ?? process.env;
  const home = resolve(where.home ?? env.HOME ?? homedir());
  const abs = resolve(root);
  if (existsSync(join(abs, '.git'))) return [];
  const chain: string[] = [];
  let top: string | undefined;
  for (let d = dirname(abs); d !== home; d = dirname(d)) {
    chain.unshift(d);
    if (existsSync(join(d, '.git'))) {
      top = d;
      break;
    }
    if (dirname(d) === d) break;
  }
  if (!top) return [];
  const out: Ignore[] = repoIgnores(top, where).map((x) => x.ig);
  for (const d of chain) {
    let text: string;
    try {
      const buf = readFileLimited(join(d, '.gitignore'), MAX_GITIGNORE);
      if (typeof buf === 'number') continue;
      text = buf.toString('utf8');
    } catch {
      continue;
    }
    const prefix = `${abs
      .slice(d.length + 1)
      .split('\\')
      .join('/')}/`;
    const lines: string[] = [];
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trimEnd();
      if (!line || line.startsWith('#')) continue;
      const neg = line.startsWith('!');
      const body = neg ? line.slice(1) : line;
      const core = body.endsWith('/') ? body.slice(0, -1) : body;
      if (!core.includes('/') || core.startsWith('**/')) {
        lines.push(line);
        continue;
      }
      const anchored = core.startsWith('/') ? core.slice(1) : core;
      if (anchored.startsWith(prefix))
        lines.push(`${neg ? '!' : ''}/${anchored.slice(prefix.length)}${body.endsWith('/') ? '/' : ''}`);
    }
    if (lines.length > 0) out.push(ignoreOf(lines.join('\n')));
  }
  return out;
}

/** The `.git` folder of a work tree's top and the common folder (where info/ and config live). */
function gitDirs(root: string): { git: string; common: string } | undefined {
  const dotgit = join(root, '.git');
  let st;
  try {
    st = statSync(dotgit);
  } catch {
    return undefined;
  }
  if (st.isDirectory()) return { git: dotgit, common: dotgit };
  if (!st.isFile()) return undefined;
  // A linked work tree or a submodule: `gitdir: <path>`, and the common folder in `commondir`.
  try {
    const m = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotgit, 'utf8'));
    if (!m?.[1]) return undefined;
    const git = resolve(root, m[1]);
    let common = git;
    const cd = join(git, 'commondir');
    if (existsSync(cd)) common = resolve(git, readFileSync(cd, 'utf8').trim());
    return { git, common };
  } catch {
    return undefined;
  }
}

function expandPath(p: string, home: string, root: string): string {
  if (p === '~') return home;
  if (p.startsWith('~/')) return join(home, p.slice(2));
  return isAbsolute(p) ? p : resolve(root, p);
}

/**
 * core.excludesFile from git's config files in git's order (system, global, the repository's),
 * the last one set winning; `[include] path` is followed (`[includeIf]` is not: its conditions are
 * git's to judge). undefined when unset.
 */
function excludesFileSetting(common: string, env: NodeJS.ProcessEnv, home: string, xdg: string): string | undefined {
  const files: string[] = [];
  if (!/^(?:1|true|yes|on)$/i.test(env.GIT_CONFIG_NOSYSTEM ?? ''))
    files.push(env.GIT_CONFIG_SYSTEM ?? '/etc/gitconfig');
  if (env.GIT_CONFIG_GLOBAL !== undefined) files.push(env.GIT_CONFIG_GLOBAL);
  else files.push(join(xdg, 'git', 'config'), join(home, '.gitconfig'));
  files.push(join(common, 'config'));
  let value: string | undefined;
  const read = (file: string, depth: number): void => {
    let text: string;
    try {
      const buf = readFileLimited(file, 1 << 20);
      if (typeof buf === 'number') return;
      text = buf.toString('utf8');
    } catch {
      return;
    }
    for (const [section, key, v] of gitConfigEntries(text)) {
      if (section === 'core' && key === 'excludesfile') value = v ?? '';
      else if (section === 'include' && key === 'path' && v && depth < 10)
        read(expandPath(v, home, dirname(file)), depth + 1);
    }
  };
  for (const f of files) read(f, 0);
  return value;
}

/**
 * The entries of a git config file as [section (lower case, with `.subsection` when there is one),
 * key (lower case), value (undefined for a bare key)]: git's syntax of sections, quoting, escapes,
 * comments and continued lines.
 */
export function gitConfigEntries(text: string): Array<[string, string, string | undefined]> {
  const out: Array<[string, string, string | undefined]> = [];
  let section = '';
  let i = 0;
  const n = text.length;
  const skipBlank = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
  };
  const skipLine = () => {
    while (i < n && text[i] !== '\n') i++;
  };
  while (i < n) {
    skipBlank();
    const c = text[i];
    if (c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#' || c === ';') {
      skipLine();
      continue;
    }
    if (c === '[') {
      const end = text.indexOf(']', i);
      if (end < 0) break;
      const head = text.slice(i + 1, end);
      const m = /^\s*([A-Za-z0-9.-]+)\s*(?:"((?:[^"\\]|\\.)*)")?\s*$/.exec(head);
      if (!m) {
        section = '\0'; // a header git would refuse: nothing below it counts
      } else {
        const name = (m[1] as string).toLowerCase();
        section = m[2] !== undefined ? `${name}.${m[2].replace(/\\(.)/g, '$1')}` : name;
      }
      i = end + 1;
      continue;
    }
    const km = /^[A-Za-z][A-Za-z0-9-]*/.exec(text.slice(i, i + 256));
    if (!km) {
      skipLine();
      continue;
    }
    const key = km[0].toLowerCase();
    i += km[0].length;
    skipBlank();
    if (text[i] !== '=') {
      out.push([section, key, undefined]);
      skipLine();
      continue;
    }
    i++;
    skipBlank();
    let value = '';
    let quoted = false;
    let pendingSpace = '';
    while (i < n) {
      const ch = text[i] as string;
      if (ch === '\n') break;
      if (!quoted && (ch === '#' || ch === ';')) {
        skipLine();
        break;
      }
      if (ch === '\\') {
        const nx = text[i + 1];
        if (nx === '\n' || (nx === '\r' && text[i + 2] === '\n')) {
          i += nx === '\n' ? 2 : 3;
          continue;
        }
        value += pendingSpace + (nx === 'n' ? '\n' : nx === 't' ? '\t' : nx === 'b' ? '\b' : (nx ?? ''));
        pendingSpace = '';
        i += 2;
        continue;
      }
      if (ch === '"') {
        quoted = !quoted;
        i++;
        continue;
      }
      if (!quoted && (ch === ' ' || ch === '\t' || ch === '\r')) {
        pendingSpace += ch === '\r' ? '' : ch;
        i++;
        continue;
      }
      value += pendingSpace + ch;
      pendingSpace = '';
      i++;
    }
    out.push([section, key, value]);
  }
  return out;
}

/** A rule as the native walk takes it: the package's regular expression source, negated, basename-only, case-insensitive. */
export type NativeRule = [source: string, negative: boolean, basenameOnly: boolean, ignoreCase: boolean];

/**
 * The compiled rules of an instance, as the `ignore` package's test() uses them, for the native
 * walk: each rule's regular expression, whether it negates and is basename-only, and whether the
 * set hands basename-only rules the last segment (the package's own speed-up, kept so both sides
 * test the same strings). These are the package's internals: undefined when they are not as
 * expected (another version), and the JavaScript walk then keeps the rules.
 */
export function nativeRules(ig: Ignore): { rules: NativeRule[]; shortcut: boolean } | undefined {
  try {
    const manager = (ig as unknown as { _rules?: { _rules?: unknown; _basenameCount?: unknown } })._rules;
    const list = manager?._rules;
    if (!Array.isArray(list) || typeof manager?._basenameCount !== 'number') return undefined;
    const rules: NativeRule[] = [];
    for (const r of list as Array<{ regex?: unknown; negative?: unknown; _basenameOnly?: unknown }>) {
      const re = r.regex;
      if (!(re instanceof RegExp) || typeof r.negative !== 'boolean' || typeof r._basenameOnly !== 'boolean')
        return undefined;
      if (re.flags !== '' && re.flags !== 'i') return undefined;
      rules.push([re.source, r.negative, r._basenameOnly, re.flags === 'i']);
    }
    return { rules, shortcut: manager._basenameCount * 2 >= list.length };
  } catch {
    return undefined;
  }
}

/** What testMany gives for each path: as the package's test() says, no rule decides, ignored, or unignored (a negation). */
export const TEST_NONE = 0;
export const TEST_IGNORED = 1;
export const TEST_UNIGNORED = 2;

const rulesetIds = new WeakMap<Ignore, number>();

/**
 * One rule set's test() of many paths (a folder's entries, relative to the rule set's folder, a
 * folder's with a trailing slash) whose parent folders the rule set does not ignore (the caller
 * knows that from its walk; where a parent is ignored, test() says ignored without asking the
 * rules): TEST_NONE, TEST_IGNORED or TEST_UNIGNORED for each. With the native addon (and `native`
 * not false) one call tests them all with the same compiled rules (native/ignore.c, held equal to
 * the package by test/scan/ignore-native.test.ts); a path it cannot take, and every path without
 * the addon, goes through the package's test().
 */
export function testMany(ig: Ignore, paths: readonly string[], native = true): Uint8Array {
  let out: Uint8Array | undefined;
  const addon = native && paths.length > 0 ? nativeAddon() : undefined;
  if (addon?.addRules && addon.testRules) {
    let id = rulesetIds.get(ig);
    if (id === undefined) {
      const r = nativeRules(ig);
      id = r ? addon.addRules(r.rules, r.shortcut) : -1;
      rulesetIds.set(ig, id);
    }
    if (id >= 0) {
      try {
        out = addon.testRules(id, paths as string[]);
      } catch {
        out = undefined;
      }
    }
  }
  out ??= new Uint8Array(paths.length).fill(255);
  for (let i = 0; i < paths.length; i++) {
    if (out[i] !== 255) continue;
    const t = ig.test(paths[i] as string);
    out[i] = t.ignored ? TEST_IGNORED : t.unignored ? TEST_UNIGNORED : TEST_NONE;
  }
  return out;
}
